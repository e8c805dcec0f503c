"""Split a raster of cells among labelled sites so each label gets a target area.

The partition is a capacity-constrained power diagram on cell centres: a cell goes to
the label that minimises ``squared distance to the label's nearest site - weight``. A
site is a point or a segment (a link between two known points of one label), so a
label can grow as one piece round several known points. Weights follow the area error,
but are held back wherever they would let a label swallow another label's fixed site,
so known points always stay inside their own label. Movable sites follow their cell's
centroid (Lloyd). A smooth warp of the cell centres, calm near fixed sites, bends the
straight power-diagram edges into lines that look drawn.

Plain numpy over plain arrays: no GIS objects and no randomness except the
``random.Random`` passed in, so the same input always gives the same labels.
"""

import math
import random
from dataclasses import dataclass

import numpy as np

NOISE_MODES = 5
STEP = 0.3  # weight change per unit of area error (both m²): d area / d weight is ~2-3
SITE_ROOM = 0.8  # keep each fixed site this far inside its own cell (share of d²)


@dataclass(frozen=True)
class Grid:
    """A north-up raster of square cells; row 0 is the southernmost."""

    x0: float
    y0: float
    size: float
    nx: int
    ny: int

    @classmethod
    def covering(cls, bounds, size: float, margin: int = 2) -> "Grid":
        """Return the grid of `size` cells over `bounds`, `margin` cells to spare."""
        west, south, east, north = bounds
        x0 = math.floor(west / size - margin) * size
        y0 = math.floor(south / size - margin) * size
        nx = math.ceil((east - x0) / size) + margin
        ny = math.ceil((north - y0) / size) + margin
        return cls(x0, y0, size, nx, ny)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the x and y of every cell centre, row by row."""
        xs = self.x0 + (np.arange(self.nx) + 0.5) * self.size
        ys = self.y0 + (np.arange(self.ny) + 0.5) * self.size
        cx, cy = np.meshgrid(xs, ys)
        return cx.ravel(), cy.ravel()

    def cell_of(self, x, y) -> np.ndarray:
        """Return the flat index of the cell holding each point."""
        col = np.floor((np.asarray(x) - self.x0) / self.size).astype(np.int64)
        row = np.floor((np.asarray(y) - self.y0) / self.size).astype(np.int64)
        return row * self.nx + col


@dataclass(frozen=True)
class Wiggle:
    """A smooth warp that bends straight boundaries by up to `amplitude` metres."""

    amplitude: float
    wavelengths: tuple[float, float]
    calm_radius: float  # no warp at a fixed site, full warp from this distance on


@dataclass
class Sites:
    """Seeds in metres: points, or segments joining a label's known points, with labels.

    A point is a segment whose two ends coincide. Only point sites may be movable.
    """

    x: np.ndarray
    y: np.ndarray
    x2: np.ndarray
    y2: np.ndarray
    label: np.ndarray
    labels: int
    movable: np.ndarray

    @classmethod
    def of(cls, points, owners, labels: int, movable=None, ends=None) -> "Sites":
        """Build sites from (x, y) starts, owners, a movable mask and optional ends."""
        starts = np.asarray(points, dtype=float).reshape(-1, 2)
        ends = starts if ends is None else np.asarray(ends, dtype=float).reshape(-1, 2)
        moves = (
            np.zeros(len(starts), bool)
            if movable is None
            else np.asarray(movable, bool)
        )
        return cls(
            starts[:, 0].copy(),
            starts[:, 1].copy(),
            ends[:, 0].copy(),
            ends[:, 1].copy(),
            np.asarray(owners, dtype=np.int64),
            labels,
            moves,
        )

    def points(self) -> list[tuple[float, float]]:
        """Return the start of every site as (x, y)."""
        return list(zip(self.x.tolist(), self.y.tolist()))

    def squared(self, site: int, cx, cy) -> np.ndarray:
        """Return each cell's squared distance to one site."""
        dx, dy = self.x2[site] - self.x[site], self.y2[site] - self.y[site]
        length = dx * dx + dy * dy
        t = (
            0.0
            if length == 0
            else np.clip(
                ((cx - self.x[site]) * dx + (cy - self.y[site]) * dy) / length, 0.0, 1.0
            )
        )
        return (cx - self.x[site] - t * dx) ** 2 + (cy - self.y[site] - t * dy) ** 2

    def samples(self, site: int, spacing: float = 100.0) -> np.ndarray:
        """Return points every `spacing` metres along one site, ends included."""
        steps = (
            int(
                math.hypot(self.x2[site] - self.x[site], self.y2[site] - self.y[site])
                // spacing
            )
            + 1
        )
        t = np.linspace(0.0, 1.0, steps + 1)
        return np.column_stack(
            [
                self.x[site] + t * (self.x2[site] - self.x[site]),
                self.y[site] + t * (self.y2[site] - self.y[site]),
            ]
        )


