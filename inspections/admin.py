"""Inspection admin, scoped like every layer: a cadre sees and changes only the own
township's visits, notices and problems; every change shows in History."""

from django.contrib import admin

from inspections.models import InspectionGroup, Problem, RectificationNotice, Visit
from layers.admin import GuardedAdmin, MapAdmin


@admin.register(InspectionGroup)
class InspectionGroupAdmin(MapAdmin):
    list_display = ["name", "leader", "base_name"]


@admin.register(Visit)
class VisitAdmin(MapAdmin):
    list_display = ["visited_on", "group", "village"]
    list_filter = ["group", "visited_on", "village__township"]
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
class RectificationNoticeAdmin(GuardedAdmin):
    list_display = ["number", "village", "group", "issued_on", "deadline"]
    list_filter = ["group", "issued_on", "village__township"]
    search_fields = ["number", "village__short_name"]
    raw_id_fields = ["village"]
    inlines = [ProblemInline]


@admin.register(Problem)
class ProblemAdmin(GuardedAdmin):
    list_display = ["notice", "seq", "star", "status", "rectified_on", "closed_on"]
    list_filter = ["status", "star", "notice__village__township"]
    search_fields = ["notice__number", "description", "notice__village__short_name"]
    raw_id_fields = ["notice"]
    readonly_fields = ["closed_by_user"]  # set by whoever ticks it off, not picked
