"""Evaluate the checklist: each star's tasks met or missing, and the suggested level.

The recorded rating (layers.StarRating) stays the decision; the suggested level is what
the rules give, shown beside it, and every difference is listed for the county office.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from evidence.models import Task, TaskValue
from evidence.wording import sentence
from layers.models import STAR_FIELDS, StarRating


@dataclass
class TaskResult:
    task: Task
    value: object
    met: bool | None  # None: recorded only
    shortfall: Decimal | None
    evidence: TaskValue | None

    @property
    def text(self) -> str:
        return sentence(self.task, self.value, self.met, self.shortfall)


@dataclass
class StarResult:
    star: str
    held: bool
    tasks: list[TaskResult] = field(default_factory=list)

    @property
    def suggested(self) -> bool:
        return all(r.met for r in self.tasks if r.task.decides_star)

    @property
    def missing(self) -> list[TaskResult]:
        return [r for r in self.tasks if r.met is False]


@dataclass
class VillageResult:
    rating: StarRating
    stars: list[StarResult]

    @property
    def recorded_level(self) -> int:
        return sum(s.held for s in self.stars)

    @property
    def suggested_level(self) -> int:
        return sum(s.suggested for s in self.stars)

    @property
    def differing(self) -> list[StarResult]:
        return [s for s in self.stars if s.held != s.suggested]


def task_value(task: Task, rating: StarRating, entry: TaskValue | None):
    """Return the value of `task` for a village: from the rating or the entered value."""
    if task.source != Task.Source.VALUE:
        return getattr(rating, task.source)
    if entry is None:
        return None
    return entry.flag if task.measure == Task.Measure.YES_NO else entry.number


def judge(task: Task, value) -> tuple[bool | None, Decimal | None]:
    """Return (met, shortfall) of `task` for `value` (met None: recorded only)."""
    if task.rule == Task.Rule.RECORD:
        return None, None
    if value is None:
        return False, None
    if task.rule == Task.Rule.YES:
        return bool(value), None
    shortfall = task.threshold - Decimal(value)
    return shortfall <= 0, max(shortfall, Decimal(0))


def evaluate(
    rating: StarRating, tasks: list[Task], entries: dict[int, TaskValue]
) -> VillageResult:
    """Evaluate one rating against `tasks` given its entered values by task id."""
    stars = {star: StarResult(star, getattr(rating, star)) for star in STAR_FIELDS}
    for task in tasks:
        entry = entries.get(task.pk)
        value = task_value(task, rating, entry)
        met, shortfall = judge(task, value)
        stars[task.star].tasks.append(TaskResult(task, value, met, shortfall, entry))
    return VillageResult(rating, list(stars.values()))


def checklist() -> list[Task]:
    return list(Task.objects.order_by("star", "order", "code"))


def village_evaluation(*, rating: StarRating) -> VillageResult:
    """Evaluate one village's rating of one year."""
    entries = {
        e.task_id: e
        for e in TaskValue.objects.filter(
            village_id=rating.village_id, year=rating.year
        ).select_related("recorded_by")
    }
    return evaluate(rating, checklist(), entries)


def year_evaluations(*, ratings) -> list[VillageResult]:
    """Evaluate many ratings (a queryset of one year or more) with two queries."""
    ratings = list(ratings.select_related("village", "village__township"))
    years = {r.year for r in ratings}
    villages = [r.village_id for r in ratings]
    entries: dict[tuple[int, int], dict[int, TaskValue]] = {}
    for entry in TaskValue.objects.filter(
        year__in=years, village_id__in=villages
    ).defer("evidence_text"):
        entries.setdefault((entry.village_id, entry.year), {})[entry.task_id] = entry
    tasks = checklist()
    return [
        evaluate(r, tasks, entries.get((r.village_id, r.year), {})) for r in ratings
    ]


def differences(*, ratings) -> list[VillageResult]:
    """Return the evaluations whose suggested stars differ from the recorded ones."""
    return [result for result in year_evaluations(ratings=ratings) if result.differing]
