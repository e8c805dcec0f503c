"""The feeds the API serves: the registered layers (layers/catalog/), by name.

Kept for the modules that speak of feeds; a feed *is* its layer.
"""

from layers import rules
from layers.catalog import Layer, layers

Feed = Layer


def feeds() -> dict[str, Layer]:
    """Return the layers with a geometry, by name (the REST and OGC collections)."""
    return {layer.name: layer for layer in layers()}


FEEDS = feeds()


def latest_year() -> int:
    """Return the default year (rules.default_year)."""
    return rules.default_year()
