"""Turn a labelled raster into polygons that share their edges exactly.

Every boundary between two labels is traced once, as a chain between junctions,
simplified once and then noded together with the outline on a fixed coordinate grid
(snap rounding). The faces of that one arrangement are dissolved into the labelled
polygons, so two neighbours always use the same vertices for their common edge, even
after rounding.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely

EARTH_RADIUS = 6371007.2  # metres, the authalic sphere: equal-area maths on it is exact


@dataclass(frozen=True)
class Sinusoidal:
    """An equal-area sinusoidal projection centred on `lon0`, in metres."""

    lon0: float

    def to_metres(self, coords: np.ndarray) -> np.ndarray:
        """Project an (n, 2) array of lon/lat degrees to x/y metres."""
        lat = np.radians(coords[:, 1])
        x = np.radians(coords[:, 0] - self.lon0) * np.cos(lat) * EARTH_RADIUS
        return np.column_stack([x, lat * EARTH_RADIUS])

    def to_degrees(self, coords: np.ndarray) -> np.ndarray:
        """Unproject an (n, 2) array of x/y metres to lon/lat degrees."""
        lat = coords[:, 1] / EARTH_RADIUS
        lon = self.lon0 + np.degrees(coords[:, 0] / (EARTH_RADIUS * np.cos(lat)))
        return np.column_stack([lon, np.degrees(lat)])

    def geometry_to_metres(self, geometry):
        """Return the geometry (or array of them) in projected metres."""
        return shapely.transform(geometry, self.to_metres)

    def geometry_to_degrees(self, geometry):
        """Return the geometry (or array of them) back in lon/lat degrees."""
        return shapely.transform(geometry, self.to_degrees)


def boundary_chains(labels: np.ndarray, tolerance: float) -> np.ndarray:
    """Return the simplified lines between differently labelled cells, in cell units.

    `labels` is (rows, cols) with -1 for cells to ignore. Each chain runs from junction
    to junction (or round a closed loop), so simplifying it cannot unhook a neighbour.
    """
    segments = []
    rows, cols = labels.shape
    below, above = labels[:-1, :], labels[1:, :]
    r, c = np.nonzero((below != above) & (below >= 0) & (above >= 0))
    segments.append(
        np.stack([np.column_stack([c, r + 1]), np.column_stack([c + 1, r + 1])], 1)
    )
    left, right = labels[:, :-1], labels[:, 1:]
    r, c = np.nonzero((left != right) & (left >= 0) & (right >= 0))
    segments.append(
        np.stack([np.column_stack([c + 1, r]), np.column_stack([c + 1, r + 1])], 1)
    )
    lines = shapely.linestrings(np.concatenate(segments).astype(float))
    chains = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(lines)))
    return shapely.simplify(chains, tolerance, preserve_topology=True)


def faces(lines: np.ndarray, outline, grid_size: float) -> np.ndarray:
    """Node `lines`, clipped, with `outline`'s boundary on a grid; return the faces."""
    clipped = shapely.intersection(lines, outline)
    everything = np.concatenate([clipped, [shapely.boundary(outline)]])
    noded = shapely.union_all(everything, grid_size=grid_size)
    return shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))


def adjacency(polygons: np.ndarray) -> dict[int, dict[int, float]]:
    """Return, for each polygon, its edge-sharing neighbours and the shared length."""
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    rings = shapely.boundary(polygons)
    shared = shapely.length(shapely.intersection(rings[left], rings[right]))
    neighbours = defaultdict(dict)
    for i, j, length in zip(left.tolist(), right.tolist(), shared.tolist()):
        if length > 0.0:
            neighbours[i][j] = length
            neighbours[j][i] = length
    return neighbours


def heal(labels: np.ndarray, parent: np.ndarray, neighbours, areas, rounds: int = 20):
    """Reassign stray face groups until every parent and every label is one piece.

    `labels` gives each face a label, `parent` each label its parent (a village's
    township). A parent's smaller pieces join the neighbouring label they share the most
    edge with; then a label's smaller pieces join a neighbour under the same parent.
    Return the new labels and how many faces moved.
    """
    labels = labels.copy()
    moved = 0
    for _round in range(rounds):
        step = _merge_pieces(
            labels, lambda f: parent[labels[f]], neighbours, areas, None
        )
        step += _merge_pieces(labels, lambda f: labels[f], neighbours, areas, parent)
        moved += step
        if step == 0:
            return labels, moved
    raise RuntimeError("stray pieces kept moving; the partition did not settle")


def _merge_pieces(labels, key_of, neighbours, areas, parent) -> int:
    """Give every piece but the largest of each key to its best neighbour."""
    pieces = defaultdict(list)
    for piece in _pieces(len(labels), key_of, neighbours):
        pieces[key_of(piece[0])].append(piece)
    moved = 0
    for key in sorted(pieces):
        ranked = sorted(pieces[key], key=lambda p: (-sum(areas[f] for f in p), min(p)))
        for piece in ranked[1:]:
            target = _best_neighbour(piece, labels, neighbours, parent)
            if target is not None:
                labels[piece] = target
                moved += len(piece)
    return moved


def _pieces(count: int, key_of, neighbours):
    """Yield the edge-connected groups of faces sharing a key, as sorted lists."""
    seen = np.zeros(count, dtype=bool)
    for start in range(count):
        if seen[start]:
            continue
        seen[start] = True
        stack, piece = [start], []
        while stack:
            face = stack.pop()
            piece.append(face)
            for other in neighbours.get(face, {}):
                if not seen[other] and key_of(other) == key_of(start):
                    seen[other] = True
                    stack.append(other)
        yield sorted(piece)


def _best_neighbour(piece, labels, neighbours, parent):
    """Return the label sharing most edge with `piece` (same parent, if given)."""
    own = labels[piece[0]]
    inside = set(piece)
    shared = defaultdict(float)
    for face in piece:
        for other, length in neighbours.get(face, {}).items():
            label = labels[other]
            if other in inside or label == own:
                continue
            if parent is not None and parent[label] != parent[own]:
                continue
            shared[label] += length
    if not shared:
        return None
    return max(sorted(shared), key=lambda label: shared[label])


def dissolve(polygons: np.ndarray, groups: np.ndarray, count: int):
    """Union the polygons of each group 0..count-1.

    The faces share exactly noded edges, so the union adds no vertex: the result
    stays on whatever grid the faces were noded on.
    """
    return [shapely.union_all(polygons[groups == group]) for group in range(count)]
