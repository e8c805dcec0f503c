"""Open shapefiles, plain or zipped, each with its own encoding (see encoding.py)."""

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.contrib.gis.gdal.libgdal import lgdal
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
    notes, scratch = [], None
    if read(".shx") is None:
        # GDAL rebuilds a lost index from the .shp itself (SHAPE_RESTORE_SHX), writing
        # it beside the .shp: so the parts are copied to a scratch folder first.
        scratch = tempfile.TemporaryDirectory(prefix="geoportal-shx-")
        name = str(Path(scratch.name) / "layer.shp")
        for suffix in (".shp", ".dbf", ".prj"):
            data = read(suffix)
            if data is not None:
                Path(scratch.name, "layer" + suffix).write_bytes(data)
        notes.append(
            _("%(file)s came without its .shx index; it was rebuilt from the .shp.")
            % {"file": path.name}
        )
    lgdal.CPLSetThreadLocalConfigOption(
        b"SHAPE_RESTORE_SHX", b"YES" if scratch else None
    )
    try:
        datasource = open_vector(name, ("ESRI Shapefile",), chosen.open_options)
    finally:
        lgdal.CPLSetThreadLocalConfigOption(b"SHAPE_RESTORE_SHX", None)
    datasource.encoding = chosen.codec
    layers = pick_layers(datasource, path, "")
    source = vector_source(
        path, datasource, layers, declared, chosen.label, truncated=True
    )
    source.format = _("shapefile")
    source.notes = notes
    source.scratch = scratch  # kept alive while the features are read
    return source


def _sibling(path: Path, suffix: str) -> bytes | None:
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate.read_bytes()
    return None


def _zip_member(path: Path) -> tuple[str, Callable[[str], bytes | None]]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
    shapes = [n for n in names if n.lower().endswith(".shp")]
    if not shapes:
        raise ImportFailed(
            _(
                "%(file)s holds no shapefile (.shp); it holds: %(names)s. Zip the "
                ".shp with its .shx, .dbf and .prj, or upload the file itself."
            )
            % {"file": path.name, "names": ", ".join(names[:10]) or "-"}
        )
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
