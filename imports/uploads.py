"""Keep an uploaded file (or the shapefile parts, or a zip) until it is imported.

Uploads live under MEDIA_ROOT/imports/<token>/ under a fixed stem ("upload" + suffix):
the user's file name is kept only as text (shown, written to the history), never used
as a path. A zip holding a shapefile is kept as it is; a zip holding one file of another
format is unpacked to that file.
"""

import secrets
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from layers.importers.errors import ImportFailed

SUFFIXES = {
    *(".geojson", ".json", ".gpkg", ".shp", ".zip", ".kml", ".kmz"),
    *(".csv", ".txt", ".tsv", ".xlsx"),
}
SHAPE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg"}
# An import runs inside the web request only when it is estimated to take at most
# SYNC_SECONDS; anything more, or a file over SYNC_MAX_BYTES, runs as a background job
# with progress (imports.jobs), so no web worker is held longer than about that. The
# upload itself is capped by GEOPORTAL_MAX_REQUEST_BYTES (50 MB); beyond that,
# manage.py import_layer. Rows per second of a dry run, measured on the 2-core dev
# machine (README, import section): outlines (villages, townships) ~70/s at load 1.2
# (532 三调 villages in 7.7 s; 7.5/s at load 13); points and plain rows over 600/s
# even at load 13 (600 app-CSV sites in under 1 s beyond the command's start-up),
# taken as 250/s to leave room for a busy machine and the confirm's writes.
SYNC_SECONDS = 2.0
SYNC_MAX_BYTES = 5 * 1024 * 1024
ROWS_PER_S = {"outline": 70, "point": 250, "table": 250}
KEEP_S = 24 * 3600  # an upload not imported within a day is deleted


def sync_limit() -> int:
    return getattr(settings, "GEOPORTAL_IMPORT_SYNC_BYTES", SYNC_MAX_BYTES)


def sync_seconds() -> float:
    return getattr(settings, "GEOPORTAL_IMPORT_SYNC_SECONDS", SYNC_SECONDS)


def upload_limit() -> int:
    return settings.GEOPORTAL_MAX_REQUEST_BYTES


def work_class(spec) -> str:
    """Say which throughput a kind's rows have: outline, point or table."""
    if not spec.geometry_field:
        return "table"
    if any("Polygon" in name for name in spec.geometry_types):
        return "outline"
    return "point"


def estimate_s(spec, rows: int) -> float:
    """Return the estimated seconds a dry run (or confirm) of `rows` rows takes."""
    return rows / ROWS_PER_S[work_class(spec)]


def sync_rows(spec) -> int:
    """Return the most rows of `spec` imported inside the request."""
    return int(sync_seconds() * ROWS_PER_S[work_class(spec)])


def runs_as_job(upload: "Upload", spec=None, rows: int = 0) -> bool:
    """Say whether importing `upload` is long work for a background job.

    It is when the files exceed sync_limit() bytes or `rows` rows of `spec` are
    estimated to take longer than sync_seconds().
    """
    folder = upload.path.parent
    if sum(p.stat().st_size for p in folder.iterdir()) > sync_limit():
        return True
    return spec is not None and estimate_s(spec, rows) > sync_seconds()


@dataclass
class Upload:
    token: str
    path: Path
    name: str


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def save(files) -> Upload:
    """Store uploaded files under a new token; return the file to import."""
    if not files:
        raise ImportFailed(_("Choose a file to upload."))
    total = sum(f.size for f in files)
    if total > upload_limit():
        raise ImportFailed(
            _(
                "The upload is %(size).1f MB; the page takes files up to %(limit)d "
                "MB. Import larger files with manage.py import_layer."
            )
            % {"size": total / 1e6, "limit": upload_limit() // (1024 * 1024)}
        )
    suffixes = [Path(f.name).suffix.lower() for f in files]
    unknown = [
        f.name
        for f, s in zip(files, suffixes, strict=True)
        if s not in SUFFIXES | SHAPE_PARTS
    ]
    if unknown:
        raise ImportFailed(
            _(
                "%(file)s: unknown format; use GeoJSON, GeoPackage, a zipped shapefile, "
                "KML/KMZ, Excel .xlsx or CSV."
            )
            % {"file": unknown[0]}
        )
    if len(files) > 1 and not set(suffixes) <= SHAPE_PARTS:
        raise ImportFailed(
            _(
                "Upload one file, or the parts of one shapefile (.shp, .shx, .dbf, .prj)."
            )
        )
    prune()
    token = secrets.token_urlsafe(12)
    folder = root() / token
    folder.mkdir(parents=True)
    try:
        return _store(files, suffixes, folder, token)
    except ImportFailed:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _store(files, suffixes, folder: Path, token: str) -> Upload:
    for upload, suffix in zip(files, suffixes, strict=True):
        with (folder / f"upload{suffix}").open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
    if len(files) > 1:
        if ".shp" not in suffixes:
            raise ImportFailed(_("The shapefile parts lack the .shp."))
        main = Path(files[suffixes.index(".shp")].name).name
        return Upload(token, folder / "upload.shp", main)
    name = Path(files[0].name).name
    path = folder / f"upload{suffixes[0]}"
    if suffixes[0] == ".zip":
        path = _unzip_single(path, name)
    return Upload(token, path, name)


def _unzip_single(path: Path, name: str) -> Path:
    """Keep a zipped shapefile; unpack a zip of one other file; refuse the rest."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.infolist()
                if not m.is_dir() and not m.filename.startswith("__MACOSX/")
            ]
            if any(m.filename.lower().endswith(".shp") for m in members):
                return path
            data = [
                m
                for m in members
                if Path(m.filename).suffix.lower() in SUFFIXES - {".zip", ".shp"}
            ]
            if len(data) != 1:
                raise ImportFailed(
                    _(
                        "%(file)s holds no shapefile and not exactly one data file; it "
                        "holds: %(names)s."
                    )
                    % {
                        "file": name,
                        "names": ", ".join(m.filename for m in members[:10]) or "-",
                    }
                )
            member = data[0]
            if member.file_size > upload_limit():
                raise ImportFailed(
                    _(
                        "%(file)s unpacks to over %(limit)d MB; import it with "
                        "manage.py import_layer."
                    )
                    % {"file": name, "limit": upload_limit() // (1024 * 1024)}
                )
            target = path.with_name("upload" + Path(member.filename).suffix.lower())
            target.write_bytes(archive.read(member))
            return target
    except zipfile.BadZipFile:
        raise ImportFailed(
            _("%(file)s is not a readable zip file.") % {"file": name}
        ) from None


def prune(max_age_s: float = KEEP_S) -> None:
    """Delete uploads left unconfirmed for longer than `max_age_s` (a day)."""
    if not root().is_dir():
        return
    cutoff = time.time() - max_age_s
    for folder in root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def find(token: str, session) -> Upload | None:
    """Return the upload `token` of this session, or None."""
    item = session.get("imports", {}).get(token)
    if not item:
        return None
    path = Path(item["path"])
    if not path.is_file() or root() not in path.parents:
        return None
    return Upload(token, path, item["name"])


def remember(upload: Upload, session, kind: str) -> None:
    kept = dict(session.get("imports", {}))
    kept[upload.token] = {"path": str(upload.path), "name": upload.name, "kind": kind}
    session["imports"] = kept


def forget(upload: Upload, session) -> None:
    kept = dict(session.get("imports", {}))
    kept.pop(upload.token, None)
    session["imports"] = kept
    shutil.rmtree(root() / upload.token, ignore_errors=True)
