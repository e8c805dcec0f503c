"""Read vector files through GDAL: one driver allowed, numbered features out."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from ctypes import c_char_p
from pathlib import Path

from django.contrib.gis.gdal import DataSource, Driver, GDALException, OGRGeometry
from django.contrib.gis.gdal.field import OFTInteger, OFTReal, OFTString
from django.contrib.gis.gdal.prototypes import ds as capi
from django.contrib.gis.geos import GEOSGeometry
from django.utils.encoding import DjangoUnicodeDecodeError, force_bytes, force_str
from django.utils.translation import gettext as _

from layers.importers import crs as crs_
from layers.importers.errors import ImportFailed
from layers.importers.features import Feature, Source, to_lon_lat
from layers.importers.wording import alternatives, listing


class _Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


@contextmanager
def quiet_gis():
    """Keep GDAL's and GEOS's own log lines (Django logs them) out of the output.

    Their content reaches people only as the importer's own messages; the raw lines are
    kept on the yielded list for debugging.
    """
    logger = logging.getLogger("django.contrib.gis")
    kept = _Kept()
    propagate = logger.propagate
    logger.addHandler(kept)
    logger.propagate = False
    try:
        yield kept.records
    finally:
        logger.removeHandler(kept)
        logger.propagate = propagate


def open_vector(
    name: str, drivers: tuple[str, ...], options: dict | None = None
) -> DataSource:
    """Open a vector dataset with only `drivers` allowed and GDAL open options."""
    Driver.ensure_registered()
    allowed = _strings(drivers)
    open_options = _strings(
        [f"{key}={value}" for key, value in (options or {}).items()]
    )
    try:
        pointer = capi.open_ds(
            force_bytes(name),
            capi.GDAL_OF_READONLY | capi.GDAL_OF_VECTOR,
            allowed,
            open_options,
            None,
        )
    except GDALException:
        raise ImportFailed(
            _("%(file)s cannot be read as %(format)s.")
            % {"file": Path(name).name, "format": alternatives(drivers)}
        ) from None
    return DataSource(pointer, capi.get_dataset_driver(pointer))


def _strings(items) -> object:
    items = [force_bytes(item) for item in items]
    return (c_char_p * (len(items) + 1))(*items, None) if items else None


def pick_layers(
    datasource: DataSource, path: Path, wanted: str, every: bool = False
) -> list:
    layers = [datasource[index] for index in range(len(datasource))]
    if every or len(layers) == 1:
        return layers
    named = [layer for layer in layers if layer.name == wanted]
    if named:
        return named
    raise ImportFailed(
        _(
            "%(file)s holds %(count)d layers (%(names)s); keep one, or name one "
            "after the kind."
        )
        % {
            "file": path.name,
            "count": len(layers),
            "names": listing(layer.name for layer in layers),
        }
    )


def vector_source(
    path, datasource, layers, declared, encoding, *, truncated=False, boilerplate=()
):
    file_crs = declared or crs_.identify(_layer_srs(layers[0]))
    columns = list(
        dict.fromkeys(name for layer in layers for name in _field_names(layer, path))
    )

    def read() -> Iterator[Feature]:
        number = 0
        for layer in layers:
            fields = list(enumerate(zip(layer.fields, layer.field_types, strict=True)))
            for feature in layer:
                number += 1
                yield _feature(number, feature, fields, file_crs, path)

    source = Source(
        path, file_crs, encoding, columns, read, truncated, set(boilerplate)
    )
    source.count = sum(layer.num_feat for layer in layers)
    return source


def _layer_srs(layer):
    try:
        return layer.srs
    except GDALException:
        return None


def _field_names(layer, path: Path) -> list[str]:
    try:
        return layer.fields
    except DjangoUnicodeDecodeError:
        raise _undecodable(path, layer._ds.encoding) from None


def _feature(number, feature, fields, crs, path) -> Feature:
    try:
        properties = {name: _value(feature, i, kind) for i, (name, kind) in fields}
    except DjangoUnicodeDecodeError:
        raise _undecodable(path, feature.encoding) from None
    try:
        geometry = feature.geom
    except GDALException:
        return Feature(number, properties)
    return Feature(number, properties, *_from_ogr(geometry, crs))


def _value(feature, index: int, kind: type):
    """Return one field's value as Field.value would, without a Field per cell."""
    if not capi.is_field_set(feature.ptr, index):
        return None
    if kind is OFTString:
        raw = capi.get_field_as_string(feature.ptr, index)
        return force_str(raw, encoding=feature.encoding, strings_only=True)
    if issubclass(kind, OFTInteger):
        return capi.get_field_as_integer64(feature.ptr, index)
    if kind is OFTReal:
        return capi.get_field_as_double(feature.ptr, index)
    return feature[index].value


def _from_ogr(geometry: OGRGeometry, crs) -> tuple[GEOSGeometry | None, str | None]:
    geometry.set_3d(False)
    geometry.set_measured(False)
    try:
        return to_lon_lat(geometry.geos, crs)
    except GDALException as error:
        return None, str(error)


def _undecodable(path: Path, codec: str) -> ImportFailed:
    return ImportFailed(
        _("The text in %(file)s is not valid %(codec)s; give the right --encoding.")
        % {"file": path.name, "codec": codec}
    )
