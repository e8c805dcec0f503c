"""The work layers' selectors: grid cells, each village's work of a year, mediation centres.

Each returns `.values()` rows of its layer's columns (layers.catalog), as every layer's
selector does, so REST, OGC, tiles and exports serve them unchanged.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from evidence.models import (
    Federation,
    GridCell,
    MediationCentre,
    TaskValue,
    ThreeChangesPilot,
)
from layers.models import StarRating, Village
from layers.selectors import layer_values, place_filters
from layers.spatial import spatial_filters

# 清五跃十: the bands of the income choropleth, in yuan.
CLEAR_FIVE, LEAP_TEN = 50_000, 100_000
INCOME_BANDS = ("under_5", "5_to_10", "10_and_over")


def income_band(income):
    """Return the band of a collective-income expression (null when unknown)."""
    return Case(
        When(**{f"{income}__lt": CLEAR_FIVE}, then=Value("under_5")),
        When(**{f"{income}__lt": LEAP_TEN}, then=Value("5_to_10")),
        When(**{f"{income}__gte": LEAP_TEN}, then=Value("10_and_over")),
        default=None,
        output_field=CharField(),
    )


def task_number(code: str, year: int):
    """Return the village's number for task `code` in `year` (null when not reported)."""
    return Subquery(
        TaskValue.objects.filter(
            village=OuterRef("pk"), year=year, task__code=code
        ).values("number")[:1],
        output_field=DecimalField(),
    )


def village_work_annotations(year: int) -> dict:
    """Return the expressions of a village's work in `year`, by column name with a
    `w_` prefix (`grid_cells` is also the village's reverse relation)."""
    rating = StarRating.objects.filter(village=OuterRef("pk"), year=year)
    cells = GridCell.objects.filter(village=OuterRef("pk"), year=year).order_by()
    return {
        "w_collective_income": Subquery(
            rating.values("collective_income")[:1], output_field=DecimalField()
        ),
        "w_party_links": task_number("civility_party_links", year),
        "w_grid_cells": Coalesce(
            Subquery(
                cells.values("village").annotate(n=Count("id")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        "w_linked_households": Subquery(
            cells.values("village")
            .annotate(n=Sum("linked_households"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        "w_three_changes": Subquery(
            ThreeChangesPilot.objects.filter(village=OuterRef("pk"), year=year).values(
                "form"
            )[:1],
            output_field=CharField(),
        ),
        "w_federation": Subquery(
            Federation.objects.filter(villages=OuterRef("pk"), year=year).values(
                "name"
            )[:1],
            output_field=CharField(),
        ),
        "w_patrol_members": task_number("safety_patrol", year),
        "w_mediation_centres": Coalesce(
            Subquery(
                MediationCentre.objects.filter(
                    village=OuterRef("pk"), opened_year__lte=year
                )
                .order_by()
                .values("village")
                .annotate(n=Count("id"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        "w_harmonious_families": task_number("safety_harmonious", year),
        "w_star_households": task_number("civility_star_households", year),
    }


def village_work_list(
    *, year: int, township=None, band=None, pilot=None, bbox=None, q=None
):
    """Return every village's work in `year`: income band, household links, pilots,
    federations, patrols, mediation centres, 平安和睦家庭 and 文明户 counts."""
    from evidence.catalog import VILLAGE_WORK

    qs = Village.objects.annotate(**village_work_annotations(year))
    qs = qs.annotate(w_income_band=income_band("w_collective_income"))
    qs = spatial_filters(qs, "boundary", bbox=bbox)
    if township:
        qs = qs.filter(township__code=township)
    if band:
        qs = qs.filter(w_income_band=band)
    if pilot is not None:
        qs = qs.filter(w_three_changes__isnull=not pilot)
    if q:
        qs = qs.filter(short_name__icontains=q)
    return layer_values(qs, VILLAGE_WORK, year=year)


def grid_cell_list(*, year: int, township=None, village=None, bbox=None, q=None):
    """Return the grid cells of `year` with their workers and linked households."""
    from evidence.catalog import GRID_CELLS

    qs = spatial_filters(GridCell.objects.filter(year=year), "boundary", bbox=bbox)
    qs = place_filters(qs, township=township, village=village)
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(worker__icontains=q)
    return layer_values(qs, GRID_CELLS)


def mediation_centre_list(*, year: int, township=None, village=None, bbox=None):
    """Return the mediation centres open in `year`."""
    from evidence.catalog import MEDIATION_CENTRES

    qs = MediationCentre.objects.filter(opened_year__lte=year)
    qs = place_filters(
        spatial_filters(qs, "location", bbox=bbox), township=township, village=village
    )
    return layer_values(qs, MEDIATION_CENTRES)
