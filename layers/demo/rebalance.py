"""Make labelled raster regions contiguous and trade boundary cells until areas match.

A power diagram cannot always give every label its target area: a label whose known
points sit near the edge of where it must grow would need a weight large enough to
swallow its neighbours' points. Trading cells across shared boundaries has no such
limit. A cell moves only if its label stays connected (a "simple point" test on its 3×3
neighbourhood) and never if it is locked (near a known point); cells go in order of how
little they cost the receiving label, and a mode filter then erodes the thin fingers
that trading leaves.

Labels are (rows, cols) int arrays, -1 for cells that take no part.
"""

import heapq

import numpy as np

# Neighbours in ring order (N, NE, E, SE, S, SW, W, NW): each touches the next.
RING = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]
EDGE_NEIGHBOURS = (0, 2, 4, 6)


def _simple_table() -> np.ndarray:
    """Tabulate, per 8-neighbour pattern, whether the centre may leave its label.

    The same-label cells around the centre form runs along the ring; the centre may go
    if every edge neighbour of the same label lies in one run.
    """
    table = np.zeros(256, dtype=bool)
    for pattern in range(256):
        on = [(pattern >> bit) & 1 for bit in range(8)]
        run_of, run = [-1] * 8, 0
        start = next((i for i in range(8) if not on[i]), None)
        if start is None:
            table[pattern] = True
            continue
        for step in range(1, 9):
            i = (start + step) % 8
            if on[i]:
                run_of[i] = run
            else:
                run += 1
        runs = {run_of[i] for i in EDGE_NEIGHBOURS if on[i]}
        table[pattern] = len(runs) == 1
    return table


SIMPLE = _simple_table()


def components(labels: np.ndarray) -> np.ndarray:
    """Number the edge-connected pieces of each label: a piece id per cell, -1 off.

    Runs of equal labels along rows are joined to the runs they touch in the next row
    (union-find over runs), which is far cheaper than visiting cells one by one.
    """
    flat = labels.ravel()
    starts = np.ones(flat.shape, dtype=bool)
    starts[1:] = flat[1:] != flat[:-1]
    starts[:: labels.shape[1]] = True
    run = np.cumsum(starts) - 1
    below, above = labels[:-1, :].ravel(), labels[1:, :].ravel()
    touching = (below == above) & (below >= 0)
    cols = labels.shape[1]
    pairs = np.unique(
        np.column_stack([run[:-cols][touching], run[cols:][touching]]), axis=0
    )
    parent = list(range(int(run[-1]) + 1))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs.tolist():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([root(i) for i in range(len(parent))])
    _unique, piece = np.unique(roots, return_inverse=True)
    piece = piece[run]
    piece[flat < 0] = -1
    return piece.reshape(labels.shape)


def merge_strays(labels: np.ndarray, keep: dict[int, int]) -> np.ndarray:
    """Give each label's other pieces to the neighbour they border most.

    `keep` maps a label to a cell (flat index) whose piece it keeps; a label missing
    from `keep` keeps its largest piece.
    """
    labels = labels.copy()
    for _round in range(10):
        piece = components(labels).ravel()
        flat = labels.ravel()
        sizes = np.bincount(piece[piece >= 0])
        owner = np.full(len(sizes), -1)
        owner[piece[piece >= 0]] = flat[piece >= 0]
        kept = {}
        for p in np.argsort(-sizes, kind="stable").tolist():
            kept.setdefault(int(owner[p]), p)
        kept.update({label: int(piece[cell]) for label, cell in keep.items()})
        strays = sorted(set(np.flatnonzero(sizes).tolist()) - set(kept.values()))
        if not strays:
            return labels
        for p in strays:
            flat[piece == p] = _main_neighbour(labels, piece == p, owner[p])
    raise RuntimeError("stray pieces did not settle")


def _main_neighbour(labels, mask, own):
    """Return the label (other than `own`) sharing most cell edges with `mask`.

    A piece that touches no other label only corner to corner drops out (-1).
    """
    mask = mask.reshape(labels.shape)
    votes = {}
    for axis in (0, 1):
        for shift in (1, -1):
            moved = np.roll(mask, shift, axis=axis)
            other = labels[moved & ~mask]
            for label, n in zip(
                *np.unique(other[(other >= 0) & (other != own)], return_counts=True)
            ):
                votes[int(label)] = votes.get(int(label), 0) + int(n)
    return max(sorted(votes), key=votes.get) if votes else -1


