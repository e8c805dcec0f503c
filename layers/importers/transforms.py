"""Coordinate transformations built once per thread and pair of systems.

`geometry.transform(4547)` builds a new transformation from PROJ's database on every
call: 13–50 ms each, most of a 532-village dry run. A GDAL CoordTransform may not be
shared between threads, so each thread keeps its own.
"""

import threading

from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry

_local = threading.local()


def coord_transform(source: int, target: int) -> CoordTransform:
    """Return this thread's transformation from EPSG `source` to EPSG `target`."""
    kept = _local.__dict__.setdefault("by_pair", {})
    found = kept.get((source, target))
    if found is None:
        found = kept[(source, target)] = CoordTransform(
            SpatialReference(source), SpatialReference(target)
        )
    return found


def transformed(geometry: GEOSGeometry, srid: int) -> GEOSGeometry:
    """Return a copy of `geometry` (which has an SRID) in EPSG `srid`."""
    if geometry.srid == srid:
        return geometry.clone()
    copy = geometry.transform(coord_transform(geometry.srid, srid), clone=True)
    copy.srid = srid
    return copy
