"""Small inline SVG charts for the pages (no chart library needed, prints crisply)."""

from dataclasses import dataclass

from .styles import LEVEL_COLOURS, LEVEL_LABELS

BAR_WIDTH = 260
ROW_HEIGHT = 26
LABEL_WIDTH = 120


@dataclass(frozen=True)
class Bar:
    label: str
    colour: str
    count: int
    target: int | None
    y: int
    count_width: int
    target_width: int | None
    met: bool


def progress_bars(levels: list[dict]) -> dict:
    """Return the geometry of a villages-vs-target bar chart, one row per star level."""
    top = max(
        [row["count"] for row in levels] + [row["target"] or 0 for row in levels] + [1]
    )
    bars = []
    for index, row in enumerate(levels):
        target = row["target"]
        bars.append(
            Bar(
                label=str(LEVEL_LABELS[row["level"]]),
                colour=LEVEL_COLOURS[row["level"]],
                count=row["count"],
                target=target,
                y=index * ROW_HEIGHT,
                count_width=round(BAR_WIDTH * row["count"] / top),
                target_width=round(BAR_WIDTH * target / top)
                if target is not None
                else None,
                # Green or red: this level *or higher* against the targets of this
                # level and higher (layers/coverage.py, completion_sql).
                met=row.get("met", True),
            )
        )
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "width": LABEL_WIDTH + BAR_WIDTH + 90,
        "height": len(bars) * ROW_HEIGHT + 4,
        "row_height": ROW_HEIGHT,
    }
