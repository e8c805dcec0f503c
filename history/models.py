"""The audit trail: one row per created, changed or deleted row of an audited table.

PostgreSQL triggers write it (history.triggers), so bulk imports, admin forms, API calls
and SQL typed by hand are all recorded; Django only reads it. Who and why come from the
transaction's settings that history.context sets.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    class Source(models.TextChoices):
        WEB = "web", _("web page")
        API = "api", _("API")
        ADMIN = "admin", _("admin")
        IMPORT = "import", _("import")
        SHELL = "shell", _("command or shell")
        DB = "db", _("database, directly")

    at = models.DateTimeField(_("at"), db_index=True)
    table_name = models.CharField(_("table"), max_length=63)
    object_id = models.CharField(_("object id"), max_length=40)
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    old = models.JSONField(_("old values"), null=True, blank=True)
    new = models.JSONField(_("new values"), null=True, blank=True)
    # No database foreign keys: the record outlives deleted users and townships.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reason = models.TextField(_("reason"), blank=True)
    db_role = models.CharField(_("database role"), max_length=63)
    txid = models.BigIntegerField(_("transaction"))
    township = models.ForeignKey(
        "layers.Township",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("township"),
    )

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["table_name", "object_id", "at"]),
            models.Index(fields=["township", "at"]),
        ]

    def __str__(self):
        return (
            f"{self.table_name} {self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
        )

    @property
    def changed_fields(self) -> list[str]:
        return sorted(set(self.old or {}) | set(self.new or {}))
