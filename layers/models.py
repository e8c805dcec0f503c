"""The five-star campaign's data: areas, ratings, targets, sites, centres and pairings.

Every geometry is SRID 4326 (WGS 84 lon/lat). CGCS2000 (EPSG:4490) is treated as identical:
the two differ by less than a millimetre in Henan. Metres come from `geography` or EPSG:4547.
"""

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.db.models.functions import Cast
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layers.rules import FIRST_YEAR, LAST_YEAR, cleared_site_date_problems

SRID = 4326
METRIC_SRID = 4547  # CGCS2000 / 3-degree Gauss-Kruger CM 114E

county_code_validator = RegexValidator(r"^\d{6}$", _("A county code has 6 digits."))
township_code_validator = RegexValidator(r"^\d{9}$", _("A township code has 9 digits."))
village_code_validator = RegexValidator(r"^\d{12}$", _("A village code has 12 digits."))


class Star(models.TextChoices):
    """The five stars, in the order the province lists them."""

    BRANCH = "branch", _("Strong branch star")
    INDUSTRY = "industry", _("Thriving industry star")
    ECOLOGY = "ecology", _("Liveable ecology star")
    SAFETY = "safety", _("Safety and rule of law star")
    CIVILITY = "civility", _("Civility and happiness star")


STAR_FIELDS = [star.value for star in Star]


def valid_geometry(name: str, field: str) -> models.CheckConstraint:
    """Return a constraint that keeps `field` a valid geometry."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isvalid": True}), name=f"{name}_{field}_valid"
    )


def code_shape(name: str, digits: int) -> models.CheckConstraint:
    """Return a constraint that keeps `code` exactly `digits` decimal digits."""
    return models.CheckConstraint(
        condition=Q(code__regex=rf"^[0-9]{{{digits}}}$"), name=f"{name}_code_digits"
    )


def year_in_range(name: str, field: str = "year") -> models.CheckConstraint:
    """Return a constraint that keeps a year between FIRST_YEAR and LAST_YEAR."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR}),
        name=f"{name}_{field}_range",
    )


