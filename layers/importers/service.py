"""The importer's entry point: file → features → checked rows → one transaction."""

from pathlib import Path

from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from history.context import acting, current
from layers.importers import fields, geometry, kinds, validate, writer
from layers.importers.crs import WGS84
from layers.importers.errors import ImportFailed, RowError
from layers.importers.features import Feature, to_lon_lat
from layers.importers.report import ImportReport
from layers.importers.sources import Source, open_source
from layers.importers.spec import Kind, Row
from layers.importers.wording import listing


def import_file(
    kind: str,
    path: str | Path,
    *,
    srs: str | None = None,
    dry_run: bool = False,
    repair: bool = False,
    encoding: str | None = None,
) -> ImportReport:
    """Import one file of `kind`: check every row first, then write all at once.

    Raise ImportFailed for file-level problems; return a report whose `errors` list the
    row problems, in which case nothing is written. `dry_run` checks, writes and rolls
    the writes back.
    """
    spec = kinds.get(kind)
    path = Path(path)
    county = validate.county_area(spec) if spec.geometry_field else None
    source = open_source(path, srs=srs, encoding=encoding, layer=spec.name)
    report = ImportReport(
        kind=spec.name,
        file=str(path),
        dry_run=dry_run,
        source_srs=source.crs.label if spec.geometry_field else "",
        encoding=source.encoding,
    )
    mapping = _columns(spec, source, report)
    errors = validate.Errors()
    rows = [
        _row(spec, feature, mapping, source, repair, report, errors)
        for feature in source.read()
    ]
    report.rows_read = len(rows)
    if not rows:
        raise ImportFailed(_("%(file)s has no data rows.") % {"file": path.name})
    validate.check_rows(spec, rows, county, errors)
    report.errors = sorted(errors, key=lambda error: error.row)
    if report.ok:
        # The history triggers record each row written, with the file as its reason.
        with acting(source="import", reason=current().reason or f"import: {path.name}"):
            writer.save(spec, rows, report, dry_run=dry_run)
    return report


def _columns(spec: Kind, source: Source, report: ImportReport) -> dict[str, str]:
    """Map the file's headers to the kind's columns; refuse one missing a column."""
    mapping, ignored = fields.match_headers(
        spec.columns, source.columns, truncated=source.truncated_headers
    )
    report.ignored_columns = [
        c for c in ignored if fields.header_key(c) not in source.boilerplate
    ]
    present = set(mapping.values())
    missing = [c for c in spec.columns if c.required and c.key not in present]
    if missing:
        raise ImportFailed(
            ngettext(
                "%(file)s lacks the column %(missing)s; its columns are: %(columns)s.",
                "%(file)s lacks the columns %(missing)s; its columns are: %(columns)s.",
                len(missing),
            )
            % {
                "file": source.path.name,
                "missing": listing(
                    _("%(column)s (%(aliases)s)")
                    % {"column": c.key, "aliases": "/".join(c.aliases)}
                    for c in missing
                ),
                "columns": listing(source.columns) or _("none"),
            }
        )
    return mapping


def _row(spec, feature: Feature, mapping, source, repair, report, errors) -> Row:
    """Parse one feature's values and geometry, noting every problem on the way."""
    values, problems = fields.parse_row(spec.columns, feature.properties, mapping)
    row = Row(feature.row, values)
    for field, reason in problems:
        errors.fail(row, field, reason)
    if spec.geometry_field:
        _geometry(spec, row, feature, repair, report, errors)
    for point in spec.points:
        _point(point, row, source, errors)
    if spec.rules and not row.failed:
        for field, reason in spec.rules(row.values):
            errors.fail(row, field, reason)
    return row


def _geometry(spec, row, feature, repair, report, errors) -> None:
    if feature.problem or feature.geometry is None:
        errors.fail(
            row, spec.geometry_field, feature.problem or _("the row has no geometry")
        )
        return
    shaped, problem, repaired = geometry.shape(
        feature.geometry, spec.geometry_types, repair=repair
    )
    if problem:
        errors.fail(row, spec.geometry_field, problem)
        return
    row.geometry = shaped
    if repaired:
        report.repaired += 1
        report.repairs.append(RowError(row.number, spec.geometry_field, repaired))


def _point(point, row, source, errors) -> None:
    lon, lat = row.values.get(point.lon), row.values.get(point.lat)
    if lon is None and lat is None:
        return
    if lon is None or lat is None:
        missing = point.lon if lon is None else point.lat
        errors.fail(row, missing, _("give both or neither"))
        return
    # Attribute lon/lat are degrees whatever the geometry's projection (reprojecting a
    # file leaves attributes alone), in GCJ-02 only when the whole file is.
    degrees = source.crs if source.crs.geographic else WGS84
    located, problem = to_lon_lat(Point(lon, lat, srid=None), degrees)
    if problem:
        errors.fail(row, point.attr, problem)
    else:
        row.points[point.attr] = located
