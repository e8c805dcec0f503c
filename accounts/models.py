"""Who a user works for (a township, an inspection group), their API tokens, login failures.

Roles themselves are Django groups (accounts.roles); this module holds only what a group
cannot say: the township a cadre serves, the inspection group a member belongs to.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """The township and/or inspection group a user works in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    township = models.ForeignKey(
        "layers.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("township"),
        help_text=_("A township cadre reads and writes inside this township."),
    )
    inspection_group = models.ForeignKey(
        "inspections.InspectionGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspection group"),
        help_text=_("An inspection group member records this group's visits."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return str(self.user)


class ApiToken(models.Model):
    """A token a GIS tool sends instead of a password; only its SHA-256 digest is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=80, blank=True)
    digest = models.CharField(
        _("SHA-256 digest"), max_length=64, unique=True, editable=False
    )
    hint = models.CharField(
        _("first characters"),
        max_length=12,
        editable=False,
        help_text=_("The token's first characters, to tell tokens apart."),
    )
    can_write = models.BooleanField(
        _("may write"),
        default=False,
        help_text=_("Without this the token only reads, whatever the user may do."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"),
                name="api_token_digest_hex",
            ),
        ]

    def __str__(self):
        return f"{self.hint}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginFailure(models.Model):
    """Failed logins of one username from one address, and how long it stays locked."""

    username = models.CharField(_("username"), max_length=150)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    first_failed_at = models.DateTimeField(_("first failed at"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("login failure")
        verbose_name_plural = _("login failures")
        constraints = [
            models.UniqueConstraint(
                fields=["username", "address"],
                name="login_failure_one_per_user_address",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.username} @ {self.address}"


class ThrottleCount(models.Model):
    """Requests of one client in one time window, shared by every worker and process.

    An UNLOGGED table (migration 0003): counting costs one small UPSERT per request and
    no WAL; after a database crash the counts start again from zero, which is harmless.
    """

    key = models.CharField(_("client"), max_length=200)
    slot = models.BigIntegerField(_("window start (Unix seconds)"))
    hits = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("request count")
        verbose_name_plural = _("request counts")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "slot"], name="throttle_one_per_client_window"
            ),
        ]
