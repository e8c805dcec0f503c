"""An import report as the page shows it, and as a background job stores it (JSON)."""

import json

MAP_FEATURES = 5000  # the preview map draws at most this many rows


def as_json(report) -> dict:
    """Return what the page needs from a report: plain JSON, no model objects."""
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    features = []
    for row, outcome, key, shape in report.outcomes:
        counts[outcome] += 1
        if len(features) < MAP_FEATURES:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"row": row, "outcome": outcome, "key": key},
                    "geometry": json.loads(shape.json) if shape is not None else None,
                }
            )
    return {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "summary": report.summary(),
        "notes": list(report.notes),
        "problems": [
            {
                "row": e.row or "",
                "line": report.line_of(e.row) or "",
                "field": e.field,
                "reason": e.reason,
            }
            for e in report.errors[:2000]
        ],
        "outcomes": {"type": "FeatureCollection", "features": features},
        "counts": counts,
    }
