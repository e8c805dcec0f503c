"""Label a raster over Neihuang by township, then by village (the raster stage).

Three nested splits, each a capacity-constrained power diagram grown from known points
and finished by trading boundary cells (see `partition` and `rebalance`):

1. the county into units (a unit is a township, or the townships carved from one
   predecessor, here 繁阳街道 + 龙庆街道 from 城关镇 and 张龙乡), by village count;
2. each shared unit into its townships, by village count;
3. each township into its villages, equal shares, seeded at the known village points and
   at blue-noise points relaxed by Lloyd.
"""

import math
import random
from dataclasses import dataclass

import numpy as np
import shapely

from layers.demo import partition, rebalance
from layers.demo.partition import Grid, Sites, Wiggle
from layers.demo.schematic_inputs import Inputs, Township

SEED = "neihuang-schematic-1"
CELL_METRES = 50.0
TOWNSHIP_WIGGLE = Wiggle(
    amplitude=400.0, wavelengths=(3000.0, 9000.0), calm_radius=1000.0
)
VILLAGE_WIGGLE = Wiggle(amplitude=100.0, wavelengths=(700.0, 2500.0), calm_radius=250.0)
TOWNSHIP_TOLERANCE = (
    0.20  # trade cells until every township is within 20 % of its target
)
VILLAGE_TOLERANCE = 0.20
LLOYD_STEPS = 6
CLAIM_RADIUS = (
    2  # cells round a known point forced into its label (100 m > simplification)
)
KEEP_RADIUS = (
    6  # ... and never traded away (300 m), so known points do not end up on a spit
)


@dataclass
class Raster:
    """The working raster: its grid and, per cell, its centre and whether it counts."""

    grid: Grid
    cx: np.ndarray  # (rows, cols) cell centres in metres
    cy: np.ndarray
    inside: (
        np.ndarray
    )  # (rows, cols): the centre is inside the outline, so the cell counts
    active: (
        np.ndarray
    )  # (rows, cols): inside, or close enough to be clipped by the outline

    def centre(self, point) -> tuple[float, float]:
        """Return the centre of the cell under an (x, y) point."""
        row, col = self.cell(point)
        return float(self.cx[row, col]), float(self.cy[row, col])

    def cell(self, point) -> tuple[int, int]:
        """Return the (row, col) of the cell under an (x, y) point."""
        flat = int(self.grid.cell_of(point[0], point[1]))
        return divmod(flat, self.grid.nx)


@dataclass
class Region:
    """A crop of the raster and the cells in it that one split shares out."""

    box: tuple[slice, slice]
    cells: np.ndarray  # (rows, cols) bool within the crop

    @classmethod
    def of(cls, mask: np.ndarray) -> "Region":
        """Return the crop round the True cells of `mask`, one spare cell each side."""
        rows, cols = np.nonzero(mask)
        box = np.s_[rows.min() - 1 : rows.max() + 2, cols.min() - 1 : cols.max() + 2]
        return cls(box, mask[box])

    def local(self, raster: Raster, point) -> int:
        """Return the flat index, within the crop, of the cell under `point`."""
        row, col = raster.cell(point)
        width = self.cells.shape[1]
        return (row - self.box[0].start) * width + (col - self.box[1].start)


def build_raster(outline_m, cell: float = CELL_METRES) -> Raster:
    """Lay a grid of `cell`-metre squares over the projected outline."""
    grid = Grid.covering(outline_m.bounds, cell, margin=3)
    cx, cy = grid.centres()
    near = shapely.buffer(outline_m, 2.0 * cell)
    shapely.prepare(near)
    shapely.prepare(outline_m)
    shape = (grid.ny, grid.nx)
    inside = shapely.contains_xy(outline_m, cx, cy).reshape(shape)
    active = shapely.contains_xy(near, cx, cy).reshape(shape)
    return Raster(grid, cx.reshape(shape), cy.reshape(shape), inside, active)


