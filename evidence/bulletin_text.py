"""The bulletin's sections as plain rows and sentences, shared by the .docx and the PDF.

The bulletin is the county office's circular and is always written in Chinese, whatever
the reader's page language; its wording therefore lives here rather than in the
catalogue.
"""

from evidence.bulletin import Bulletin
from layers.models import Star

STAR_NAMES = {
    "branch": "支部过硬星",
    "industry": "产业兴旺星",
    "ecology": "生态宜居星",
    "safety": "平安法治星",
    "civility": "文明幸福星",
}


def title(bulletin: Bulletin) -> str:
    period = bulletin.period
    if period.is_quarter:
        quarter = (period.start.month - 1) // 3 + 1
        return f"内黄县“五星”支部创建一季一讲评（{period.start.year}年第{quarter}季度）"
    return (
        f"内黄县“五星”支部创建一月一通报（{period.start.year}年{period.start.month}月）"
    )


def change_text(value, suffix="") -> str:
    if value is None:
        return "—"
    if value == 0:
        return "持平"
    return f"{'↑' if value > 0 else '↓'}{abs(value)}{suffix}"


def ranking_rows(bulletin: Bulletin) -> list[list[str]]:
    header = [
        "名次",
        "乡镇（街道）",
        "行政村数",
        "平均星级",
        "五星村",
        "名次变化",
        "平均星级变化",
    ]
    rows = [
        [
            str(r["rank"]),
            r["name"],
            str(r["villages"]),
            f"{r['average']:.2f}",
            str(r["five_star"]),
            change_text(r["rank_change"], "位"),
            change_text(r["average_change"]),
        ]
        for r in bulletin.ranking
    ]
    return [header, *rows]


def star_change_lines(bulletin: Bulletin) -> list[str]:
    lines = [f"{g['village']}新获{STAR_NAMES[g['star']]}" for g in bulletin.gained]
    lines += [
        f"{lost['village']}失去{STAR_NAMES[lost['star']]}" for lost in bulletin.lost
    ]
    return lines or ["本期无村星级变化。"]


def overdue_rows(bulletin: Bulletin) -> list[list[str]]:
    header = ["乡镇", "村", "整改通知单", "整改期限", "逾期天数", "涉及星", "问题"]
    rows = [
        [
            p["township"],
            p["village"],
            p["notice"],
            p["deadline"].isoformat(),
            str(p["days"]),
            STAR_NAMES.get(p["star"], str(Star(p["star"]).label)),
            p["description"],
        ]
        for p in bulletin.overdue
    ]
    return [header, *rows]


def coverage_rows(bulletin: Bulletin) -> list[list[str]]:
    header = ["乡镇", "行政村数", "本期督导村数", "覆盖率"]
    rows = [
        [
            c["name"],
            str(c["villages"]),
            str(c["visited"]),
            f"{(c['share'] or 0) * 100:.1f}%",
        ]
        for c in bulletin.coverage
    ]
    return [header, *rows]


def summary(bulletin: Bulletin) -> str:
    visited = sum(c["visited"] for c in bulletin.coverage)
    villages = sum(c["villages"] for c in bulletin.coverage)
    return (
        f"本期（{bulletin.period.start.isoformat()}至{bulletin.period.end.isoformat()}）"
        f"按{bulletin.year}年度星级统计：新获星{len(bulletin.gained)}个、失星{len(bulletin.lost)}个；"
        f"逾期未销号问题{len(bulletin.overdue)}个；督导组走访{visited}个村"
        f"（共{villages}个村）；本期清理整治点位{bulletin.cleared_in_period}处，"
        f"累计{bulletin.cleared_total}处。"
    )
