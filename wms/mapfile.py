"""Write the MapServer mapfile and config that serve the layers as WMS 1.3.0.

The mapfile is rendered from `wms/templates/wms/geoportal.map` with the colours of the
leaders' map (layers.maps.styles), the database the service itself uses and the county's
extent; one file per database and language, rewritten only when its text changes. The
password never goes into the file: the MapServer process gets it as PGPASSWORD.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from layers.maps.styles import KIND_COLOURS, LEVEL_COLOURS, LEVEL_LABELS
from layers.models import ClearedSite
from layers.rules import default_year

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SAFE_CONNINFO = re.compile(r"^[\w./:@-]*$")
# Around the county when the database holds no outline yet (Neihuang, lon/lat).
FALLBACK_EXTENT = (114.6, 35.7, 115.2, 36.1)


class MapfileError(RuntimeError):
    """The service's settings cannot be written into a mapfile safely."""


@dataclass(frozen=True)
class Mapfile:
    path: Path
    config: Path
    password: str


def folder() -> Path:
    return Path(settings.BASE_DIR) / "var" / "wms"


def rgb(colour: str) -> str:
    """Return '#bd0026' as MapServer's '189 0 38'."""
    colour = colour.lstrip("#")
    return " ".join(str(int(colour[i : i + 2], 16)) for i in (0, 2, 4))


def conninfo(db: dict) -> str:
    """Return libpq keywords for the service's own database, without the password."""
    parts = {
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
        "dbname": db["NAME"],
        "user": db.get("USER") or "",
    }
    for key, value in parts.items():
        if not SAFE_CONNINFO.match(value):
            raise MapfileError(f"database {key} {value!r} cannot go into a mapfile")
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def county_extent() -> tuple[float, float, float, float]:
    """Return the county's bounding box with a 2 % margin, or Neihuang's if empty."""
    with connection.cursor() as cursor:
        cursor.execute(
            "select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from "
            "(select ST_Extent(boundary)::geometry as e from layers_township) as q"
        )
        row = cursor.fetchone()
    if not row or row[0] is None:
        return FALLBACK_EXTENT
    dx, dy = (row[2] - row[0]) * 0.02, (row[3] - row[1]) * 0.02
    return (row[0] - dx, row[1] - dy, row[2] + dx, row[3] + dy)


def context(online_resource: str) -> dict:
    extent = " ".join(f"{n:.6f}" for n in county_extent())
    return {
        "title": _("Five-star party branches: villages, townships and sites"),
        "abstract": _(
            "Star levels of the villages by year (add year=YYYY to the URL), township "
            "lines and the cleared, EOD and service-centre sites, from geoportal's "
            "PostGIS. Schematic (示意) boundaries are not surveyed."
        ),
        "online_resource": online_resource,
        "extent": extent,
        "fontset": str(folder() / "fonts.txt"),
        "connection": conninfo(connection.settings_dict),
        "default_year": default_year(),
        "levels": [
            {"value": level, "label": str(LEVEL_LABELS[level]), "rgb": rgb(colour)}
            for level, colour in sorted(LEVEL_COLOURS.items(), reverse=True)
        ],
        "kinds": [
            {
                "value": kind.value,
                "label": str(ClearedSite.Kind(kind).label),
                "rgb": rgb(colour),
            }
            for kind, colour in KIND_COLOURS.items()
        ],
        "labels": {
            "villages": _("Villages by star level"),
            "villages_abstract": _("The chosen year's rating; grey: not rated."),
            "unrated": _("Not rated"),
            "townships": _("Townships"),
            "township_line": _("Township boundary"),
            "cleared_sites": _("Cleared sites"),
            "eod_sites": _("EOD project sites"),
            "service_centres": _("Service centres"),
        },
    }


def write_if_changed(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def config_text(base: Path) -> str:
    return (
        "CONFIG\n  ENV\n"
        f'    MS_MAP_PATTERN "^{base}/[a-z0-9_-]+\\.map$"\n'
        '    MS_ERRORFILE "stderr"\n'
        "  END\nEND\n"
    )


def ensure(online_resource: str, language: str) -> Mapfile:
    """Write (when changed) and return the mapfile for this database and language."""
    base = folder()
    base.mkdir(parents=True, exist_ok=True)
    write_if_changed(base / "fonts.txt", f"cjk {CJK_FONT}\n")
    config = base / "mapserver.conf"
    write_if_changed(config, config_text(base))
    with translation.override(language):
        text = render_to_string("wms/geoportal.map", context(online_resource))
    db = connection.settings_dict
    key = hashlib.sha1(f"{db['NAME']}|{db.get('HOST')}|{db.get('PORT')}".encode())
    name = f"geoportal-{key.hexdigest()[:10]}-{language.lower()}.map"
    path = base / name
    write_if_changed(path, text)
    return Mapfile(path=path, config=config, password=db.get("PASSWORD") or "")
