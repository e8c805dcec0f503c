"""The audit trail in the admin: read-only, scoped to the townships a user reads."""

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.policy import readable
from history.models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "table_name",
        "object_id",
        "action",
        "username",
        "source",
        "short_reason",
    ]
    list_filter = ["action", "source", "table_name"]
    search_fields = ["object_id", "username", "reason"]
    date_hierarchy = "at"
    fields = [
        "at",
        "table_name",
        "object_id",
        "action",
        "username",
        "user",
        "source",
        "reason",
        "db_role",
        "txid",
        "township",
        "old_values",
        "new_values",
    ]
    readonly_fields = fields
    list_per_page = 100

    def get_queryset(self, request):
        return readable(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("reason"))
    def short_reason(self, change):
        return change.reason[:60]

    @admin.display(description=_("old values"))
    def old_values(self, change):
        return pretty(change.old)

    @admin.display(description=_("new values"))
    def new_values(self, change):
        return pretty(change.new)


def pretty(values) -> str:
    if values is None:
        return "—"
    text = json.dumps(values, ensure_ascii=False, indent=1, sort_keys=True)
    return format_html('<pre style="white-space: pre-wrap">{}</pre>', text[:20000])
