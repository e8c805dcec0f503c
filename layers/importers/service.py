"""The importer's entry point: file → features → checked rows → one transaction."""

from functools import partial
from pathlib import Path

from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from history.context import acting, current
from layers.importers import (
    fields,
    gcjfit,
    geometry,
    kinds,
    scope,
    surveyed,
    validate,
    writer,
)
from layers.importers.crs import WGS84
from layers.importers.errors import ImportFailed, RowError
from layers.importers.features import Feature, to_lon_lat
from layers.importers.gdal import quiet_gis
from layers.importers.report import ImportReport
from layers.importers.rules import NOTES
from layers.importers.sources import Source, open_source
from layers.importers.spec import Kind, Row
from layers.importers.wording import kind_label, listing, rows_label


def import_file(
    kind: str,
    path: str | Path,
    *,
    srs: str | None = None,
    dry_run: bool = False,
    repair: bool = False,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    constants: dict[str, str] | None = None,
    user=None,
    name: str | None = None,
    progress=None,
) -> ImportReport:
    """Import one file of `kind`: check every row first, then write all at once.

    Raise ImportFailed for file-level problems; return a report whose `errors` list the
    row problems, in which case nothing is written. `dry_run` checks, writes and rolls
    the writes back. `mapping` is FIELD → COLUMN (`--map`), `constants` FIELD → VALUE
    for every row (`--set`). With `user`, rows outside the townships the user may write
    are refused, each named. `name` is the file's name as the user knows it (an upload
    is stored under another). `progress(stage=..., done=..., force=...)` is told how
    far the import got (a background job's progress, see imports.jobs).
    """
    spec = kinds.get(kind)
    path = Path(path)
    with quiet_gis():
        return _import(
            spec,
            path,
            srs,
            dry_run,
            repair,
            encoding,
            mapping,
            constants,
            user,
            name,
            progress or _silent,
        )


def _silent(**_fields) -> None:
    """Report progress nowhere (imports run by the command or inside a request)."""


def _import(
    spec, path, srs, dry_run, repair, encoding, mapping, constants, user, name, progress
):
    label = name or path.name
    may_add = _permitted(spec, user)
    county = validate.county_area(spec) if spec.geometry_field else None
    source = open_source(path, srs=srs, encoding=encoding, layer=spec.name)
    report = ImportReport(
        kind=spec.name,
        file=label,
        dry_run=dry_run,
        source_srs=source.crs.label if spec.geometry_field else "",
        encoding=source.encoding,
        format=source.format,
        first_line=source.first_line,
    )
    for note in source.notes:
        report.note(note)
    columns = _columns(spec, source, report, mapping or {}, constants or {})
    fixed = _constants(spec, constants or {})
    errors = validate.Errors()
    rows = []
    progress(stage="reading", done=0, force=True)
    for feature in source.read():
        rows.append(_row(spec, feature, columns, fixed, source, repair, report, errors))
        progress(done=len(rows))
    report.rows_read = len(rows)
    progress(stage="checking", done=len(rows), total=len(rows), force=True)
    if not rows:
        raise ImportFailed(_("%(file)s has no data rows.") % {"file": label})
    _assumptions(rows, report)
    suggestion = gcjfit.note(spec, rows, source)
    if suggestion:
        report.note(suggestion)
    validate.check_rows(spec, rows, county, errors, report)
    if user is not None:
        scope.check(spec, rows, user, errors)
    report.errors = sorted(errors, key=lambda error: error.row)
    if report.ok:
        after = None
        if spec.name == "village":
            townships = {
                row.related["township"].pk
                for row in rows
                if row.related.get("township")
            }
            after = partial(surveyed.redraw_townships, townships, report)
        # The history triggers record each row written, with the file as its reason.
        progress(stage="saving", force=True)
        reason = current().reason or f"import: {label}"
        with acting(user=user, source="import", reason=reason):
            writer.save(
                spec, rows, report, dry_run=dry_run, after=after, may_add=may_add
            )
    return report


