"""Downloads of a filtered layer: GeoJSON, CSV (BOM), KML, GeoPackage, zipped Shapefile.

PostGIS writes GeoJSON and CSV itself; KML, GeoPackage and Shapefile are GDAL's ogr2ogr
fed the GeoJSON text PostGIS built, so no feature passes through Python objects.
KML is WGS 84 with the Chinese name as each placemark's name; the Shapefile is GBK with
a `.cpg` so Chinese desktop GIS reads the names right.
"""

import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.db import connection
from django.http import HttpResponse

from layers.cells import csv_safe, sheet_append
from layers.geojson import (
    DEFAULT_FORMAT,
    Envelope,
    GeometryFormat,
    copy_csv,
    feature_collection,
    geometry_sql,
    quoted,
)

BOM = "\ufeff"
TYPES = {
    "geojson": ("application/geo+json", "geojson"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "kml": ("application/vnd.google-earth.kml+xml", "kml"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
    "shp": ("application/zip", "zip"),
}
NAME_FIELDS = ("short_name", "name", "code", "partner")
OGR_TIMEOUT = 300


class ExportError(RuntimeError):
    """GDAL could not write the requested format."""


def download(
    layer: str,
    queryset,
    *,
    fmt: str,
    properties: list[str],
    geometry: GeometryFormat = DEFAULT_FORMAT,
    id_column: str = "code",
):
    """Return an attachment response with `queryset` written as `fmt`."""
    content_type, suffix = TYPES[fmt]
    if fmt == "csv":
        body = csv_text(queryset, properties=properties, geometry=geometry).encode(
            "utf-8"
        )
    else:
        data = feature_collection(
            queryset,
            properties=properties,
            envelope=Envelope(limit=10**7),
            fmt=geometry,
            id_column=id_column,
        ).encode("utf-8")
        body = (
            data
            if fmt == "geojson"
            else ogr_convert(
                data, fmt=fmt, layer=layer.replace("-", "_"), properties=properties
            )
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{layer}.{suffix}"'
    return response


def csv_text(queryset, *, properties: list[str], geometry: GeometryFormat) -> str:
    """Return the rows as CSV with a BOM (Excel and WPS then read UTF-8), WKT geometry last."""
    row_sql, row_params = queryset.query.sql_with_params()
    geom, geom_params = geometry_sql("geometry", geometry)
    columns = ", ".join(f"p.{quoted(name)}" for name in properties)
    select = f"SELECT {columns}, ST_AsText({geom}, %s) AS wkt FROM ({row_sql}) p"
    text = copy_csv(select, [*geom_params, geometry.precision, *row_params])
    return BOM + csv_safe(text)


def ogr_convert(
    geojson: bytes, *, fmt: str, layer: str, properties: list[str]
) -> bytes:
    """Convert FeatureCollection (UTF-8 bytes) with ogr2ogr and return the file's bytes."""
    with tempfile.TemporaryDirectory(prefix="geoportal-export-") as folder:
        folder = Path(folder)
        source = folder / f"{layer}.geojson"
        source.write_bytes(geojson)
        if fmt == "kml":
            return ogr(source, folder / f"{layer}.kml", "KML", kml_options(properties))
        if fmt == "gpkg":
            return ogr(source, folder / f"{layer}.gpkg", "GPKG", ["-nln", layer])
        return shapefile_zip(source, folder, layer)


def kml_options(properties: list[str]) -> list[str]:
    name = next((field for field in NAME_FIELDS if field in properties), None)
    return ["-dsco", f"NameField={name}"] if name else []


def shapefile_zip(source: Path, folder: Path, layer: str) -> bytes:
    """Write one GBK shapefile per geometry family present and zip them."""
    out = folder / "shp"
    out.mkdir()
    families = {
        "points": ("POINT", "MULTIPOINT"),
        "areas": ("POLYGON", "MULTIPOLYGON"),
    }
    for family, types in families.items():
        where = "OGR_GEOMETRY IN (" + ",".join(f"'{t}'" for t in types) + ")"
        target = out / f"{layer}_{family}.shp"
        options = ["-lco", "ENCODING=GBK", "-where", where, "-nln", target.stem]
        if family == "areas":
            options += ["-nlt", "MULTIPOLYGON"]
        ogr(source, target, "ESRI Shapefile", options)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(out.iterdir()):
            if not empty_shapefile(out, path):
                archive.write(path, path.name)
    return buffer.getvalue()


def empty_shapefile(folder: Path, path: Path) -> bool:
    """Say whether `path` belongs to a shapefile with no features (header only)."""
    shp = folder / (path.stem + ".shp")
    return shp.exists() and shp.stat().st_size <= 100


def ogr(source: Path, target: Path, driver: str, options: list[str]) -> bytes:
    """Run ogr2ogr from `source` to `target` and return the target's bytes."""
    command = ["ogr2ogr", "-f", driver, *options, str(target), str(source)]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=OGR_TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise ExportError(result.stderr.strip()[-500:])
    return target.read_bytes() if target.is_file() else b""


def table_xlsx(names: list[str], rows: list[tuple], *, title: str) -> bytes:
    """Return a small table (a report, not a layer) as an .xlsx workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet_append(sheet, names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet_append(
            sheet,
            [float(value) if hasattr(value, "as_tuple") else value for value in row],
        )
    sheet.freeze_panes = "D2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download_name(*parts, suffix: str) -> str:
    """Return a download's file name from its parts (township, year, …) and today's date.

    Parts that are None or empty are left out; the date is the server's local date.
    """
    from django.utils import timezone

    today = timezone.localdate().strftime("%Y%m%d")
    words = [str(part) for part in parts if part not in (None, "")]
    return "_".join([*words, today]) + "." + suffix


def attachment(body, content_type: str, filename: str) -> HttpResponse:
    """Return `body` as a download named `filename` (UTF-8 names per RFC 6266/5987)."""
    from urllib.parse import quote

    response = HttpResponse(body, content_type=content_type)
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


# Village downloads for readers (the map pages' "Downloads"): headers and values in the
# page's language, yes/no words, longitude/latitude in WGS-84 besides WKT, KML styled by
# star level. Column labels come from the layer registry (layers/catalog).
LON_LABEL = "longitude (WGS-84, EPSG:4326)"
LAT_LABEL = "latitude (WGS-84, EPSG:4326)"
WKT_LABEL = "WKT (WGS-84, EPSG:4326)"


def village_columns() -> list:
    """Return the villages layer's registry columns a reader's download shows."""
    from layers.catalog import definitions

    return [c for c in definitions.VILLAGES.columns if c.name != "township_code"]


def village_export_rows(queryset) -> tuple[list[str], list[list], list[dict]]:
    """Return headers, rows (readers' words) and the raw rows of a filtered village list."""
    from django.utils.translation import gettext as _

    from layers.maps.styles import LEVEL_LABELS

    columns = village_columns()
    raw = list(queryset.order_by("code"))
    geometry = village_geometry([row["code"] for row in raw])
    headers = [str(c.label) for c in columns] + [
        _("Level name"),
        _(LON_LABEL),
        _(LAT_LABEL),
        _(WKT_LABEL),
    ]
    rows = []
    for row in raw:
        values = []
        for column in columns:
            value = row.get(column.name)
            if column.type == "boolean":
                value = _("Yes") if value else _("No")
            values.append(value)
        lon, lat, wkt, _kml = geometry.get(row["code"], (None, None, None, None))
        level = row.get("level")
        values += [str(LEVEL_LABELS[level if level is not None else 0]), lon, lat, wkt]
        rows.append(values)
    return headers, rows, raw


def village_geometry(codes: list[str]) -> dict[str, tuple]:
    """Return {code: (longitude, latitude, WKT, KML geometry)} of the villages (WGS-84)."""
    if not codes:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, round(ST_X(label_point)::numeric, 6),"
            " round(ST_Y(label_point)::numeric, 6), ST_AsText(boundary, 6),"
            " ST_AsKML(boundary, 6) FROM layers_village WHERE code = ANY(%s)",
            [codes],
        )
        return {
            code: (float(lon), float(lat), wkt, kml)
            for code, lon, lat, wkt, kml in cursor.fetchall()
        }


def villages_csv(headers: list[str], rows: list[list]) -> str:
    """Return the rows as CSV with a BOM (Excel opens it as UTF-8), spreadsheet-safe."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return BOM + csv_safe(out.getvalue())


def kml_colour(hex_colour: str, alpha: str = "cc") -> str:
    """Return #rrggbb as KML's aabbggrr."""
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{alpha}{b}{g}{r}"


def villages_kml(
    headers: list[str], rows: list[list], raw: list[dict], title: str
) -> str:
    """Return the villages as KML: one style per star level, every column kept as
    ExtendedData (SchemaData), which GDAL and QGIS read back as attributes."""
    from xml.sax.saxutils import escape, quoteattr

    from layers.maps.styles import LEVEL_COLOURS, LEVEL_LABELS

    kml = village_geometry([row["code"] for row in raw])
    fields = headers[:-1]  # WKT stays out: the geometry is the placemark's own
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
        f"<name>{escape(title)}</name>",
        '<Schema name="villages" id="villages">',
        *(
            f'<SimpleField name={quoteattr(name)} type="string"></SimpleField>'
            for name in fields
        ),
        "</Schema>",
    ]
    for level, colour in LEVEL_COLOURS.items():
        parts.append(
            f'<Style id="level-{level}"><LineStyle><color>ff555555</color>'
            f"<width>1</width></LineStyle><PolyStyle><color>{kml_colour(colour)}"
            f"</color></PolyStyle><BalloonStyle><text>{escape(str(LEVEL_LABELS[level]))}"
            "</text></BalloonStyle></Style>"
        )
    for values, row in zip(rows, raw, strict=True):
        level = row.get("level") if row.get("level") is not None else 0
        geometry = kml.get(row["code"], (None, None, None, ""))[3] or ""
        data = "".join(
            f"<SimpleData name={quoteattr(name)}>"
            f"{escape('' if value is None else str(value))}</SimpleData>"
            for name, value in zip(fields, values, strict=False)
        )
        parts.append(
            f"<Placemark><name>{escape(row.get('short_name') or row['name'])}</name>"
            f"<styleUrl>#level-{level}</styleUrl>"
            f'<ExtendedData><SchemaData schemaUrl="#villages">{data}</SchemaData>'
            f"</ExtendedData>{geometry}</Placemark>"
        )
    parts.append("</Document></kml>")
    return "\n".join(parts)


# Cleared-site and EOD-site downloads for readers (?format=csv|kml|xlsx on their feeds):
# headers from the layer registry's labels, kind/status words and 是/否 in the reader's
# language, longitude/latitude (WGS-84) besides WKT, file names with township and date.
READER_LAYERS = ("cleared-sites", "eod-sites")
READER_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "kml": "application/vnd.google-earth.kml+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def site_choices(layer: str) -> dict[str, dict]:
    """Return {column: {stored value: label}} of the layer's coded columns."""
    from layers.models import ClearedSite, EODProject

    if layer == "cleared-sites":
        return {
            "kind": dict(ClearedSite.Kind.choices),
            "status": dict(ClearedSite.Status.choices),
            "reuse": dict(ClearedSite.Reuse.choices),
        }
    return {
        "sub_project": dict(EODProject.SubProject.choices),
        "status": dict(EODProject.Status.choices),
    }


def site_export_rows(layer: str, queryset, properties: list[str]):
    """Return headers, rows in the reader's words and the KML geometries of the sites."""
    from django.utils.translation import gettext as _

    from layers.catalog import registry

    columns = [c for c in registry.get(layer).columns if c.name in properties]
    choices = site_choices(layer)
    row_sql, row_params = queryset.query.sql_with_params()
    names = ", ".join(f"p.{quoted(c.name)}" for c in columns)
    point = "ST_PointOnSurface(p.geometry)"
    sql = (
        f"SELECT {names}, round(ST_X({point})::numeric, 6),"
        f" round(ST_Y({point})::numeric, 6), ST_AsText(p.geometry, 6),"
        f" ST_AsKML(p.geometry, 6) FROM ({row_sql}) p"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, row_params)
        fetched = cursor.fetchall()
    headers = [str(c.label) for c in columns] + [
        str(_(LON_LABEL)),
        str(_(LAT_LABEL)),
        str(_(WKT_LABEL)),
    ]
    rows, shapes = [], []
    for record in fetched:
        values = []
        for column, value in zip(columns, record, strict=False):
            if column.type == "boolean" and value is not None:
                value = str(_("Yes") if value else _("No"))
            elif column.name in choices and value is not None:
                value = str(choices[column.name].get(value, value))
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            elif hasattr(value, "as_tuple"):
                value = float(value)
            values.append(value)
        lon, lat, wkt, kml = record[len(columns) :]
        values += [
            None if lon is None else float(lon),
            None if lat is None else float(lat),
            wkt,
        ]
        rows.append(values)
        shapes.append(kml or "")
    return headers, rows, shapes


def sites_kml(
    headers: list[str], rows: list[list], shapes: list[str], title: str
) -> str:
    """Return the sites as KML with every column (but WKT) as SchemaData."""
    from xml.sax.saxutils import escape, quoteattr

    fields = headers[:-1]
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
        f"<name>{escape(title)}</name>",
        '<Schema name="sites" id="sites">',
        *(
            f'<SimpleField name={quoteattr(name)} type="string"></SimpleField>'
            for name in fields
        ),
        "</Schema>",
    ]
    for values, shape in zip(rows, shapes, strict=True):
        data = "".join(
            f"<SimpleData name={quoteattr(name)}>"
            f"{escape('' if value is None else str(value))}</SimpleData>"
            for name, value in zip(fields, values, strict=False)
        )
        parts.append(
            f"<Placemark><name>{escape(str(values[0]))}</name>"
            f'<ExtendedData><SchemaData schemaUrl="#sites">{data}</SchemaData>'
            f"</ExtendedData>{shape}</Placemark>"
        )
    parts.append("</Document></kml>")
    return "\n".join(parts)


def sites_download(
    layer: str,
    queryset,
    *,
    fmt: str,
    properties: list[str],
    township,
    reported=(None, None),
):
    """Return the sites download in the reader's language (csv, kml or xlsx)."""
    from django.utils.translation import gettext as _

    from layers.catalog import registry
    from layers.models import Township

    headers, rows, shapes = site_export_rows(layer, queryset, properties)
    place = None
    if township:
        place = (
            Township.objects.filter(code=township)
            .values_list("name", flat=True)
            .first()
        )
    what = str(registry.get(layer).title)
    # A report window within one year names that year (报告 2022-05-01..2022-06-30: 2022年).
    years = {day.year for day in reported if day}
    year = str(_("{year}").format(year=years.pop())) if len(years) == 1 else None
    title = " ".join(
        part for part in (place or str(_("Neihuang County")), year, what) if part
    )
    if fmt == "csv":
        body = villages_csv(headers, rows)
    elif fmt == "kml":
        body = sites_kml(headers, rows, shapes, title)
    else:
        body = table_xlsx(headers, rows, title=what)
    name = download_name(place, year, what, suffix=fmt)
    return attachment(body, READER_TYPES[fmt], name)
