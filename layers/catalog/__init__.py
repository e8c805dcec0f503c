"""The layer catalogue: each layer defined once, read by every surface.

A `Layer` names its model, its columns (type and label), its filters (each parsing and
documenting itself), its geometry, default sort and tile settings; the change-stamp tables
come from the model's metadata. REST feeds, OGC API, tiles, exports, coverage and the
OpenAPI schema all read the registry. See layers/api/README.md for how to add one.
"""

from layers.catalog.columns import Column
from layers.catalog.layer import Layer, TileSettings
from layers.catalog.registry import get, layers, register

__all__ = ["Column", "Layer", "TileSettings", "get", "layers", "register"]
