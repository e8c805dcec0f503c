"""Inspection groups (督导组), their visits, and the rectification ledger (整改台账).

A rectification notice (整改通知单) lists problems; each problem moves through
待整改 → 整改中 → 已整改待核查 → 已销号 and is overdue while open past the notice's deadline.
Points are SRID 4326 (WGS 84 lon/lat), as in layers.models.
"""

import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.geos import Point
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from layers.models import SRID, Stamped, Star, Village, valid_geometry

# The county seat (城关, 内黄县人民政府 area), WGS 84, approximate: the default group base.
COUNTY_SEAT_LONLAT = (114.904, 35.953)


def county_seat() -> Point:
    """Return the county seat as a point (the default base of a group)."""
    return Point(*COUNTY_SEAT_LONLAT, srid=SRID)


class InspectionGroup(Stamped):
    """One of the county's inspection groups (督导组)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    leader = models.CharField(_("leader"), max_length=50, blank=True)
    members = models.TextField(
        _("members"), blank=True, help_text=_("One name a line.")
    )
    base = models.PointField(_("base"), srid=SRID, default=county_seat)
    base_name = models.CharField(_("base name"), max_length=80, default="内黄县城")

    class Meta:
        verbose_name = _("inspection group")
        verbose_name_plural = _("inspection groups")
        ordering = ["id"]
        constraints = [valid_geometry("inspection_group", "base")]

    def __str__(self):
        return self.name

    @property
    def member_list(self) -> list[str]:
        """Return the members' names, one per non-empty line."""
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class Visit(Stamped):
    """A group's visit to a village on a day, with what it found."""

    group = models.ForeignKey(
        InspectionGroup,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("inspection group"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.CASCADE,
        related_name="visits",
        verbose_name=_("village"),
    )
    visited_on = models.DateField(_("visited on"))
    findings = models.TextField(_("findings"), blank=True)
    location = models.PointField(_("GPS point"), srid=SRID, null=True, blank=True)
    # Check-in on the spot (the field pages); a far check-in is flagged, never refused.
    client_id = models.UUIDField(_("id made on the phone"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    accuracy_m = models.FloatField(_("GPS accuracy (m)"), null=True, blank=True)
    distance_m = models.FloatField(
        _("distance from the village (m)"), null=True, blank=True
    )
    far = models.BooleanField(_("checked in far from the village"), default=False)
    done_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "village", "visited_on"],
                name="visit_one_per_group_village_day",
            ),
            models.UniqueConstraint(fields=["client_id"], name="visit_client_id_once"),
            models.CheckConstraint(
                condition=Q(accuracy_m__isnull=True) | Q(accuracy_m__gte=0),
                name="visit_accuracy_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["village", "visited_on"])]

    def __str__(self):
        return f"{self.group} → {self.village} {self.visited_on}"


class RectificationNotice(Stamped):
    """A rectification notice (整改通知单) issued to a village by a group."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("village"),
    )
    group = models.ForeignKey(
        InspectionGroup,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("issuing group"),
    )
    issued_on = models.DateField(_("issued on"))
    deadline = models.DateField(_("deadline"))
    note = models.TextField(_("note"), blank=True)
    visit = models.OneToOneField(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notice",
        verbose_name=_("raised on the visit"),
    )

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("issued_on")),
                name="notice_deadline_after_issue",
            ),
        ]

    def __str__(self):
        return self.number


class ProblemCategory(models.TextChoices):
    """The county's list of problem categories, each under the star it concerns."""

    ORGANISATION = "organisation", _("branch organisation and meetings")
    RECORDS = "records", _("records and files")
    INDUSTRY = "industry", _("collective economy and industry")
    ENVIRONMENT = "environment", _("village environment and sanitation")
    CLEARANCE = "clearance", _("ponds, heaps, ruined walls, hollow yards")
    SAFETY = "safety", _("safety hazards and disputes")
    CIVILITY = "civility", _("civility and customs")
    OTHER = "other", _("other")


# The star each category concerns (Problem.star is derived from the category).
CATEGORY_STAR = {
    ProblemCategory.ORGANISATION: Star.BRANCH,
    ProblemCategory.RECORDS: Star.BRANCH,
    ProblemCategory.INDUSTRY: Star.INDUSTRY,
    ProblemCategory.ENVIRONMENT: Star.ECOLOGY,
    ProblemCategory.CLEARANCE: Star.ECOLOGY,
    ProblemCategory.SAFETY: Star.SAFETY,
    ProblemCategory.CIVILITY: Star.CIVILITY,
    ProblemCategory.OTHER: Star.BRANCH,
}


class Problem(Stamped):
    """One problem on a notice, tracked until it is ticked off (销号)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting rectification")
        IN_PROGRESS = "in_progress", _("being rectified")
        AWAITING_CHECK = "awaiting_check", _("rectified, awaiting check")
        CLOSED = "closed", _("ticked off")

    notice = models.ForeignKey(
        RectificationNotice,
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("rectification notice"),
    )
    seq = models.PositiveSmallIntegerField(_("item"))
    description = models.TextField(_("description"))
    star = models.CharField(_("star concerned"), max_length=10, choices=Star.choices)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=ProblemCategory.choices,
        blank=True,
        default="",
    )
    location = models.PointField(_("position"), srid=SRID, null=True, blank=True)
    client_id = models.UUIDField(_("id made on the phone"), null=True, blank=True)
    rectification_note = models.TextField(_("what was rectified"), blank=True)
    return_reason = models.TextField(_("why it was sent back"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    closed_on = models.DateField(_("ticked off on"), null=True, blank=True)
    closed_by = models.CharField(_("ticked off by"), max_length=50, blank=True)
    closed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked off by (account)"),
    )

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["notice", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "seq"], name="problem_one_per_notice_seq"
            ),
            models.UniqueConstraint(
                fields=["client_id"], name="problem_client_id_once"
            ),
            models.CheckConstraint(
                condition=Q(star__in=[star.value for star in Star]),
                name="problem_star_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "in_progress"])
                | Q(status="awaiting_check", rectified_on__isnull=False)
                | Q(
                    status="closed", rectified_on__isnull=False, closed_on__isnull=False
                )
                & ~Q(closed_by=""),
                name="problem_status_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(closed_on__gte=F("rectified_on")),
                name="problem_closed_after_rectified",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.notice.number}-{self.seq}"

    def is_overdue(self, today: datetime.date) -> bool:
        """Say whether the problem is still open after its notice's deadline."""
        return self.status != self.Status.CLOSED and self.notice.deadline < today


from inspections.photo_models import Photo  # noqa: E402,F401  (one app, two modules)
