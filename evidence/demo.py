"""Seed the demo evidence: checklist, values, pilots, federations, centres and grid cells.

Deterministic (seeded per year), marked `is_demo`, consistent with the recorded ratings:
a star holder meets every task that decides its star; a village without the star misses
at least one. The ratings fixture gives every 产业兴旺 holder a collective income of at
least 清五 (50,000 yuan; layers/demo/ratings.py INDUSTRY_INCOME_FLOOR), so the suggested
level equals the recorded one everywhere and the differences list
(evidence.evaluation.differences) starts empty: values entered later make differences.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from evidence import demo_figures as figures
from evidence.checklist import demo_task_rows
from evidence.demo_grid import grid_cells_for
from evidence.models import (
    Federation,
    GridCell,
    MediationCentre,
    Task,
    TaskValue,
    ThreeChangesPilot,
)
from layers.models import ServiceCentre, StarRating, Village

SEED = 410527
DEMO_NOTE = "示意 — 演示数据（evidence.demo 生成）"
# For a village without the star: which deciding task it misses (the first one listed
# for the star unless the seed picks another).
MISS_CHOICES = {
    "branch": ["branch_org_life"],
    "industry": ["industry_cooperative"],
    "ecology": ["ecology_clean"],
    "safety": ["safety_three_zeros", "safety_patrol"],
    "civility": ["civility_village_rules"],
}


RECORDED_CODES = [*figures.REPORT_2022, "branch_stationed_cadre"]


@dataclass
class Place:
    village: Village
    rating: StarRating
    has_centre: bool


def spread(total: int, keys: list, rng: random.Random) -> dict:
    """Split `total` into non-negative integers over `keys` (largest remainder)."""
    if not keys:
        return {}
    weights = [rng.random() + 0.2 for _ in keys]
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    whole = [int(s) for s in shares]
    order = sorted(range(len(keys)), key=lambda i: shares[i] - whole[i], reverse=True)
    for i in order[: total - sum(whole)]:
        whole[i] += 1
    return dict(zip(keys, whole))


def places_for(year: int) -> list[Place]:
    """Return every rated village of `year` in code order, with its rating."""
    centres = set(
        ServiceCentre.objects.filter(built_year__lte=year).values_list(
            "village_id", flat=True
        )
    )
    ratings = StarRating.objects.filter(year=year).select_related(
        "village", "village__township"
    )
    return [
        Place(r.village, r, r.village_id in centres)
        for r in ratings.order_by("village__code")
    ]


def deciding_values(place: Place, rng: random.Random) -> dict[str, object]:
    """Return the values of the deciding tasks: met for held stars, one missed otherwise."""
    values = {
        "branch_training": figures.TRAINING_ROUNDS,
        "branch_org_life": True,
        "industry_cooperative": True,
        "ecology_clean": True,
        "safety_three_zeros": True,
        "safety_patrol": rng.randint(5, 16),
        "civility_village_rules": True,
    }
    for star, choices in MISS_CHOICES.items():
        if getattr(place.rating, star):
            continue
        missed = rng.choice(choices)
        values[missed] = rng.randint(0, 4) if missed == "safety_patrol" else False
    return values


def recorded_values(places: list[Place], year: int, rng: random.Random) -> dict:
    """Return {(task, village id): value} for the tasks that only record the county's work."""
    totals = figures.FIGURES[year]
    ids = [p.village.pk for p in places]
    weak = [p.village.pk for p in places if p.rating.is_weak_branch]
    values = {}
    replaced = set(rng.sample(ids, totals["branch_secretary_replaced"]))
    for pk in ids:
        values[("branch_secretary_replaced", pk)] = pk in replaced
        values[("branch_stationed_cadre", pk)] = True
    # At least one staff member per weak branch, the rest spread.
    extra = spread(totals["branch_rectification_staff"] - len(weak), weak, rng)
    for pk in weak:
        values[("branch_rectification_staff", pk)] = 1 + extra[pk]
    teams = set(rng.sample(ids, totals["civility_volunteer_teams"]))
    for pk in ids:
        values[("civility_volunteer_teams", pk)] = int(pk in teams)
    spreads = {
        "ecology_mobilised": ids,
        "safety_harmonious": ids,
        "civility_party_links": ids,
        "civility_volunteers": sorted(teams),
        "civility_star_households": ids,
        "civility_good_neighbours": ids,
        "civility_centre_investment": [p.village.pk for p in places if p.has_centre],
    }
    for code, keys in spreads.items():
        if totals[code]:
            for pk, amount in spread(totals[code], keys, rng).items():
                values[(code, pk)] = amount
    # Fraud payments stopped: whole thousands of yuan.
    for pk, amount in spread(totals["safety_fraud_stopped"] // 1000, ids, rng).items():
        values[("safety_fraud_stopped", pk)] = amount * 1000
    return values


def value_row(task: Task, place: Place, year: int, value, evidence: str) -> TaskValue:
    flag = value if isinstance(value, bool) else None
    number = None if isinstance(value, bool) else Decimal(value)
    return TaskValue(
        task=task,
        village=place.village,
        year=year,
        flag=flag,
        number=number,
        evidence_text=evidence or DEMO_NOTE,
        is_demo=True,
    )


def task_values(
    tasks: dict[str, Task], places: list[Place], year: int
) -> list[TaskValue]:
    """Return the demo values of `year` for every village, ready for bulk_create."""
    rng = random.Random(SEED * 10_000 + year)
    recorded = recorded_values(places, year, rng)
    rows = []
    for place in places:
        for code, value in deciding_values(place, rng).items():
            rows.append(value_row(tasks[code], place, year, value, ""))
        for code in RECORDED_CODES:
            key = (code, place.village.pk)
            if key in recorded:
                rows.append(value_row(tasks[code], place, year, recorded[key], ""))
        for (code, village_code, at), (value, text) in figures.SHOWCASE.items():
            if at == year and village_code == place.village.code:
                rows.append(value_row(tasks[code], place, year, value, text))
    return rows


def pilots_and_federations(places: list[Place], year: int) -> None:
    """Write the 三变 pilots and the township federations of `year`."""
    rng = random.Random(SEED + year)
    by_code = {p.village.code: p for p in places}
    chosen = [by_code[code] for code in figures.SHOWCASE_PILOTS if code in by_code]
    holders = [p for p in places if p.rating.industry and p not in chosen]
    chosen += rng.sample(holders, figures.THREE_CHANGES_PILOTS[year] - len(chosen))
    forms = [choice.value for choice in ThreeChangesPilot.Form]
    ThreeChangesPilot.objects.bulk_create(
        ThreeChangesPilot(
            village=p.village,
            year=year,
            is_demo=True,
            form=figures.SHOWCASE_PILOTS.get(p.village.code, (rng.choice(forms),))[0],
            note=figures.SHOWCASE_PILOTS.get(p.village.code, ("", DEMO_NOTE))[1],
        )
        for p in chosen
    )
    townships = sorted({p.village.township for p in chosen}, key=lambda t: t.code)
    for township in townships[: figures.FEDERATIONS[year]]:
        federation = Federation.objects.create(
            township=township,
            year=year,
            name=f"{township.name}村级集体经济联合总社",
            is_demo=True,
        )
        federation.villages.set(
            [p.village for p in places if p.village.township == township]
        )


def mediation_centres(places: list[Place], year: int) -> None:
    """Write a mediation centre for each new 平安法治 holder of `year`."""
    existing = set(MediationCentre.objects.values_list("village_id", flat=True))
    MediationCentre.objects.bulk_create(
        MediationCentre(
            village=p.village,
            name=f"{p.village.short_name}矛盾纠纷一站式调解室",
            opened_year=year,
            location=p.village.label_point,
            is_demo=True,
        )
        for p in places
        if p.rating.safety and p.village.pk not in existing
    )


def demo_is_loaded() -> bool:
    return TaskValue.objects.filter(is_demo=True).exists()


@transaction.atomic
def evidence_demo_load(*, years=(2022, 2023)) -> dict[str, int]:
    """Write the demo checklist and every demo row for `years`; return counts by model."""
    for row in demo_task_rows():
        Task.objects.get_or_create(code=row["code"], defaults=row)
    tasks = {task.code: task for task in Task.objects.all()}
    for year in years:
        places = places_for(year)
        TaskValue.objects.bulk_create(task_values(tasks, places, year), batch_size=2000)
        pilots_and_federations(places, year)
        mediation_centres(places, year)
        GridCell.objects.bulk_create(
            grid_cells_for([p.village for p in places], year, SEED), batch_size=500
        )
    models = [Task, TaskValue, ThreeChangesPilot, Federation, MediationCentre, GridCell]
    return {model._meta.model_name: model.objects.count() for model in models}
