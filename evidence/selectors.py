"""Reads of the evidence: a village's card, the differences, the township roll-up."""

from django.db.models import QuerySet

from accounts import policy
from evidence.evaluation import StarResult, TaskResult, VillageResult, year_evaluations
from layers.models import STAR_FIELDS, CreationTarget, Star, StarRating, Township


def ratings_of(*, year: int, user, township: str | None = None) -> QuerySet[StarRating]:
    """Return the ratings of `year` the user reads, optionally of one township (code)."""
    ratings = policy.readable(user, StarRating.objects.filter(year=year))
    if township:
        ratings = ratings.filter(village__township__code=township)
    return ratings.order_by("village__code")


def task_json(result: TaskResult) -> dict:
    entry, task = result.evidence, result.task
    value = result.value
    return {
        "code": task.code,
        "name": task.name,
        "measure": task.measure,
        "unit": task.unit,
        "rule": task.rule,
        "threshold": None if task.threshold is None else float(task.threshold),
        "decides_star": task.decides_star,
        "is_demo": task.is_demo,
        "assumption": task.assumption,
        "value": value if value is None or isinstance(value, bool) else float(value),
        "met": result.met,
        "shortfall": None if result.shortfall is None else float(result.shortfall),
        "text": result.text,
        "evidence": None
        if entry is None
        else {
            "text": entry.evidence_text,
            "file": entry.evidence_file.url if entry.evidence_file else None,
            "recorded_by": entry.recorded_by.get_username()
            if entry.recorded_by_id
            else None,
            "recorded_at": entry.recorded_at.isoformat(),
        },
    }


def star_json(star: StarResult, with_tasks: bool = True) -> dict:
    found = {
        "star": star.star,
        "name": str(Star(star.star).label),
        "held": star.held,
        "suggested": star.suggested,
        "missing": [r.text for r in star.missing],
    }
    if with_tasks:
        found["tasks"] = [task_json(r) for r in star.tasks]
    return found


def village_json(result: VillageResult, with_tasks: bool = True) -> dict:
    """Return one village's evaluation as plain JSON data."""
    village = result.rating.village
    return {
        "village_code": village.code,
        "village_name": village.short_name,
        "township_code": village.township.code,
        "township_name": village.township.name,
        "year": result.rating.year,
        "recorded_level": result.recorded_level,
        "suggested_level": result.suggested_level,
        "differs": bool(result.differing),
        "stars": [
            star_json(s, with_tasks)
            for s in (result.stars if with_tasks else result.differing)
        ],
    }


def village_card(*, rating: StarRating) -> dict:
    from evidence.evaluation import village_evaluation

    return village_json(village_evaluation(rating=rating))


def difference_list(*, ratings: QuerySet[StarRating]) -> list[dict]:
    """Return the villages whose suggested stars differ, with the differing stars only."""
    return [
        village_json(r, with_tasks=False)
        for r in year_evaluations(ratings=ratings)
        if r.differing
    ]


LEVELS = (5, 4, 3, 2, 1)


def township_rollup(*, year: int, user) -> list[dict]:
    """Return per readable township: rated villages; per star the villages meeting its
    tasks (`<star>_met`) and holding it (`<star>_held`); per level the township's target
    (`target_<n>`), the villages recorded at it (`recorded_<n>`) and suggested at it
    (`suggested_<n>`); and the number of differences."""
    targets: dict[int, dict[int, int]] = {}
    for target in CreationTarget.objects.filter(year=year, township__isnull=False):
        targets.setdefault(target.township_id, {})[target.level] = target.count
    rows = {}
    for township in policy.readable(user, Township.objects.all()).order_by("code"):
        rows[township.pk] = {
            "township_code": township.code,
            "township_name": township.name,
            "villages": 0,
            **{f"{star}_{kind}": 0 for star in STAR_FIELDS for kind in ("met", "held")},
            **{
                f"{kind}_{level}": 0
                if kind != "target"
                else targets.get(township.pk, {}).get(level, 0)
                for level in LEVELS
                for kind in ("target", "recorded", "suggested")
            },
            "differences": 0,
        }
    for result in year_evaluations(ratings=ratings_of(year=year, user=user)):
        row = rows.get(result.rating.village.township_id)
        if row is None:
            continue
        row["villages"] += 1
        for star in result.stars:
            row[f"{star.star}_met"] += star.suggested
            row[f"{star.star}_held"] += star.held
        for kind, level in (
            ("recorded", result.recorded_level),
            ("suggested", result.suggested_level),
        ):
            if level in LEVELS:
                row[f"{kind}_{level}"] += 1
        row["differences"] += bool(result.differing)
    return list(rows.values())


def county_total(rows: list[dict]) -> dict:
    """Return the county row: the sum of every count over the township rows."""
    total = {"township_code": "", "township_name": "", "is_total": True}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, int) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
    return total