def _permitted(spec: Kind, user) -> bool:
    """Refuse a user who may neither add nor change the kind's rows; say if may add."""
    if user is None:
        return True
    from accounts.policy import may_write_model

    may_add = may_write_model(user, spec.model, "add")
    if not may_add and not may_write_model(user, spec.model, "change"):
        raise ImportFailed(
            _("You may not import %(kind)s.") % {"kind": kind_label(spec.name)}
        )
    return may_add


def _columns(
    spec: Kind, source: Source, report: ImportReport, chosen: dict, constants: dict
) -> dict[str, str]:
    """Map the file's headers to the kind's columns; refuse one missing a column.

    `chosen` (FIELD → COLUMN) overrides the dictionaries; a field given a constant
    takes no column.
    """
    keys = {column.key for column in spec.columns}
    for field_name in [*chosen, *constants]:
        if field_name not in keys:
            raise ImportFailed(
                _("%(field)s is not a field of %(kind)s; fields: %(fields)s.")
                % {
                    "field": field_name,
                    "kind": kind_label(spec.name),
                    "fields": listing(sorted(keys)),
                }
            )
    for field_name, column_name in chosen.items():
        if column_name not in source.columns:
            raise ImportFailed(
                _(
                    "%(file)s has no column %(column)r (for %(field)s); its columns "
                    "are: %(columns)s."
                )
                % {
                    "file": report.file,
                    "column": column_name,
                    "field": field_name,
                    "columns": listing(source.columns) or _("none"),
                }
            )
    rest = [c for c in source.columns if c not in chosen.values()]
    mapping, alternates, ignored = fields.match_all(
        [c for c in spec.columns if c.key not in chosen and c.key not in constants],
        rest,
        truncated=source.truncated_headers,
    )
    report.alternates = alternates
    mapping |= {column: field_name for field_name, column in chosen.items()}
    report.ignored_columns = [
        c for c in ignored if fields.header_key(c) not in source.boilerplate
    ]
    report.columns_used = [
        (key, " / ".join([column, *alternates.get(key, [])]))
        for column_ in spec.columns
        for column, key in mapping.items()
        if key == column_.key
    ] + [(key, f"={value}") for key, value in constants.items()]
    present = set(mapping.values()) | set(constants)
    missing = [c for c in spec.columns if c.required and c.key not in present]
    if missing:
        raise ImportFailed(
            ngettext(
                "%(file)s lacks the column %(missing)s; its columns are: %(columns)s.",
                "%(file)s lacks the columns %(missing)s; its columns are: %(columns)s.",
                len(missing),
            )
            % {
                "file": report.file,
                "missing": listing(
                    _("%(column)s (%(aliases)s)")
                    % {"column": c.key, "aliases": "/".join(c.aliases[:6])}
                    for c in missing
                ),
                "columns": listing(source.columns) or _("none"),
            }
        )
    return mapping


def _constants(spec: Kind, constants: dict) -> dict:
    """Parse each --set value once; refuse a bad one for the whole file."""
    by_key = {column.key: column for column in spec.columns}
    parsed = {}
    for key, value in constants.items():
        try:
            parsed[key] = by_key[key].parse(value)
        except ValueError as error:
            raise ImportFailed(
                _("--set %(field)s=%(value)s: %(reason)s")
                % {"field": key, "value": value, "reason": error}
            ) from None
    return parsed


def _assumptions(rows: list[Row], report: ImportReport) -> None:
    """Report each assumption the rules made once, with the rows it was made for."""
    made: dict[str, list[int]] = {}
    for row in rows:
        for note in row.values.pop(NOTES, []):
            made.setdefault(note, []).append(row.number)
    for note, numbers in made.items():
        report.note(
            _("%(rows)s: %(note)s") % {"rows": rows_label(numbers), "note": note}
        )


def _row(spec, feature: Feature, mapping, fixed, source, repair, report, errors) -> Row:
    """Parse one feature's values and geometry, noting every problem on the way."""
    columns = tuple(c for c in spec.columns if c.key not in fixed)
    properties = feature.properties
    if report.alternates:
        properties = dict(properties)
        for header, key in mapping.items():
            if fields.is_blank(properties.get(header)):
                for other in report.alternates.get(key, ()):
                    if not fields.is_blank(properties.get(other)):
                        properties[header] = properties[other]
                        break
    values, problems = fields.parse_row(columns, properties, mapping)
    values |= fixed
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
