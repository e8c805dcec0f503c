"""Source coordinate systems: which are accepted, how they are named and reach 4326.

Only a closed list is accepted, resolved by EPSG number or by matching a file's
definition against that list; free text never reaches GDAL (Debian's GDAL 3.6 cannot
stop a spatial reference string from opening files or URLs). CGCS2000 (EPSG:4490) is
stored as it is: it differs from WGS 84 by under a millimetre here. GCJ-02 goes through
layers.gcj02's inverse.
"""

import re
from dataclasses import dataclass

from django.contrib.gis.gdal import SpatialReference
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layers import gcj02
from layers.importers.errors import ImportFailed
from layers.importers.transforms import coord_transform
from layers.models import SRID

GCJ02 = "gcj02"
GEOGRAPHIC = {4326, 4490}
MERCATOR = 3857
GAUSS_KRUGER = range(
    4491, 4555
)  # CGCS2000 Gauss-Krüger: 6° zones, 6° CM, 3° zones, 3° CM
ACCEPTED = gettext_lazy(
    "EPSG:4326 (WGS 84), EPSG:4490 (CGCS2000, stored as is), EPSG:3857 (web Mercator), "
    "EPSG:4491–4554 (CGCS2000 Gauss-Krüger: 4491–4512 6° zones, 4513–4533 3° zones "
    "with the zone prefix, 4534–4554 3° central meridians; Neihuang is 4547 = CM 114E "
    "or 4526 = zone 38), gcj02 (AMap/Gaode, Tencent, WeChat coordinates)"
)
CODE_PATTERN = re.compile(
    r"^(?:(?:urn:ogc:def:crs:)?epsg:{1,2}|https?://www\.opengis\.net/def/crs/epsg/0/)?"
    r"(\d{4,5})$",
    re.IGNORECASE,
)
CRS84 = re.compile(
    r"^(?:urn:ogc:def:crs:ogc:(?:1\.3:)?crs84|ogc:crs84)$", re.IGNORECASE
)
GCJ_NAMES = {"gcj02", "gcj-02", "gcj", "mars"}


@dataclass(frozen=True)
class SourceCRS:
    """One accepted source CRS: its name, EPSG code (None for GCJ-02), whether assumed.

    `assumed` marks the default for files that name no CRS, said so in every label.
    """

    name: str
    epsg: int | None
    assumed: bool = False

    @property
    def label(self) -> str:
        """Name the CRS for people, in the active language."""
        if self.assumed:
            return _("%(crs)s (assumed)") % {"crs": self.name}
        return self.name

    @property
    def geographic(self) -> bool:
        """Say whether coordinates are degrees (lon, lat)."""
        return self.epsg is None or self.epsg in GEOGRAPHIC

    def to_wgs84(self, geometry: GEOSGeometry) -> GEOSGeometry:
        """Return `geometry` (in this CRS) as lon/lat on SRID 4326."""
        if self.epsg is None:
            geometry = gcj02.transform_geometry(geometry, to_wgs84=True)
        elif self.epsg not in GEOGRAPHIC:
            geometry = geometry.transform(coord_transform(self.epsg, SRID), clone=True)
        geometry.srid = SRID
        return geometry

    def metres_hint(self, geometry: GEOSGeometry) -> dict | None:
        """Return {x, y, guess} when degrees were expected but these are CRS metres."""
        x, y = (
            (geometry.x, geometry.y)
            if geometry.geom_type == "Point"
            else (geometry.extent[:2])
        )
        guess = _guess(x, y)
        if not self.geographic or not guess:
            return None
        return {"x": _short(x), "y": _short(y), "guess": guess}

    def coordinate_problem(self, geometry: GEOSGeometry) -> str | None:
        """Say why the coordinates cannot be in this CRS (degrees vs metres), if so."""
        if geometry.geom_type == "Point":
            xmin = xmax = geometry.x
            ymin = ymax = geometry.y
        else:
            xmin, ymin, xmax, ymax = geometry.extent
        looks_like_degrees = -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90
        if self.geographic and not looks_like_degrees:
            x, y = (xmin, ymin) if abs(xmin) > 180 or abs(ymin) > 90 else (xmax, ymax)
            if -90 <= x <= 90 and -180 <= y <= 180:
                return _(
                    "longitude and latitude look swapped (%(x)s, %(y)s); "
                    "put longitude first"
                ) % {"x": _short(x), "y": _short(y)}
            return _(
                "coordinates (%(x)s, %(y)s) are not degrees%(guess)s; "
                "is the CRS right? (--srs, now %(crs)s)"
            ) % {
                "x": _short(x),
                "y": _short(y),
                "guess": _guess(x, y),
                "crs": self.label,
            }
        if not self.geographic and looks_like_degrees:
            return _(
                "coordinates (%(x)s, %(y)s) look like degrees, not %(crs)s metres; "
                "is the CRS right? (--srs)"
            ) % {"x": _short(xmin), "y": _short(ymin), "crs": self.label}
        return None