class Stamped(models.Model):
    """Abstract base: when a row was last written (feeds ETags and Last-Modified)."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class County(Stamped):
    code = models.CharField(
        _("code"), max_length=6, unique=True, validators=[county_code_validator]
    )
    name = models.CharField(_("name"), max_length=50)
    boundary = models.MultiPolygonField(_("boundary"), srid=SRID)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [valid_geometry("county", "boundary"), code_shape("county", 6)]

    def __str__(self):
        return self.name


class Township(Stamped):
    class Kind(models.TextChoices):
        SUBDISTRICT = "subdistrict", pgettext_lazy("township kind", "subdistrict")
        TOWN = "town", pgettext_lazy("township kind", "town")
        TOWNSHIP = "township", pgettext_lazy("township kind", "township")

    code = models.CharField(
        _("code"), max_length=9, unique=True, validators=[township_code_validator]
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    boundary = models.MultiPolygonField(_("boundary"), srid=SRID)
    seat = models.PointField(_("seat"), srid=SRID)
    is_schematic = models.BooleanField(
        _("schematic boundary"),
        default=False,
        help_text=_("The boundary is generated for illustration (示意), not surveyed."),
    )

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["code"]
        constraints = [
            valid_geometry("township", "boundary"),
            code_shape("township", 9),
            models.CheckConstraint(
                condition=Q(kind__in=["subdistrict", "town", "township"]),
                name="township_kind_known",
            ),
        ]

    def __str__(self):
        return self.name


class Village(Stamped):
    class CommitteeType(models.TextChoices):
        VILLAGE = "village_committee", _("village committee")
        RESIDENTS = "residents_committee", _("residents' committee")

    code = models.CharField(
        _("code"), max_length=12, unique=True, validators=[village_code_validator]
    )
    name = models.CharField(_("official name"), max_length=80)
    short_name = models.CharField(_("short name"), max_length=50, db_index=True)
    committee_type = models.CharField(
        _("committee type"), max_length=20, choices=CommitteeType.choices
    )
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="villages",
        verbose_name=_("township"),
    )
    boundary = models.MultiPolygonField(_("boundary"), srid=SRID)
    label_point = models.PointField(_("label point"), srid=SRID)
    is_schematic = models.BooleanField(
        _("schematic boundary"),
        default=False,
        help_text=_("The boundary is generated for illustration (示意), not surveyed."),
    )

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]
        constraints = [
            valid_geometry("village", "boundary"),
            code_shape("village", 12),
            models.CheckConstraint(
                condition=Q(
                    committee_type__in=["village_committee", "residents_committee"]
                ),
                name="village_committee_type_known",
            ),
        ]

    def __str__(self):
        return self.short_name


class StarRating(Stamped):
    """One village's rating in one year: the stars it holds; the level is their count."""

    village = models.ForeignKey(
        Village,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("village"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    branch = models.BooleanField(_("Strong branch star"), default=False)
    industry = models.BooleanField(_("Thriving industry star"), default=False)
    ecology = models.BooleanField(_("Liveable ecology star"), default=False)
    safety = models.BooleanField(_("Safety and rule of law star"), default=False)
    civility = models.BooleanField(_("Civility and happiness star"), default=False)
    level = models.GeneratedField(
        expression=sum(
            (
                Cast(star, output_field=models.IntegerField())
                for star in STAR_FIELDS[1:]
            ),
            Cast(STAR_FIELDS[0], output_field=models.IntegerField()),
        ),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("level"),
    )
    is_quasi_five_star = models.BooleanField(
        _("quasi-five-star candidate"), default=False
    )
    is_weak_branch = models.BooleanField(
        _("weak or lax branch under rectification"), default=False
    )
    collective_income = models.DecimalField(
        _("collective income (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    transferred_land_mu = models.DecimalField(
        _("transferred land (mu)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")
        ordering = ["village__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year"], name="rating_one_per_village_year"
            ),
            year_in_range("rating"),
            models.CheckConstraint(
                condition=Q(level__gte=0, level__lte=5), name="rating_level_range"
            ),
            models.CheckConstraint(
                condition=Q(collective_income__isnull=True)
                | Q(collective_income__gte=0),
                name="rating_income_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(transferred_land_mu__isnull=True)
                | Q(transferred_land_mu__gte=0),
                name="rating_land_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(
                    is_quasi_five_star=True,
                    branch=True,
                    industry=True,
                    ecology=True,
                    safety=True,
                    civility=True,
                ),
                name="rating_quasi_not_already_five",
            ),
        ]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return f"{self.village} {self.year}"

    @property
    def stars(self) -> list[str]:
        """Return the keys of the stars held."""
        return [star for star in STAR_FIELDS if getattr(self, star)]


class CreationTarget(Stamped):
    """How many villages should reach a level in a year, county-wide or in one township."""

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("township"),
        help_text=_("Empty for the county's own target."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.PositiveSmallIntegerField(_("level"))
    count = models.PositiveIntegerField(_("number of villages"))

    class Meta:
        verbose_name = _("creation target")
        verbose_name_plural = _("creation targets")
        ordering = ["year", "township__code", "-level"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "level"],
                name="target_one_per_scope_year_level",
                nulls_distinct=False,
            ),
            year_in_range("target"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="target_level_range"
            ),
        ]

    def __str__(self):
        return f"{self.township or _('county')} {self.year} {self.level}"


class EODProject(Stamped):
    """One of the county EOD pilot's sub-projects."""

    class SubProject(models.TextChoices):
        VILLAGE_SEWAGE = "village_sewage", _("village sewage treatment")
        SEWAGE_PLANT = "sewage_plant", _("sewage plant expansion")
        CLEAN_GAS = "clean_gas", _("centralised clean industrial gas")
        SALINE_LAND = "saline_land", _("saline-alkali land improvement")
        SLUDGE_REUSE = "sludge_reuse", _("sludge reuse")
        INDUSTRY_PARK = "industry_park", _("rural industry integration park")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        BUILDING = "building", _("under construction")
        OPERATING = "operating", _("operating")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sub_project = models.CharField(
        _("sub-project"), max_length=20, choices=SubProject.choices, unique=True
    )
    planned_investment = models.DecimalField(
        _("planned investment (yuan)"), max_digits=14, decimal_places=2
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("EOD project")
        verbose_name_plural = _("EOD projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0),
                name="eod_project_investment_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "building", "operating"]),
                name="eod_project_status_known",
            ),
        ]

    def __str__(self):
        return self.name


