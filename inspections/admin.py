from django.contrib.gis import admin

from inspections.models import InspectionGroup, Problem, RectificationNotice, Visit


@admin.register(InspectionGroup)
class InspectionGroupAdmin(admin.GISModelAdmin):
    list_display = ["name", "leader", "base_name"]


@admin.register(Visit)
class VisitAdmin(admin.GISModelAdmin):
    list_display = ["visited_on", "group", "village"]
    list_filter = ["group", "visited_on"]
    search_fields = ["village__short_name", "village__code"]
    raw_id_fields = ["village"]


class ProblemInline(admin.TabularInline):
    model = Problem
    extra = 0
    fields = [
        "seq",
        "star",
        "description",
        "status",
        "rectified_on",
        "closed_on",
        "closed_by",
    ]


@admin.register(RectificationNotice)
class RectificationNoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "village", "group", "issued_on", "deadline"]
    list_filter = ["group", "issued_on"]
    search_fields = ["number", "village__short_name"]
    raw_id_fields = ["village"]
    inlines = [ProblemInline]
