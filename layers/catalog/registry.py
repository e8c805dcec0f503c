"""The registry of layers: one module-level dict, filled by `register`."""

from layers.catalog.layer import Layer

_LAYERS: dict[str, Layer] = {}


def register(layer: Layer) -> Layer:
    """Add `layer` under its name; a second layer of the same name is a mistake."""
    if layer.name in _LAYERS and _LAYERS[layer.name] is not layer:
        raise ValueError(f"layer {layer.name!r} is registered twice")
    layer.check_definition()
    _LAYERS[layer.name] = layer
    return layer


def layers(*, features_only: bool = True) -> list[Layer]:
    """Return the registered layers (those with a geometry unless told otherwise)."""
    _load()
    return [layer for layer in _LAYERS.values() if layer.geometry or not features_only]


def get(name: str) -> Layer | None:
    """Return the layer named `name`, or None."""
    _load()
    return _LAYERS.get(name)


def _load() -> None:
    # The campaign's own layers; other apps register theirs in AppConfig.ready().
    import layers.catalog.definitions  # noqa: F401