def warp(cx, cy, sites: Sites, wiggle: Wiggle, rng: random.Random):
    """Return cell centres displaced by smooth noise that fades out near fixed sites."""
    nearest = np.full(cx.shape, np.inf)
    for site in np.flatnonzero(~sites.movable):
        np.minimum(nearest, sites.squared(site, cx, cy), out=nearest)
    calm = np.minimum(1.0, np.sqrt(nearest) / wiggle.calm_radius)
    calm *= wiggle.amplitude / NOISE_MODES
    shifted = []
    for _axis in range(2):
        field = np.zeros(cx.shape)
        for _mode in range(NOISE_MODES):
            k = 2.0 * math.pi / rng.uniform(*wiggle.wavelengths)
            angle = rng.uniform(0.0, math.pi)
            phase = rng.uniform(0.0, 2.0 * math.pi)
            field += np.sin(k * (cx * math.cos(angle) + cy * math.sin(angle)) + phase)
        shifted.append(field * calm)
    return cx + shifted[0], cy + shifted[1]


def relax(cx, cy, counted, sites: Sites, targets, cell_area, steps=20, rounds=8):
    """Alternate weight balancing with Lloyd moves of the movable (point) sites.

    `targets` are cell counts per label; only `counted` cells count towards them.
    Return the moved sites and the weights reached.
    """
    targets = np.asarray(targets, dtype=float)
    weights = np.zeros(sites.labels)
    for _step in range(steps):
        slack = _site_slack(sites)
        squared = np.stack([sites.squared(i, cx, cy) for i in range(len(sites.x))])
        for _round in range(rounds):
            owner = np.argmin(squared - weights[sites.label][:, None], axis=0)
            counts = np.bincount(sites.label[owner[counted]], minlength=sites.labels)
            weights = _keep_sites(
                weights + STEP * (targets - counts) * cell_area, slack
            )
        label = sites.label[owner]
        for site in np.flatnonzero(sites.movable):
            mine = np.flatnonzero((label == sites.label[site]) & counted)
            if len(mine):
                sites.x[site] = sites.x2[site] = cx[mine].mean()
                sites.y[site] = sites.y2[site] = cy[mine].mean()
    return sites, weights


def balance(
    cx,
    cy,
    counted,
    sites: Sites,
    targets,
    cell_area,
    weights=None,
    rounds=60,
    tolerance=0.01,
):
    """Tune label weights until each label's counted cells reach its target.

    Return every cell's label, the largest relative area error, and per label and cell
    the squared distance to the label's nearest site and the weight reached.
    """
    targets = np.asarray(targets, dtype=float)
    weights = np.zeros(sites.labels) if weights is None else weights
    squared = np.full((sites.labels, len(cx)), np.inf)
    for site, label in enumerate(sites.label.tolist()):
        np.minimum(squared[label], sites.squared(site, cx, cy), out=squared[label])
    slack = _site_slack(sites)
    for _round in range(rounds):
        labels = np.argmin(squared - weights[:, None], axis=0)
        counts = np.bincount(labels[counted], minlength=sites.labels).astype(float)
        error = counts / targets - 1.0
        if np.max(np.abs(error)) < tolerance:
            break
        weights = _keep_sites(weights + STEP * (targets - counts) * cell_area, slack)
    return labels, float(np.max(np.abs(error))), squared, weights


def _site_slack(sites: Sites) -> list[tuple[int, int, float]]:
    """List (own, other, room): how far `other`'s weight may exceed `own`'s.

    Only fixed sites are protected; a movable site may be squeezed out and move on.
    """
    limits = {}
    for site in np.flatnonzero(~sites.movable).tolist():
        own = int(sites.label[site])
        along = sites.samples(site)
        for other in range(len(sites.x)):
            theirs = int(sites.label[other])
            if theirs == own:
                continue
            nearest = float(sites.squared(other, along[:, 0], along[:, 1]).min())
            room = SITE_ROOM * nearest
            limits[(own, theirs)] = min(limits.get((own, theirs), math.inf), room)
    return sorted((own, other, room) for (own, other), room in limits.items())


def _keep_sites(weights, slack, passes: int = 100):
    """Pull weights back until no label's weight lets it take another's fixed site."""
    weights = weights.copy()
    for _pass in range(passes):
        worst = 0.0
        for own, other, room in slack:
            excess = weights[other] - weights[own] - room
            if excess > 0.0:
                weights[other] -= excess / 2.0
                weights[own] += excess / 2.0
                worst = max(worst, excess)
        if worst == 0.0:
            break
    return weights - weights.mean()


def blue_noise(
    cx, cy, count: int, fixed, area: float, rng: random.Random, attempts=3000
):
    """Pick `count` cell centres spread like Poisson-disk samples round `fixed`.

    Start from a spacing suited to `area` and shrink it until enough points fit.
    """
    spacing = 0.8 * math.sqrt(area / max(count + len(fixed), 1))
    while True:
        chosen = list(fixed)
        misses = 0
        while len(chosen) < len(fixed) + count and misses < attempts:
            i = rng.randrange(len(cx))
            x, y = float(cx[i]), float(cy[i])
            if all(math.hypot(x - px, y - py) >= spacing for px, py in chosen):
                chosen.append((x, y))
                misses = 0
            else:
                misses += 1
        if len(chosen) == len(fixed) + count:
            return chosen[len(fixed) :]
        spacing *= 0.9
