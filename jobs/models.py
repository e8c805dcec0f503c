"""A background job as the pages see it: kind, status, stage, progress, result or error.

The queue itself is procrastinate's tables (`procrastinate_jobs`, same database); this row
is what a page polls through `/api/jobs/<id>` and what outlives the queue entry.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


ACTIVE = (Status.QUEUED, Status.RUNNING)


class Job(models.Model):
    """One piece of background work of a registered kind, with its progress and outcome."""

    kind = models.CharField(_("kind"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    # Free-form numbers a page shows while the job runs, e.g. {"best_so_far": 415,
    # "time_left_s": 12.5, "done": 3, "total": 10}.
    progress = models.JSONField(_("progress"), default=dict, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, blank=True)
    queue_id = models.BigIntegerField(_("queue job id"), null=True, blank=True)
    worker_pid = models.IntegerField(_("worker process"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        constraints = [
            # At most one waiting or running job per dedupe key: a second click, even a
            # concurrent one, finds the first job instead of starting another.
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(status__in=["queued", "running"]) & ~Q(dedupe_key=""),
                name="job_one_active_per_dedupe_key",
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE
