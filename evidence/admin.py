"""The evidence in the admin: the county edits the checklist; values and work are scoped."""

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin

from accounts.admin_mixins import ScopedAdminMixin
from evidence import models
from layers.admin import OfflineMapWidget


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    raw_id_fields = ["village"]


class ScopedMapAdmin(ScopedAdminMixin, GISModelAdmin):
    gis_widget = OfflineMapWidget
    gis_widget_kwargs = {
        "attrs": {"default_lon": 114.9, "default_lat": 35.9, "default_zoom": 10}
    }
    raw_id_fields = ["village"]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "star",
        "measure",
        "rule",
        "threshold",
        "unit",
        "decides_star",
        "is_demo",
    ]
    list_filter = ["star", "rule", "decides_star", "is_demo"]
    search_fields = ["code", "name"]
    ordering = ["star", "order", "code"]


@admin.register(models.TaskValue)
class TaskValueAdmin(ScopedAdmin):
    list_display = [
        "village",
        "year",
        "task",
        "number",
        "flag",
        "recorded_by",
        "recorded_at",
        "is_demo",
    ]
    list_filter = ["year", "task__star", "task", "is_demo"]
    search_fields = ["village__short_name", "village__code", "task__name"]
    list_select_related = ["village", "task", "recorded_by"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        obj.is_demo = False
        super().save_model(request, obj, form, change)


@admin.register(models.GridCell)
class GridCellAdmin(ScopedMapAdmin):
    list_display = [
        "code",
        "name",
        "village",
        "year",
        "worker",
        "households",
        "linked_households",
    ]
    list_filter = ["year", "is_demo"]
    search_fields = ["code", "name", "worker", "village__short_name"]


@admin.register(models.ThreeChangesPilot)
class ThreeChangesPilotAdmin(ScopedAdmin):
    list_display = ["village", "year", "form", "note"]
    list_filter = ["year", "form"]


@admin.register(models.Federation)
class FederationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "township", "year"]
    list_filter = ["year"]
    filter_horizontal = ["villages"]


@admin.register(models.MediationCentre)
class MediationCentreAdmin(ScopedMapAdmin):
    list_display = ["name", "village", "opened_year"]
    list_filter = ["opened_year"]