WGS84 = SourceCRS("EPSG:4326", 4326)
# For files that name no CRS (CSV, a shapefile without .prj): said so in every report.
ASSUMED = SourceCRS("EPSG:4326", 4326, assumed=True)


def parse_srs(text: str) -> SourceCRS:
    """Return the accepted CRS named by `--srs` or a GeoJSON `crs`, or refuse it."""
    value = text.strip()
    if value.lower() in GCJ_NAMES:
        return SourceCRS(GCJ02, None)
    if CRS84.match(value):
        return WGS84
    match = CODE_PATTERN.match(value)
    if match and _accepted(int(match.group(1))):
        return SourceCRS(f"EPSG:{int(match.group(1))}", int(match.group(1)))
    raise ImportFailed(
        _("Unknown or unsupported SRS %(srs)r. Accepted: %(accepted)s.")
        % {"srs": text, "accepted": ACCEPTED}
    )


def identify(srs: SpatialReference | None, *, default=ASSUMED) -> SourceCRS:
    """Return the accepted CRS a file declares (GDAL's reading of it), or refuse it."""
    if srs is None:
        return default
    if (srs.auth_name(None) or "").upper() == "EPSG" and _accepted(
        int(srs.auth_code(None))
    ):
        return SourceCRS(f"EPSG:{int(srs.auth_code(None))}", int(srs.auth_code(None)))
    code = _match_definition(_proj_parameters(srs.proj4))
    if code:
        return SourceCRS(f"EPSG:{code}", code)
    raise ImportFailed(
        _(
            "The file's CRS (%(name)s) is not one this importer accepts. Accepted: "
            "%(accepted)s. Convert the file, or give --srs if its CRS is declared "
            "wrongly."
        )
        % {"name": srs.name or srs.proj4, "accepted": ACCEPTED}
    )


def _accepted(code: int) -> bool:
    return code in GEOGRAPHIC or code == MERCATOR or code in GAUSS_KRUGER


def _proj_parameters(proj4: str) -> dict[str, str]:
    """Return a PROJ string's parameters, less those that do not move coordinates."""
    parameters = {}
    for token in proj4.split():
        key, _sep, value = token.lstrip("+").partition("=")
        parameters[key] = value
    for noise in ("no_defs", "wktext", "type"):
        parameters.pop(noise, None)
    if (
        parameters.get("towgs84", "").replace("0", "").replace(",", "").replace(".", "")
        == ""
    ):
        parameters.pop("towgs84", None)
    return parameters


def _match_definition(parameters: dict[str, str]) -> int | None:
    """Return the accepted EPSG code whose definition equals `parameters`, if any."""
    if parameters.get("proj") == "longlat":
        ellipsoid = parameters.get("datum") or parameters.get("ellps")
        plain = set(parameters) <= {"proj", "datum", "ellps"}
        return 4326 if plain and ellipsoid in {"WGS84", "GRS80"} else None
    candidate = _gauss_kruger_code(parameters)
    if parameters.get("proj") == "merc":
        candidate = MERCATOR
    if candidate and _same(
        parameters, _proj_parameters(SpatialReference(candidate).proj4)
    ):
        return candidate
    return None


def _gauss_kruger_code(parameters: dict[str, str]) -> int | None:
    """Return the CGCS2000 Gauss-Krüger code a tmerc definition would have, if any."""
    try:
        meridian = float(parameters.get("lon_0", "nan"))
        false_easting = float(parameters.get("x_0", "nan"))
    except ValueError:
        return None
    if parameters.get("proj") != "tmerc" or meridian % 3:
        return None
    zone = int(false_easting // 1_000_000)
    if zone == 0:
        return 4534 + int(meridian - 75) // 3 if 75 <= meridian <= 135 else None
    if 25 <= zone <= 45 and meridian == 3 * zone:
        return 4488 + zone
    if 13 <= zone <= 23 and meridian == 6 * zone - 3:
        return 4478 + zone
    return None


def _same(first: dict[str, str], second: dict[str, str]) -> bool:
    if set(first) != set(second):
        return False
    for key, value in first.items():
        try:
            if abs(float(value) - float(second[key])) > 1e-9:
                return False
        except ValueError:
            if value != second[key]:
                return False
    return True


def _guess(x: float, y: float) -> str:
    """Name the CRS such numbers usually come from in Henan, as a hint."""
    if 38_000_000 < x < 39_000_000:
        return _("; they look like EPSG:4526 (Gauss-Krüger zone 38)")
    if 200_000 < x < 800_000 and 3_000_000 < y < 5_000_000:
        return _("; they look like EPSG:4547 (Gauss-Krüger CM 114E)")
    if 1e7 < abs(x) < 2.1e7 and 3e6 < abs(y) < 6e6:
        return _("; they look like EPSG:3857 (web Mercator)")
    return ""


def _short(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")