class EODSite(Stamped):
    """A place where an EOD sub-project works: a point or an area."""

    project = models.ForeignKey(
        EODProject,
        on_delete=models.CASCADE,
        related_name="sites",
        verbose_name=_("project"),
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    village = models.ForeignKey(
        Village,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eod_sites",
        verbose_name=_("village"),
    )
    geom = models.GeometryField(_("location"), srid=SRID)
    investment = models.DecimalField(
        _("investment (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EODProject.Status.choices
    )

    class Meta:
        verbose_name = _("EOD site")
        verbose_name_plural = _("EOD sites")
        ordering = ["code"]
        constraints = [
            valid_geometry("eod_site", "geom"),
            models.CheckConstraint(
                condition=In(
                    models.Func(
                        "geom", function="GeometryType", output_field=models.CharField()
                    ),
                    ["POINT", "POLYGON", "MULTIPOLYGON"],
                ),
                name="eod_site_point_or_area",
            ),
            models.CheckConstraint(
                condition=Q(investment__gte=0), name="eod_site_investment_not_negative"
            ),
        ]

    def __str__(self):
        return self.name


class ClearedSite(Stamped):
    """A pond, garbage heap, ruined wall or hollow yard reported, cleared and verified."""

    class Kind(models.TextChoices):
        POND = "pond", _("pond")
        GARBAGE = "garbage", _("garbage heap")
        RUINED_WALL = "ruined_wall", _("ruined wall")
        HOLLOW_YARD = "hollow_yard", _("hollow yard")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REPORTED = "reported", _("reported")
        CLEARED = "cleared", _("cleared")
        VERIFIED = "verified", _("verified")

    class Reuse(models.TextChoices):
        NONE = "", _("not reused")
        PARK = "park", _("small park")
        GARDEN = "garden", _("garden")
        VEGETABLE_PLOT = "vegetable_plot", _("vegetable plot")
        CAR_PARK = "car_park", _("car park")
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reported_on = models.DateField(_("reported on"))
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    reuse = models.CharField(
        _("reuse"), max_length=16, choices=Reuse.choices, blank=True, default=""
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="cleared_sites",
        verbose_name=_("village"),
    )
    location = models.PointField(_("location"), srid=SRID)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cleared site")
        verbose_name_plural = _("cleared sites")
        ordering = ["code"]
        constraints = [
            valid_geometry("cleared_site", "location"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["pond", "garbage", "ruined_wall", "hollow_yard", "other"]
                ),
                name="cleared_site_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(status="reported")
                | Q(status="cleared", cleared_on__isnull=False)
                | Q(
                    status="verified",
                    cleared_on__isnull=False,
                    verified_on__isnull=False,
                ),
                name="cleared_site_status_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(cleared_on__isnull=True)
                | Q(cleared_on__gte=models.F("reported_on")),
                name="cleared_site_cleared_after_reported",
            ),
            models.CheckConstraint(
                condition=Q(verified_on__isnull=True)
                | Q(verified_on__gte=models.F("cleared_on")),
                name="cleared_site_verified_after_cleared",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.code}"

    def clean(self):
        """Refuse dates that break the cleared-site rules (layers/rules.py)."""
        super().clean()
        problems = cleared_site_date_problems(
            status=self.status,
            reported_on=self.reported_on,
            cleared_on=self.cleared_on,
            verified_on=self.verified_on,
        )
        if problems:
            raise ValidationError(problems)


class ServiceCentre(Stamped):
    """A village's party-and-people service centre (党群服务中心)."""

    village = models.OneToOneField(
        Village,
        on_delete=models.CASCADE,
        related_name="service_centre",
        verbose_name=_("village"),
    )
    name = models.CharField(_("name"), max_length=100)
    location = models.PointField(_("location"), srid=SRID)
    built_year = models.PositiveSmallIntegerField(_("built or rebuilt in"))
    floor_area_m2 = models.PositiveIntegerField(
        _("floor area (m²)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("service centre")
        verbose_name_plural = _("service centres")
        ordering = ["village__code"]
        constraints = [
            valid_geometry("service_centre", "location"),
            year_in_range("service_centre", "built_year"),
        ]

    def __str__(self):
        return self.name


class Pairing(Stamped):
    """A county leader or department paired with a village for a year (包联共建)."""

    class PartnerKind(models.TextChoices):
        LEADER = "leader", _("county leader")
        DEPARTMENT = "department", _("county department")

    village = models.ForeignKey(
        Village,
        on_delete=models.CASCADE,
        related_name="pairings",
        verbose_name=_("village"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    partner_kind = models.CharField(
        _("partner kind"), max_length=10, choices=PartnerKind.choices
    )
    partner = models.CharField(_("leader or department"), max_length=100)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["year", "village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "partner"], name="pairing_unique_partner"
            ),
            year_in_range("pairing"),
        ]

    def __str__(self):
        return f"{self.partner} ↔ {self.village} ({self.year})"