def village_grid(raster: Raster, inputs: Inputs):
    """Return a (rows, cols) grid of village indices (-1 outside) and the area errors.

    The errors are the worst relative area miss among townships and among villages, both
    measured in cells before polygons are drawn.
    """
    units = inputs.units
    shares = [len(unit.villages) for unit in units]
    skeletons = [(unit.sites, unit.links) for unit in units]
    whole = Region(np.s_[0 : raster.grid.ny, 0 : raster.grid.nx], raster.active)
    unit_grid, unit_error = _split(
        raster,
        whole,
        skeletons,
        shares,
        _rng("townships"),
        TOWNSHIP_WIGGLE,
        TOWNSHIP_TOLERANCE,
    )
    index = {t.code: i for i, t in enumerate(inputs.townships)}
    townships = np.full(unit_grid.shape, -1, dtype=np.int32)
    errors = [unit_error]
    for u, unit in enumerate(units):
        region = Region.of(unit_grid == u)
        members = [index[t.code] for t in unit.members]
        if len(unit.members) == 1:
            townships[region.box][region.cells] = members[0]
            continue
        local, error = _split(
            raster,
            region,
            [_skeleton(t) for t in unit.members],
            [len(t.villages) for t in unit.members],
            _rng("members", unit.members[0].code),
            TOWNSHIP_WIGGLE,
            TOWNSHIP_TOLERANCE,
            by_ratio=True,
        )
        townships[region.box][region.cells] = _relabel(local[region.cells], members)
        errors.append(error)
    villages = np.full(unit_grid.shape, -1, dtype=np.int32)
    village_errors = []
    number = {village.code: i for i, village in enumerate(inputs.villages)}
    for t, township in enumerate(inputs.townships):
        region = Region.of(townships == t)
        local, error, order = _split_township(raster, region, township)
        codes = np.array([number[v.code] for v in order])
        villages[region.box][region.cells] = _relabel(local[region.cells], codes)
        village_errors.append(error)
    villages = rebalance.fill_gaps(villages, raster.active)
    return villages, max(errors), max(village_errors)


def _relabel(local: np.ndarray, numbers) -> np.ndarray:
    """Map local labels to global numbers, keeping -1 (a cell no label could keep)."""
    return np.where(local >= 0, np.asarray(numbers)[local], -1)


def _split_township(raster: Raster, region: Region, township: Township):
    """Split a township into equal villages; return labels, error, village order.

    Known village points stay put; the other sites are blue noise relaxed by Lloyd, then
    named by distance from the township's anchor, residents' committees first, so urban
    communities sit nearest the seat.
    """
    fixed = [v for v in township.villages if v.seeded]
    free = [v for v in township.villages if not v.seeded]
    counted = raster.inside[region.box][region.cells]
    cx = raster.cx[region.box][region.cells][counted]
    cy = raster.cy[region.box][region.cells][counted]
    area = counted.sum() * CELL_METRES**2
    rng = _rng("sites", township.code)
    known = [raster.centre(v.site) for v in fixed]
    spread = partition.blue_noise(cx, cy, len(free), known, area, rng)
    sites = Sites.of(
        known + spread,
        range(len(township.villages)),
        len(township.villages),
        [False] * len(fixed) + [True] * len(free),
    )
    rng = _rng("villages", township.code)
    labels, error, sites = _grow(
        raster,
        region,
        sites,
        [1] * len(township.villages),
        rng,
        VILLAGE_WIGGLE,
        VILLAGE_TOLERANCE,
        by_ratio=True,
    )
    anchor = township.sites[0]
    moved = sorted(
        range(len(fixed), len(sites.x)),
        key=lambda i: (math.dist((sites.x[i], sites.y[i]), anchor), i),
    )
    free.sort(key=lambda v: (v.committee_type != "residents_committee", v.code))
    order = fixed + [None] * len(free)
    for site, village in zip(moved, free):
        order[site] = village
    return labels, error, order


def _skeleton(township: Township):
    """Return a township's known points and the links between them, as point pairs."""
    return township.sites, [
        (township.sites[a], township.sites[b]) for a, b in township.links
    ]


