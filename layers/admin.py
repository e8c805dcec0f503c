"""GIS admin for every campaign layer: filters by township, year, level and star; search.

Every admin here is scoped by the roles (accounts.admin_mixins) and shows the recorded
changes on its History page (history.admin_mixins).
"""

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.contrib.gis.forms.widgets import OSMWidget
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ScopedAdminMixin
from history.admin_mixins import HistoryAdminMixin, RatingCorrectionMixin
from layers import models


class OfflineMapWidget(OSMWidget):
    """Django's OpenLayers map widget with OpenLayers served locally (county intranets)."""

    class Media:
        extend = False  # replace Django's CDN links rather than add to them
        css = {"all": ("layers/vendor/ol-7.2.2/ol.css", "gis/css/ol3.css")}
        js = ("layers/vendor/ol-7.2.2/ol.js", "gis/js/OLMapWidget.js")


class GuardedAdmin(ScopedAdminMixin, HistoryAdminMixin, admin.ModelAdmin):
    pass


class MapAdmin(ScopedAdminMixin, HistoryAdminMixin, GISModelAdmin):
    gis_widget = OfflineMapWidget
    gis_widget_kwargs = {
        "attrs": {"default_lon": 114.9, "default_lat": 35.9, "default_zoom": 10}
    }


class StarFilter(admin.SimpleListFilter):
    title = _("star held")
    parameter_name = "star"

    def lookups(self, request, model_admin):
        return models.Star.choices

    def queryset(self, request, queryset):
        if self.value() in models.STAR_FIELDS:
            return queryset.filter(**{self.value(): True})
        return queryset


@admin.register(models.County)
class CountyAdmin(MapAdmin):
    list_display = ["code", "name", "source"]
    search_fields = ["code", "name"]


@admin.register(models.Township)
class TownshipAdmin(MapAdmin):
    list_display = ["code", "name", "kind", "is_schematic"]
    list_filter = ["kind", "is_schematic"]
    search_fields = ["code", "name"]


@admin.register(models.Village)
class VillageAdmin(MapAdmin):
    list_display = [
        "code",
        "short_name",
        "name",
        "township",
        "committee_type",
        "is_schematic",
    ]
    list_filter = ["township", "committee_type", "is_schematic"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["township"]


@admin.register(models.StarRating)
class StarRatingAdmin(RatingCorrectionMixin, GuardedAdmin):
    list_display = [
        "village",
        "township",
        "year",
        "level",
        *models.STAR_FIELDS,
        "is_quasi_five_star",
        "is_weak_branch",
        "collective_income",
    ]
    list_filter = [
        "year",
        "level",
        StarFilter,
        "village__township",
        "is_quasi_five_star",
        "is_weak_branch",
    ]
    search_fields = ["village__code", "village__name", "village__short_name"]
    list_select_related = ["village__township"]
    autocomplete_fields = ["village"]
    readonly_fields = ["level"]

    @admin.display(description=_("township"), ordering="village__township__code")
    def township(self, rating):
        return rating.village.township


@admin.register(models.CreationTarget)
class CreationTargetAdmin(GuardedAdmin):
    list_display = ["year", "township", "level", "count"]
    list_filter = ["year", "level", "township"]
    search_fields = ["township__name", "township__code"]


class EODSiteInline(admin.TabularInline):
    model = models.EODSite
    fields = ["code", "name", "village", "investment", "status"]
    autocomplete_fields = ["village"]
    extra = 0


@admin.register(models.EODProject)
class EODProjectAdmin(GuardedAdmin):
    list_display = ["code", "name", "sub_project", "planned_investment", "status"]
    list_filter = ["sub_project", "status"]
    search_fields = ["code", "name"]
    inlines = [EODSiteInline]


@admin.register(models.EODSite)
class EODSiteAdmin(MapAdmin):
    list_display = ["code", "name", "project", "village", "investment", "status"]
    list_filter = ["project", "status", "village__township"]
    search_fields = ["code", "name", "village__name", "village__code"]
    autocomplete_fields = ["village"]
    list_select_related = ["project", "village"]


@admin.register(models.ClearedSite)
class ClearedSiteAdmin(MapAdmin):
    list_display = [
        "code",
        "kind",
        "status",
        "village",
        "reported_on",
        "cleared_on",
        "verified_on",
        "reuse",
    ]
    list_filter = ["kind", "status", "reuse", "village__township"]
    search_fields = ["code", "village__name", "village__code"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["village"]
    list_select_related = ["village"]


@admin.register(models.ServiceCentre)
class ServiceCentreAdmin(MapAdmin):
    list_display = ["name", "village", "built_year", "floor_area_m2"]
    list_filter = ["built_year", "village__township"]
    search_fields = ["name", "village__name", "village__code"]
    autocomplete_fields = ["village"]
    list_select_related = ["village"]


@admin.register(models.Pairing)
class PairingAdmin(GuardedAdmin):
    list_display = ["year", "partner", "partner_kind", "village"]
    list_filter = ["year", "partner_kind", "village__township"]
    search_fields = ["partner", "village__name", "village__code"]
    autocomplete_fields = ["village"]
    list_select_related = ["village"]
