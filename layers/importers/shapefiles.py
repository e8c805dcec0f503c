"""Open shapefiles, plain or zipped, each with its own encoding (see encoding.py)."""

import zipfile
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from layers.importers.encoding import shapefile_encoding
from layers.importers.errors import ImportFailed
from layers.importers.features import Source
from layers.importers.gdal import open_vector, pick_layers, vector_source


def open_shapefile(path: Path, declared, encoding: str | None) -> Source:
    if path.suffix.lower() == ".zip":
        name, read = _zip_member(path)
    else:
        name, read = str(path), lambda suffix: _sibling(path, suffix)
    dbf = read(".dbf")
    if dbf is None:
        raise ImportFailed(_("%(file)s has no .dbf next to it.") % {"file": path.name})
    cpg = read(".cpg")
    chosen = shapefile_encoding(
        dbf,
        cpg.decode("ascii", "replace") if cpg else None,
        f"{path.name} (.dbf)",
        encoding,
    )
    datasource = open_vector(name, ("ESRI Shapefile",), chosen.open_options)
    datasource.encoding = chosen.codec
    layers = pick_layers(datasource, path, "")
    return vector_source(
        path, datasource, layers, declared, chosen.label, truncated=True
    )


def _sibling(path: Path, suffix: str) -> bytes | None:
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate.read_bytes()
    return None


def _zip_member(path: Path) -> tuple[str, Callable[[str], bytes | None]]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
    shapes = [n for n in names if n.lower().endswith(".shp")]
    if len(shapes) != 1:
        raise ImportFailed(
            _("%(file)s must hold exactly one .shp; it holds %(count)d.")
            % {"file": path.name, "count": len(shapes)}
        )
    stem = shapes[0][:-4]
    members = {n.lower(): n for n in names}

    def read(suffix: str) -> bytes | None:
        member = members.get((stem + suffix).lower())
        if member is None:
            return None
        with zipfile.ZipFile(path) as archive:
            return archive.read(member)

    return f"/vsizip/{path.resolve()}/{shapes[0]}", read


def zip_size(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFailed(
            _("%(file)s is not a readable zip file.") % {"file": path.name}
        ) from None
