"""The policy in the admin: lists scoped to what a user reads, changes to what it writes.

    class VillageAdmin(ScopedAdminMixin, GISModelAdmin): ...

Put the mixin first so its checks wrap ModelAdmin's own permission checks.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts import policy
from accounts.roles import ADD, CHANGE, DELETE

CHOICE_MODELS = {"layers.village", "layers.township"}


class ScopedAdminMixin:
    """ModelAdmin mixin: read scope on lists and pages, write scope on every change.

    Village and township choices offer only places the user may record things in, so a
    cadre cannot move a row into another township.
    """

    def get_queryset(self, request):
        return policy.readable(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or policy.can_read(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or policy.can_write(request.user, obj, CHANGE))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or policy.can_write(request.user, obj, DELETE))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related._meta.label_lower in CHOICE_MODELS and "queryset" not in kwargs:
            kwargs["queryset"] = policy.choices(
                request.user, related._default_manager.all()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The stored row was checked by has_change_permission; this checks where it goes.
        if not policy.can_write(request.user, obj, CHANGE if change else ADD):
            raise PermissionDenied(_("You may not record this here."))
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        if queryset.count() != policy.writable(request.user, queryset, DELETE).count():
            raise PermissionDenied(
                _("Some of the selected rows are not yours to delete.")
            )
        super().delete_queryset(request, queryset)
