"""Demo inspections per the county report (domain.md): deterministic, safe to run again.

2022: 4 groups visit all villages; 34 notices carry 105 problems, all ticked off within 2022.
2023: a spring round of visits with a few notices whose problems are partly still open past
their deadlines (overdue). Names of people are placeholders (张某某), not real officials.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from inspections.models import InspectionGroup, Problem, RectificationNotice, Visit
from layers.models import Village

SEED = 20221121  # the report's publication date
GROUPS = [
    ("第一督导组", "张某某", "李某某\n王某某"),
    ("第二督导组", "刘某某", "陈某某\n杨某某"),
    ("第三督导组", "赵某某", "黄某某\n周某某"),
    ("第四督导组", "吴某某", "徐某某\n孙某某"),
]
NOTICES_2022, PROBLEMS_2022 = 34, 105
ISSUES = {
    "branch": ["“三会一课”记录不全", "党员发展程序不规范", "村务公开栏未及时更新"],
    "industry": [
        "村集体经济收入台账不清",
        "土地流转合同未备案",
        "合作社分红方案未公示",
    ],
    "ecology": [
        "坑塘垃圾未清理到位",
        "残垣断壁未拆除",
        "空心院未整治",
        "道路两侧柴草乱堆",
    ],
    "safety": ["“三零”创建台账不完整", "矛盾纠纷排查记录缺失", "夜间巡逻制度未落实"],
    "civility": [
        "党群服务中心功能室未开放",
        "志愿服务活动记录偏少",
        "星级文明户评选未公示",
    ],
}


@dataclass
class DemoReport:
    groups: int = 0
    visits: int = 0
    notices: int = 0
    problems: int = 0

    def __str__(self):
        return (
            f"{self.groups} inspection groups, {self.visits} visits, "
            f"{self.notices} notices, {self.problems} problems"
        )


def working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Return Monday–Friday dates from start to end inclusive."""
    days = (start + datetime.timedelta(n) for n in range((end - start).days + 1))
    return [day for day in days if day.weekday() < 5]


def groups_ensure() -> list[InspectionGroup]:
    """Create or update the four demo groups (based at the county seat)."""
    return [
        InspectionGroup.objects.update_or_create(
            name=name, defaults={"leader": leader, "members": members}
        )[0]
        for name, leader, members in GROUPS
    ]


