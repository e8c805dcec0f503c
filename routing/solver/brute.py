"""Exact single-vehicle tours by trying every order: the yardstick for small instances."""

import itertools

from routing.solver.schedule import tour_travel


def best_tour(
    matrix: list[list[int]], depot: int, nodes: list[int]
) -> tuple[int, list[int]]:
    """Return (travel seconds, order) of the shortest depot → all nodes → depot tour."""
    best = None
    for order in itertools.permutations(nodes):
        cost = tour_travel(matrix, depot, list(order))
        if best is None or cost < best[0]:
            best = (cost, list(order))
    return best
