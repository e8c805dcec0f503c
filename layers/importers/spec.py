"""The shape of a kind (how its files become rows of one model) and a row in transit."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSGeometry
from django.db import models

from layers.importers import fields as f


@dataclass(frozen=True)
class Reference:
    """A column holding the code of a row in another table, stored as a foreign key."""

    column: str
    attr: str
    model: type[models.Model]
    required: bool = True
    load: tuple[
        str, ...
    ] = ()  # further fields the checks need from the referenced rows


@dataclass(frozen=True)
class PointColumns:
    """Two columns of degrees making a point attribute; blank → a point on the surface.

    The degrees are WGS 84/CGCS2000, or GCJ-02 when the file is (`--srs gcj02`).
    """

    attr: str
    lon: str
    lat: str


@dataclass
class Row:
    """One data row on its way from the file to the database."""

    number: int
    values: dict
    geometry: GEOSGeometry | None = None
    points: dict = field(default_factory=dict)
    related: dict = field(default_factory=dict)
    attrs: dict = field(default_factory=dict)
    instance: models.Model | None = None
    failed: bool = False


@dataclass(frozen=True)
class Kind:
    """How one KIND of file becomes rows of one model."""

    name: str
    model: type[models.Model]
    columns: tuple[f.Column, ...]
    key: tuple[str, ...]
    geometry_field: str | None = None
    geometry_types: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    points: tuple[PointColumns, ...] = ()
    unique: tuple[str, ...] = ()
    rules: Callable[[dict], list[tuple[str, str]]] | None = None

    def attributes(self, row: Row) -> dict:
        """Return the model attributes of a checked row."""
        names = {model_field.name for model_field in self.model._meta.concrete_fields}
        attrs = {key: value for key, value in row.values.items() if key in names}
        for reference in self.references:
            related = row.related.get(reference.attr)
            attrs[f"{reference.attr}_id"] = related.pk if related else None
        if self.geometry_field:
            attrs[self.geometry_field] = row.geometry
        for point in self.points:
            attrs[point.attr] = (
                row.points.get(point.attr) or row.geometry.point_on_surface
            )
        return attrs
