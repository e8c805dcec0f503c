"""Inspection admin, scoped like every layer: a cadre sees and changes only the own
township's visits, notices and problems; every change shows in History."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.admin_mixins import ScopedInlineMixin
from inspections.models import (
    InspectionGroup,
    Photo,
    Problem,
    RectificationNotice,
    Visit,
)
from layers.admin import GuardedAdmin, MapAdmin


@admin.register(InspectionGroup)
class InspectionGroupAdmin(MapAdmin):
    list_display = ["name", "leader", "base_name"]


class PhotoInline(ScopedInlineMixin, admin.TabularInline):
    """The row's photos, read-only: they are taken and processed on the field pages; the
    thumbnails come through the view that checks who may read the row."""

    model = Photo
    extra = 0
    can_delete = False
    fields = ["preview", "stage", "taken_at", "uploaded_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # A photo is read by whoever reads its row (accounts.policy), not by a model
        # grant; the row's own admin has checked that before any inline is built.
        return obj is None or policy.can_read(request.user, obj)

    def get_queryset(self, request):
        # The formset narrows this to the row's photos; the row is readable (above).
        return admin.TabularInline.get_queryset(self, request)

    @admin.display(description=_("photo"))
    def preview(self, photo):
        return format_html(
            '<a href="{}"><img src="{}" alt="" style="max-width:120px"></a>',
            reverse("inspections:photo", args=[photo.client_id]),
            reverse("inspections:photo-thumb", args=[photo.client_id]),
        )


@admin.register(Visit)
class VisitAdmin(MapAdmin):
    list_display = ["visited_on", "group", "village"]
    list_filter = ["group", "visited_on", "village__township"]
    search_fields = ["village__short_name", "village__code"]
    raw_id_fields = ["village"]
    inlines = [PhotoInline]


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
    inlines = [PhotoInline]
