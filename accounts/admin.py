"""Users with their township and group, API tokens (shown once), login locks."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import concurrency, tokens
from accounts.models import ApiToken, LoginFailure, Membership


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    extra = 0
    max_num = 1
    autocomplete_fields = ["township"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class GeoportalUserAdmin(UserAdmin):
    # Refuse to save over a version changed since the form was opened (a login counts:
    # it changes the row's last_login).
    form = concurrency.versioned(UserAdmin.form)
    inlines = [MembershipInline]
    list_display = ["username", "is_active", "is_staff", "roles", "township"]
    list_filter = ["groups", "is_staff", "is_active"]

    @admin.display(description=_("roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.display(description=_("township"))
    def township(self, user):
        membership = getattr(user, "membership", None)
        return membership.township if membership else ""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (None, {"fields": [concurrency.VERSION_FIELD]})]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("groups")
            .select_related("membership__township")
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "hint",
        "user",
        "name",
        "can_write",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["can_write", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "name", "hint"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "can_write", "expires_at"]
        return [
            "user",
            "name",
            "hint",
            "can_write",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "user",
            "hint",
            "can_write",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        raw = tokens.secret_set(obj)
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _("The token is shown only this once; copy it now: %(token)s")
            % {"token": raw},
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of a token outlives its use

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            tokens.token_revoke(token=token)
        self.message_user(request, _("Revoked."))


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Deleting a row unlocks that username and address at once."""

    list_display = [
        "username",
        "address",
        "failures",
        "first_failed_at",
        "locked_until",
    ]
    search_fields = ["username", "address"]
    readonly_fields = [
        "username",
        "address",
        "failures",
        "first_failed_at",
        "locked_until",
    ]

    def has_add_permission(self, request):
        return False