def trade(labels, targets, costs, locked, area, tolerance=0.02, rounds=50):
    """Move boundary cells from fuller labels to emptier neighbours until areas match.

    `targets` are areas per label in cells; `area` (per cell, 0 or 1) says which cells
    count towards them; `costs[label]` (flat, per cell) says how badly a label fits a
    cell. Each round floods outwards from the current boundaries, cheapest move first
    (what the taker's cost exceeds the giver's by), so fronts advance where the labels
    fit about equally well. Return the new labels and the largest relative error.
    """
    labels = labels.copy()
    flat = labels.ravel()
    cols = labels.shape[1]
    targets = np.asarray(targets, dtype=float)
    weight = area.ravel().astype(float)
    counts = np.bincount(flat[flat >= 0], weight[flat >= 0], minlength=len(targets))
    margin = tolerance / 2.0
    for _round in range(rounds):
        error = counts / targets - 1.0
        if np.max(np.abs(error)) < tolerance:
            break
        cells, givers, takers = _offers(labels, error, locked, margin)
        fits = costs[takers, cells] - costs[givers, cells]
        queue = list(
            zip(fits.tolist(), cells.tolist(), givers.tolist(), takers.tolist())
        )
        heapq.heapify(queue)
        moved = 0
        while queue:
            _fit, cell, giver, taker = heapq.heappop(queue)
            if flat[cell] != giver or not _touches(flat, cell, cols, taker):
                continue
            if counts[giver] / targets[giver] - counts[taker] / targets[taker] < margin:
                continue
            if not SIMPLE[_pattern(flat, cell, cols, giver)]:
                continue
            flat[cell] = taker
            counts[giver] -= weight[cell]
            counts[taker] += weight[cell]
            moved += 1
            for step in (cols, -cols, 1, -1):
                near = cell + step
                if flat[near] == giver and not locked.flat[near]:
                    fit = float(costs[taker, near] - costs[giver, near])
                    heapq.heappush(queue, (fit, near, giver, taker))
        if moved == 0:
            break
    return labels, float(np.max(np.abs(counts / targets - 1.0)))


def _offers(labels, error, locked, margin):
    """List boundary cells a fuller label could hand to an emptier neighbour."""
    cells, givers, takers = [], [], []
    index = np.arange(labels.size).reshape(labels.shape)
    for axis in (0, 1):
        for shift in (1, -1):
            neighbour = np.roll(labels, shift, axis=axis)
            ok = (labels >= 0) & (neighbour >= 0) & (labels != neighbour) & ~locked
            giver, taker = labels[ok], neighbour[ok]
            keep = error[giver] > error[taker] + margin
            cells.append(index[ok][keep])
            givers.append(giver[keep])
            takers.append(taker[keep])
    return np.concatenate(cells), np.concatenate(givers), np.concatenate(takers)


def _touches(flat, cell, cols, label) -> bool:
    """Say whether a cell has an edge neighbour with `label`."""
    return any(flat[cell + d] == label for d in (cols, -cols, 1, -1))


def _pattern(flat, cell, cols, label) -> int:
    """Return the 8-bit pattern of same-label cells round `cell`, in RING order."""
    bits = 0
    for bit, (dr, dc) in enumerate(RING):
        if flat[cell + dr * cols + dc] == label:
            bits |= 1 << bit
    return bits


def smooth(labels: np.ndarray, locked: np.ndarray, passes: int = 12) -> np.ndarray:
    """Erode the thin fingers that trading leaves, from their tips inward.

    A cell goes to an edge neighbour's label when that label holds at least 5 of its 8
    neighbours, or when the cell is a tip (at most one neighbour of its own label), as
    far as connectivity allows.
    """
    labels = labels.copy()
    flat = labels.ravel()
    cols = labels.shape[1]
    around = np.array([dr * cols + dc for dr, dc in RING])
    edges = around[list(EDGE_NEIGHBOURS)]
    for _pass in range(passes):
        cells = np.flatnonzero((flat >= 0) & ~locked.ravel())
        window = flat[cells[:, None] + around[None, :]]
        own = flat[cells]
        cells, window, own = _on_boundary(cells, window, own)
        choices = flat[cells[:, None] + edges[None, :]]
        votes = (window[:, None, :] == choices[:, :, None]).sum(axis=2)
        votes[(choices < 0) | (choices == own[:, None])] = -1
        pick = votes.argmax(axis=1)
        best = choices[np.arange(len(cells)), pick]
        most = votes[np.arange(len(cells)), pick]
        mine = (window == own[:, None]).sum(axis=1)
        flips = (most >= 5) | ((mine <= 1) & (most >= 1))
        moved = 0
        for cell, label in zip(cells[flips].tolist(), best[flips].tolist()):
            if (
                _touches(flat, cell, cols, label)
                and SIMPLE[_pattern(flat, cell, cols, flat[cell])]
            ):
                flat[cell] = label
                moved += 1
        if moved == 0:
            break
    return labels


def _on_boundary(cells, window, own):
    """Keep the cells with a differently labelled neighbour among their 8."""
    keep = (window != own[:, None]).any(axis=1)
    return cells[keep], window[keep], own[keep]


def settle(labels, targets, costs, locked, area, tolerance, rounds: int = 3):
    """Trade cells to the target areas, smoothing away fingers between trades."""
    for _round in range(rounds):
        labels, error = trade(labels, targets, costs, locked, area, tolerance)
        labels = smooth(labels, locked)
    return trade(labels, targets, costs, locked, area, tolerance)


def fill_gaps(labels: np.ndarray, active: np.ndarray, passes: int = 6) -> np.ndarray:
    """Give unlabelled active cells the label of an edge neighbour, a ring at a time."""
    labels = labels.copy()
    for _pass in range(passes):
        for axis in (0, 1):
            for shift in (1, -1):
                neighbour = np.roll(labels, shift, axis=axis)
                empty = (labels < 0) & active & (neighbour >= 0)
                labels[empty] = neighbour[empty]
    return labels
