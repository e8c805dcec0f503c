"""Measure a generated schematic: area proportionality, overlaps, gaps, points inside.

Areas are square metres on an equal-area (sinusoidal) projection of the WGS 84 polygons
exactly as written, so the figures describe the files, not the raster behind them.
"""

from dataclasses import dataclass

import numpy as np
import shapely


@dataclass
class Figures:
    township_ratios: dict[str, float]  # area / (county area × village share), by code
    village_ratio_range: tuple[float, float]  # area / township's mean village area
    village_ratio_cv: float
    township_overlap_m2: float  # summed pairwise intersections
    village_overlap_m2: float
    gap_m2: float  # outline minus the union of townships
    excess_m2: float  # union of townships outside the outline
    villages_outside_m2: float  # village area outside its own township, summed
    seats_real: int
    points_real: int
    raster_errors: tuple[float, float]
    names: dict[str, str]  # township name by code

    def lines(self) -> list[str]:
        """Describe the figures in a few printable lines."""
        ratios = sorted(self.township_ratios.values())
        low, high = self.village_ratio_range
        each = ", ".join(
            f"{self.names[code]} {ratio:.2f}"
            for code, ratio in sorted(self.township_ratios.items())
        )
        return [
            f"township area / village-count share: {ratios[0]:.3f} to {ratios[-1]:.3f}",
            f"  ({each})",
            f"village area / township mean: {low:.2f} to {high:.2f}"
            f" (coefficient of variation {self.village_ratio_cv:.3f})",
            f"overlaps: townships {self.township_overlap_m2:.3f} m²,"
            f" villages {self.village_overlap_m2:.3f} m²",
            f"outline not covered {self.gap_m2:.3f} m², covered beyond it"
            f" {self.excess_m2:.3f} m²; village area outside its township"
            f" {self.villages_outside_m2:.3f} m²",
            f"known points used: {self.seats_real} township seats,"
            f" {self.points_real} village points",
            f"raster stage worst area miss: townships {self.raster_errors[0]:.3f},"
            f" villages {self.raster_errors[1]:.3f}",
        ]


def measure(schematic) -> Figures:
    """Measure a `layers.demo.schematic.Schematic`."""
    inputs = schematic.inputs
    metres = inputs.projection.geometry_to_metres
    townships = metres(np.array(schematic.townships, dtype=object))
    villages = metres(np.array(schematic.villages, dtype=object))
    outline = metres(inputs.outline)
    union = shapely.union_all(townships)
    total = len(inputs.villages)
    ratios = {
        t.code: float(shapely.area(polygon)) / (outline.area * len(t.villages) / total)
        for t, polygon in zip(inputs.townships, townships)
    }
    index = {t.code: i for i, t in enumerate(inputs.townships)}
    parent = np.array([index[v.township_code] for v in inputs.villages])
    areas = shapely.area(villages)
    means = np.array([areas[parent == t].mean() for t in range(len(townships))])
    relative = areas / means[parent]
    outside = shapely.area(shapely.difference(villages, townships[parent]))
    return Figures(
        township_ratios=ratios,
        village_ratio_range=(float(relative.min()), float(relative.max())),
        village_ratio_cv=float(relative.std() / relative.mean()),
        township_overlap_m2=overlap(townships),
        village_overlap_m2=overlap(villages),
        gap_m2=float(outline.difference(union).area),
        excess_m2=float(union.difference(outline).area),
        villages_outside_m2=float(outside.sum()),
        seats_real=sum(source == "amap_2016_point" for _p, source in schematic.seats),
        points_real=sum(source == "amap_2016_point" for _p, source in schematic.labels),
        raster_errors=schematic.raster_errors,
        names={t.code: t.name for t in inputs.townships},
    )


def overlap(polygons: np.ndarray) -> float:
    """Return the summed area of all pairwise intersections among `polygons`."""
    left, right = shapely.STRtree(polygons).query(polygons, predicate="intersects")
    keep = left < right
    return float(
        shapely.area(
            shapely.intersection(polygons[left[keep]], polygons[right[keep]])
        ).sum()
    )
