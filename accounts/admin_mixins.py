"""The policy in the admin: lists scoped to what a user reads, changes to what it writes.

    class VillageAdmin(ScopedAdminMixin, GISModelAdmin): ...

Put the mixin first so its checks wrap ModelAdmin's own permission checks.
"""

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts import concurrency, policy
from accounts import scope as where
from accounts.roles import ADD, CHANGE, DELETE

CHOICE_MODELS = {"layers.village", "layers.township"}


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """Raw-id widget that names the chosen row only when it is among `queryset`.

    Django's widget looks the id up in every row, so typing a foreign id (or posting
    one back) would show that row's name next to the box.
    """

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(*args, **kwargs)

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        if self.queryset is not None:
            try:
                if not self.queryset.filter(**{key: value}).exists():
                    return "", ""
            except (ValueError, TypeError):
                return "", ""
        return super().label_and_url_for_value(value)


def scoped_foreignkey(model_admin, db_field, request, kwargs: dict) -> dict:
    """Narrow the choices (and the raw-id widget) of a foreign key by the policy.

    Villages and townships offer only places the user may record things in; any other
    scoped model (visits, notices, ...) only rows the user reads.
    """
    related = db_field.related_model
    key = related._meta.label_lower
    if "queryset" not in kwargs:
        if key in CHOICE_MODELS:
            kwargs["queryset"] = policy.choices(
                request.user, related._default_manager.all()
            )
        elif key in where.TOWNSHIP_PATHS:
            kwargs["queryset"] = policy.readable(
                request.user, related._default_manager.all()
            )
    if "widget" not in kwargs and db_field.name in model_admin.raw_id_fields:
        kwargs["widget"] = ScopedRawIdWidget(
            db_field.remote_field,
            model_admin.admin_site,
            using=kwargs.get("using"),
            queryset=kwargs.get("queryset"),
        )
    return kwargs


class ScopedInlineMixin:
    """InlineModelAdmin mixin: an inline lists only the rows the user reads.

    ScopedAdminMixin puts it in front of every inline of a scoped admin by itself.
    """

    def get_queryset(self, request):
        return policy.readable(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = scoped_foreignkey(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdminMixin:
    """ModelAdmin mixin: read scope on lists and pages, write scope on every change.

    Village and township choices offer only places the user may record things in, so a
    cadre cannot move a row into another township. Inlines, raw-id labels, other
    foreign-key choices and the History page are narrowed by the same policy;
    autocompletes answer through the target model's (scoped) admin.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Refuse to save over a version changed since the form was opened.
        self.form = concurrency.versioned(self.form)

    def get_fieldsets(self, request, obj=None):
        version = concurrency.VERSION_FIELD
        fieldsets = [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f != version]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        *head, (name, options) = fieldsets
        return [*head, (name, {**options, "fields": [*options["fields"], version]})]

    def get_queryset(self, request):
        return policy.readable(request.user, super().get_queryset(request))

    def get_inlines(self, request, obj):
        return [
            inline
            if issubclass(inline, ScopedInlineMixin)
            else type(f"Scoped{inline.__name__}", (ScopedInlineMixin, inline), {})
            for inline in super().get_inlines(request, obj)
        ]

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
        kwargs = scoped_foreignkey(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        # An inline row is written only where its own row may be written.
        for row in formset.forms:
            if not row.has_changed() and row not in formset.deleted_forms:
                continue
            if row in formset.deleted_forms:
                action = DELETE
            else:
                action = CHANGE if row.instance.pk else ADD
            stored = type(row.instance)._default_manager.filter(pk=row.instance.pk)
            if not policy.can_write(request.user, row.instance, action) or (
                row.instance.pk
                and not policy.writable(request.user, stored, action).exists()
            ):
                raise PermissionDenied(_("You may not record this here."))
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        # The stored row was checked by has_change_permission; this checks where it goes.
        if not policy.can_write(request.user, obj, CHANGE if change else ADD):
            raise PermissionDenied(_("You may not record this here."))
        for name in form.changed_data:
            value = form.cleaned_data.get(name)
            if isinstance(value, GEOSGeometry) and not policy.geometry_in_write_scope(
                request.user, value
            ):
                raise PermissionDenied(
                    _(
                        "This shape lies outside the township where you may record things."
                    )
                )
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        if queryset.count() != policy.writable(request.user, queryset, DELETE).count():
            raise PermissionDenied(
                _("Some of the selected rows are not yours to delete.")
            )
        super().delete_queryset(request, queryset)