def villages_by_group(
    groups: list[InspectionGroup],
) -> dict[InspectionGroup, list[Village]]:
    """Split the townships (in code order) into one contiguous block per group."""
    villages = list(Village.objects.select_related("township").order_by("code"))
    townships = sorted({v.township.code for v in villages})
    block = -(-len(townships) // len(groups))
    owner = {code: groups[i // block] for i, code in enumerate(townships)}
    split = {group: [] for group in groups}
    for village in villages:
        split[owner[village.township.code]].append(village)
    return split


def visit_round(
    split, days: list[datetime.date], rng, share: float = 1.0
) -> list[Visit]:
    """Visit `share` of each group's villages, spread evenly over the working days.

    Rows that exist already are left as they are (ignore_conflicts on the unique key), so a
    second run adds nothing.
    """
    visits = []
    for group, villages in split.items():
        chosen = (
            villages
            if share >= 1
            else sorted(
                rng.sample(villages, round(len(villages) * share)), key=lambda v: v.code
            )
        )
        for i, village in enumerate(chosen):
            day = days[i * len(days) // max(1, len(chosen))]
            visits.append(
                Visit(
                    group=group,
                    village=village,
                    visited_on=day,
                    findings="按“四不两直”方式督导",
                )
            )
    Visit.objects.bulk_create(visits, ignore_conflicts=True, batch_size=1000)
    return visits


def problems_for(rng, count: int) -> list[tuple[str, str]]:
    """Return `count` (star, description) pairs drawn from the issue list."""
    stars = rng.sample(list(ISSUES), k=min(count, len(ISSUES)))
    stars += [rng.choice(list(ISSUES)) for _ in range(count - len(stars))]
    return [(star, rng.choice(ISSUES[star])) for star in stars]


def notice_from(visit: Visit, number: str, issues, closes: list[tuple | None]) -> int:
    """Create or update a notice for a visit with its problems; return the problem count."""
    notice, _ = RectificationNotice.objects.update_or_create(
        number=number,
        defaults={
            "village": visit.village,
            "group": visit.group,
            "issued_on": visit.visited_on,
            "deadline": visit.visited_on + datetime.timedelta(days=30),
        },
    )
    notice.problems.exclude(seq__lte=len(issues)).delete()
    for seq, ((star, text), close) in enumerate(
        zip(issues, closes, strict=True), start=1
    ):
        status, rectified, closed = close or (Problem.Status.PENDING, None, None)
        Problem.objects.update_or_create(
            notice=notice,
            seq=seq,
            defaults={
                "star": star,
                "description": text,
                "status": status,
                "rectified_on": rectified,
                "closed_on": closed,
                "closed_by": visit.group.leader if closed else "",
            },
        )
    return len(issues)


def ticked_off(rng, issued: datetime.date) -> tuple:
    """Return a (closed status, rectified on, ticked off on) within 35 days of issue."""
    rectified = issued + datetime.timedelta(days=rng.randint(7, 25))
    return (
        Problem.Status.CLOSED,
        rectified,
        rectified + datetime.timedelta(rng.randint(2, 10)),
    )


def notices_2022(visits: list[Visit], rng) -> tuple[int, int]:
    """Issue the 34 notices of 2022 (105 problems), every problem ticked off in 2022."""
    chosen = sorted(
        rng.sample(visits, NOTICES_2022), key=lambda v: (v.visited_on, v.village.code)
    )
    extra = PROBLEMS_2022 - 3 * NOTICES_2022  # notices with a fourth problem
    problems = 0
    for n, visit in enumerate(chosen, start=1):
        count = 4 if n <= extra else 3
        closes = [ticked_off(rng, visit.visited_on) for _ in range(count)]
        problems += notice_from(
            visit, f"内督整〔2022〕{n}号", problems_for(rng, count), closes
        )
    return len(chosen), problems


def open_state(rng, issued: datetime.date, i: int):
    """Return a 2023 problem's state, cycling ticked off, being rectified, awaiting check,
    pending (None): all but the first are still open."""
    stage = i % 4
    if stage == 0:
        return ticked_off(rng, issued)
    if stage == 1:
        return Problem.Status.IN_PROGRESS, None, None
    if stage == 2:
        return Problem.Status.AWAITING_CHECK, issued + datetime.timedelta(days=20), None
    return None


def notices_2023(visits: list[Visit], rng) -> tuple[int, int]:
    """Issue six 2023 notices whose problems are partly still open past the deadline."""
    chosen = sorted(rng.sample(visits, 6), key=lambda v: (v.visited_on, v.village.code))
    problems = 0
    for n, visit in enumerate(chosen, start=1):
        count = 2 + n % 2
        closes = [open_state(rng, visit.visited_on, n + i) for i in range(count)]
        problems += notice_from(
            visit, f"内督整〔2023〕{n}号", problems_for(rng, count), closes
        )
    return len(chosen), problems


def loaded_report() -> DemoReport | None:
    """Return what is there when the demo is already loaded, else None."""
    if (
        RectificationNotice.objects.filter(number__startswith="内督整〔2022〕").count()
        != NOTICES_2022
    ):
        return None
    names = [name for name, _, _ in GROUPS]
    return DemoReport(
        groups=InspectionGroup.objects.filter(name__in=names).count(),
        visits=Visit.objects.filter(group__name__in=names).count(),
        notices=RectificationNotice.objects.filter(number__startswith="内督整").count(),
        problems=Problem.objects.filter(notice__number__startswith="内督整").count(),
    )


@transaction.atomic
def load_inspection_demo(*, force: bool = False) -> DemoReport:
    """Load the demo groups, visits, notices and problems (needs villages).

    Once loaded, a second call changes nothing, so later work on the ledger (problems moved
    on, ticked off) survives `make run`; force=True writes the demo rows again.
    """
    existing = None if force else loaded_report()
    if existing is not None:
        return existing
    rng = random.Random(SEED)
    groups = groups_ensure()
    report = DemoReport(groups=len(groups))
    split = villages_by_group(groups)
    if not any(split.values()):
        return report
    days22 = working_days(datetime.date(2022, 4, 6), datetime.date(2022, 10, 28))
    days23 = working_days(datetime.date(2023, 3, 6), datetime.date(2023, 5, 26))
    visits22 = visit_round(split, days22, rng)
    visits23 = visit_round(split, days23, rng, share=0.25)
    n22, p22 = notices_2022(visits22, rng)
    n23, p23 = notices_2023(visits23, rng)
    report.visits = len(visits22) + len(visits23)
    report.notices, report.problems = n22 + n23, p22 + p23
    return report