def _split(raster, region, skeletons, shares, rng, wiggle, tolerance, by_ratio=False):
    """Share a region among labels grown from fixed skeletons, by `shares`.

    A skeleton is a label's known points and the links joining them.
    """
    starts, ends, owners = [], [], []
    for label, (points, links) in enumerate(skeletons):
        for start, end in [(p, p) for p in points] + list(links):
            starts.append(raster.centre(start))
            ends.append(raster.centre(end))
            owners.append(label)
    sites = Sites.of(starts, owners, len(shares), ends=ends)
    labels, error, _sites = _grow(
        raster, region, sites, shares, rng, wiggle, tolerance, by_ratio=by_ratio
    )
    return labels, error


def _grow(raster, region, sites: Sites, shares, rng, wiggle, tolerance, by_ratio=False):
    """Partition a region's cells among labelled sites; return the crop's labels.

    Fixed sites stay put: the cells round fixed points are claimed for their label,
    cells near any fixed site of a cell's label are never traded away, and each label
    keeps the piece holding its first point. Movable sites get Lloyd steps first.
    Trading goes by power cost, or `by_ratio` by distance ratio, which moves cells far
    from all sites first.
    """
    cells = region.cells
    cx, cy = raster.cx[region.box][cells], raster.cy[region.box][cells]
    wx, wy = partition.warp(cx, cy, sites, wiggle, rng)
    counted = raster.inside[region.box][cells]
    targets = np.asarray(shares, dtype=float) / sum(shares) * counted.sum()
    weights = None
    if sites.movable.any():
        sites, weights = partition.relax(
            wx, wy, counted, sites, targets, CELL_METRES**2, steps=LLOYD_STEPS
        )
    labels, _error, squared, weights = partition.balance(
        wx, wy, counted, sites, targets, CELL_METRES**2, weights, tolerance=tolerance
    )
    grid = np.full(cells.shape, -1, dtype=np.int32)
    anchors = {}
    points = (sites.x == sites.x2) & (sites.y == sites.y2) & ~sites.movable
    for site in np.flatnonzero(points).tolist():
        label, cell = (
            int(sites.label[site]),
            region.local(raster, (sites.x[site], sites.y[site])),
        )
        labels[_disc_cells(cells, cell, CLAIM_RADIUS)] = label
        anchors.setdefault(label, cell)
    grid[cells] = labels
    near = squared[labels, np.arange(len(labels))] <= (KEEP_RADIUS * CELL_METRES) ** 2
    has_fixed = np.zeros(sites.labels, dtype=bool)
    has_fixed[sites.label[~sites.movable]] = True
    locked = np.zeros(cells.shape, dtype=bool)
    locked[cells] = near & has_fixed[labels]
    grid = rebalance.merge_strays(grid, anchors)
    costs = 0.5 * np.log(squared + 1.0) if by_ratio else squared - weights[:, None]
    full_costs = np.full((sites.labels, grid.size), np.inf, dtype=np.float32)
    full_costs[:, cells.ravel()] = costs
    area = raster.inside[region.box] & cells
    grid, error = rebalance.settle(grid, targets, full_costs, locked, area, tolerance)
    return grid, error, sites


def _disc_cells(cells: np.ndarray, cell: int, radius: int) -> np.ndarray:
    """Return which region cells (in `cells[cells]` order) lie within `radius`."""
    return _disc(cells.shape, cell, radius)[cells]


def _disc(shape, cell: int, radius: int) -> np.ndarray:
    """Mark the cells whose centres lie within `radius` cells of a flat cell index."""
    rows, cols = np.ogrid[: shape[0], : shape[1]]
    r, c = divmod(int(cell), shape[1])
    return (rows - r) ** 2 + (cols - c) ** 2 <= radius**2


def _rng(*parts) -> random.Random:
    """Return a generator seeded from the run seed and `parts` (same everywhere)."""
    return random.Random(":".join([SEED, *parts]))
