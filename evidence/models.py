"""The work behind each star: the checklist, its values with evidence, and the work layers.

Collective income and transferred land stay on layers.StarRating; service centres,
pairings, EOD and cleared sites stay in layers. This app adds what the county tracks
beside them. Geometry is SRID 4326 like every layer (layers.models.SRID).
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layers.models import (
    SRID,
    STAR_FIELDS,
    Stamped,
    Star,
    Township,
    Village,
    valid_geometry,
    year_in_range,
)


class Task(Stamped):
    """One task of the county's checklist: what is measured and the rule that makes it met."""

    class Measure(models.TextChoices):
        YES_NO = "yes_no", _("yes or no")
        NUMBER = "number", _("number")
        COUNT = "count", _("count")

    class Rule(models.TextChoices):
        YES = "yes", _("met when yes")
        AT_LEAST = "at_least", _("met at or above the threshold")
        RECORD = "record", _("recorded only, no rule")

    class Source(models.TextChoices):
        VALUE = "value", _("entered value")
        COLLECTIVE_INCOME = "collective_income", _("collective income of the rating")
        TRANSFERRED_LAND = "transferred_land_mu", _("transferred land of the rating")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    star = models.CharField(_("star"), max_length=10, choices=Star.choices)
    name = models.CharField(_("name"), max_length=100)
    measure = models.CharField(_("measure"), max_length=8, choices=Measure.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    rule = models.CharField(_("rule"), max_length=10, choices=Rule.choices)
    threshold = models.DecimalField(
        _("threshold"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_name = models.CharField(
        _("name of the target"),
        max_length=40,
        blank=True,
        help_text=_("Named in the shortfall, e.g. 清五目标."),
    )
    decides_star = models.BooleanField(
        _("decides the star"),
        default=True,
        help_text=_("Unmet, the suggested level lacks this star."),
    )
    source = models.CharField(
        _("value from"), max_length=20, choices=Source.choices, default=Source.VALUE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo"), default=False)
    assumption = models.TextField(_("assumption"), blank=True)

    class Meta:
        verbose_name = _("checklist task")
        verbose_name_plural = _("checklist tasks")
        ordering = ["star", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(star__in=STAR_FIELDS), name="evidence_task_star_known"
            ),
            models.CheckConstraint(
                condition=~Q(rule="at_least")
                | Q(threshold__isnull=False, threshold__gte=0),
                name="evidence_task_threshold_for_at_least",
            ),
            models.CheckConstraint(
                condition=~Q(rule="yes") | Q(measure="yes_no"),
                name="evidence_task_yes_rule_on_yes_no",
            ),
            models.CheckConstraint(
                condition=~Q(rule="at_least") | ~Q(measure="yes_no"),
                name="evidence_task_threshold_on_numbers",
            ),
            models.CheckConstraint(
                condition=~Q(rule="record") | Q(decides_star=False),
                name="evidence_task_record_decides_nothing",
            ),
        ]

    def __str__(self):
        return self.name


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.year}/{instance.village_id}/{filename}"


class TaskValue(Stamped):
    """A village's value for a task in a year, with its evidence: who, when, what shows it."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="values", verbose_name=_("task")
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.CASCADE,
        related_name="task_values",
        verbose_name=_("village"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    flag = models.BooleanField(_("yes or no"), null=True, blank=True)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("document or photo"), upload_to=evidence_path, blank=True, max_length=300
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("task value")
        verbose_name_plural = _("task values")
        ordering = ["village__code", "year", "task__star", "task__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "village", "year"], name="evidence_value_one_per_year"
            ),
            year_in_range("evidence_value"),
            models.CheckConstraint(
                condition=Q(number__isnull=True, flag__isnull=False)
                | Q(number__isnull=False, flag__isnull=True),
                name="evidence_value_number_or_flag",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0),
                name="evidence_value_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["year", "village"])]

    def __str__(self):
        return f"{self.village} {self.year} {self.task}"


class GridCell(Stamped):
    """A grid cell (网格) under a village: its grid worker and the households it covers."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.CASCADE,
        related_name="grid_cells",
        verbose_name=_("village"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=60)
    worker = models.CharField(_("grid worker"), max_length=50)
    households = models.PositiveIntegerField(_("households"))
    linked_households = models.PositiveIntegerField(
        _("households linked to a party member")
    )
    boundary = models.MultiPolygonField(_("boundary"), srid=SRID)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("grid cell")
        verbose_name_plural = _("grid cells")
        ordering = ["code"]
        constraints = [
            valid_geometry("evidence_grid", "boundary"),
            year_in_range("evidence_grid"),
            models.CheckConstraint(
                condition=Q(linked_households__lte=models.F("households")),
                name="evidence_grid_links_within_households",
            ),
        ]

    def __str__(self):
        return self.name


class ThreeChangesPilot(Stamped):
    """A village piloting the 三变 reform in a year, and the form it takes."""

    class Form(models.TextChoices):
        JOINT_ENTERPRISE = "joint_enterprise", _("joint enterprise")
        LAND_TRUSTEESHIP = "land_trusteeship", _("land trusteeship")
        LAND_SWAP = "land_swap", _("land-right swap")

    village = models.ForeignKey(
        Village,
        on_delete=models.CASCADE,
        related_name="three_changes",
        verbose_name=_("village"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("three-changes pilot")
        verbose_name_plural = _("three-changes pilots")
        ordering = ["year", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year"], name="evidence_pilot_one_per_year"
            ),
            year_in_range("evidence_pilot"),
            models.CheckConstraint(
                condition=Q(
                    form__in=["joint_enterprise", "land_trusteeship", "land_swap"]
                ),
                name="evidence_pilot_form_known",
            ),
        ]

    def __str__(self):
        return f"{self.village} {self.year}"


class Federation(Stamped):
    """A township-level collective economic federation and its member villages."""

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="federations",
        verbose_name=_("township"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=100)
    villages = models.ManyToManyField(
        Village,
        related_name="federations",
        verbose_name=_("member villages"),
        blank=True,
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("collective economic federation")
        verbose_name_plural = _("collective economic federations")
        ordering = ["year", "township__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="evidence_federation_one_per_year"
            ),
            year_in_range("evidence_federation"),
        ]

    def __str__(self):
        return self.name


class MediationCentre(Stamped):
    """A one-stop dispute-mediation centre (矛盾纠纷调解中心) in a village."""

    village = models.ForeignKey(
        Village,
        on_delete=models.CASCADE,
        related_name="mediation_centres",
        verbose_name=_("village"),
    )
    name = models.CharField(_("name"), max_length=100)
    opened_year = models.PositiveSmallIntegerField(_("opened in"))
    location = models.PointField(_("location"), srid=SRID)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        verbose_name = _("mediation centre")
        verbose_name_plural = _("mediation centres")
        ordering = ["village__code"]
        constraints = [
            valid_geometry("evidence_mediation", "location"),
            year_in_range("evidence_mediation", "opened_year"),
        ]

    def __str__(self):
        return self.name
