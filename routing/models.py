"""Roads for pgRouting, and saved inspection plans with their routes and stops.

Roads: one row per edge between two vertices; `cost_s`/`reverse_cost_s` are travel seconds
along/against the digitised direction, negative where that direction is closed (pgRouting's
convention). Geometry is SRID 4326 (WGS 84 lon/lat), metres from `geography`.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspections.models import InspectionGroup
from layers.models import SRID, ClearedSite, Village, valid_geometry


class RoadVertex(models.Model):
    """A node of the road graph: a way's end or a junction."""

    geom = models.PointField(_("location"), srid=SRID, spatial_index=True)

    class Meta:
        verbose_name = _("road vertex")
        verbose_name_plural = _("road vertices")


class RoadEdge(models.Model):
    """A road piece between two vertices, with its class, speed and travel costs."""

    source = models.ForeignKey(RoadVertex, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(RoadVertex, on_delete=models.CASCADE, related_name="+")
    road_class = models.CharField(_("road class"), max_length=30)
    name = models.CharField(_("name"), max_length=120, blank=True)
    length_m = models.FloatField(_("length (m)"))
    speed_kmh = models.FloatField(_("speed (km/h)"))
    cost_s = models.FloatField(_("seconds along"))
    reverse_cost_s = models.FloatField(_("seconds against"))
    osm_id = models.BigIntegerField(null=True, blank=True)
    geom = models.LineStringField(_("geometry"), srid=SRID)

    class Meta:
        verbose_name = _("road edge")
        verbose_name_plural = _("road edges")
        constraints = [
            valid_geometry("road_edge", "geom"),
            models.CheckConstraint(
                condition=Q(length_m__gte=0), name="road_edge_length_positive"
            ),
            models.CheckConstraint(
                condition=Q(speed_kmh__gt=0), name="road_edge_speed_positive"
            ),
        ]


class RoadCost(models.Model):
    """A cached shortest travel time between two road vertices (None: no path).

    Filled by the matrix step and emptied by every road import, so a county-wide plan pays
    for its pgRouting matrix once per network, not once per plan.
    """

    source = models.BigIntegerField()
    target = models.BigIntegerField()
    seconds = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], name="road_cost_one_per_pair"
            )
        ]


class TravelMode(models.TextChoices):
    ROADS = "roads", _("on the road network (pgRouting)")
    FALLBACK = "straight", _("estimated: straight-line distance × detour factor")


class Plan(models.Model):
    """A saved plan: N groups × D days from a start date, over chosen targets."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"))
    days = models.PositiveSmallIntegerField(_("days"))
    travel_mode = models.CharField(
        _("travel times"), max_length=10, choices=TravelMode.choices
    )
    travel_note = models.CharField(_("travel time note"), max_length=300)
    request = models.JSONField(_("request"), default=dict)
    objective = models.BigIntegerField(_("solver objective"), default=0)
    solve_seconds = models.FloatField(_("solve time (s)"), default=0)

    class Meta:
        verbose_name = _("route plan")
        verbose_name_plural = _("route plans")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title or f"#{self.pk} {self.start_date}"


class PlanRoute(models.Model):
    """One group's route on one day of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="routes")
    group_index = models.PositiveSmallIntegerField(_("group number"))
    group = models.ForeignKey(
        InspectionGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    group_name = models.CharField(_("group"), max_length=50)
    day_index = models.PositiveSmallIntegerField(_("day number"))
    date = models.DateField(_("date"))
    base = models.PointField(_("base"), srid=SRID)
    base_name = models.CharField(_("base name"), max_length=80)
    start_s = models.PositiveIntegerField(_("leaves at (seconds after midnight)"))
    end_s = models.PositiveIntegerField(_("returns at (seconds after midnight)"))
    travel_s = models.PositiveIntegerField(_("travel time (s)"))
    service_s = models.PositiveIntegerField(_("time at stops (s)"))
    km = models.FloatField(_("distance (km)"))
    geom = models.LineStringField(_("route"), srid=SRID, null=True, blank=True)

    class Meta:
        ordering = ["plan", "group_index", "day_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "group_index", "day_index"],
                name="plan_route_one_per_group_day",
            ),
        ]

    @property
    def hours(self) -> float:
        """Return the working time from leaving the base to coming back, in hours."""
        return (self.end_s - self.start_s) / 3600


class StopKind(models.TextChoices):
    VILLAGE = "village", _("village")
    SITE = "site", _("cleared site")


class PlanStop(models.Model):
    """A stop on a route, in visiting order, with arrival and departure times."""

    route = models.ForeignKey(PlanRoute, on_delete=models.CASCADE, related_name="stops")
    seq = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=StopKind.choices)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    township_name = models.CharField(_("township"), max_length=50, blank=True)
    village = models.ForeignKey(
        Village, on_delete=models.SET_NULL, null=True, blank=True
    )
    site = models.ForeignKey(
        ClearedSite, on_delete=models.SET_NULL, null=True, blank=True
    )
    location = models.PointField(_("location"), srid=SRID)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    reason = models.CharField(_("why it is a target"), max_length=200, blank=True)
    arrival_s = models.PositiveIntegerField(_("arrives at"))
    departure_s = models.PositiveIntegerField(_("leaves at"))

    class Meta:
        ordering = ["route", "seq"]
        constraints = [
            valid_geometry("plan_stop", "location"),
            models.UniqueConstraint(
                fields=["route", "seq"], name="plan_stop_one_per_seq"
            ),
        ]


class UnplannedStop(models.Model):
    """A target the plan could not fit, and why."""

    class Reason(models.TextChoices):
        DAY_LIMIT = (
            "day_limit",
            _("the round trip from the base alone exceeds the working day"),
        )
        UNREACHABLE = "unreachable", _("no path on the road network")
        TIME_WINDOW = "time_window", _("its time window cannot be met")
        NO_ROOM = "no_room", _("the planned days are full: add days or groups")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="unplanned")
    kind = models.CharField(_("kind"), max_length=10, choices=StopKind.choices)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    township_name = models.CharField(_("township"), max_length=50, blank=True)
    location = models.PointField(_("location"), srid=SRID)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)

    class Meta:
        ordering = ["plan", "-priority", "code"]
