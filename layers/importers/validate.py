"""Check every row before anything is written: per row, then in bulk in the database.

Bulk checks cost one query per check per file, never one per row: references are
resolved with one `code__in` query each, cleared sites find their village in one spatial
query.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from layers.importers.errors import ImportFailed, RowError
from layers.importers.geometry import Area, near
from layers.importers.spec import Kind, Row
from layers.importers.wording import kind_label, listing
from layers.models import SRID, County, Village


class Errors(list):
    """RowErrors found while checking; a failed row is kept out of later checks."""

    def fail(self, row: Row, field: str, reason: str) -> None:
        row.failed = True
        self.append(RowError(row.number, field, str(reason)))


def county_area(kind: Kind) -> Area | None:
    """Return the loaded county outline as an Area, or refuse a kind that needs one."""
    if kind.name == "county":
        return None
    counties = list(County.objects.only("code", "name", "boundary"))
    if not counties:
        if kind.geometry_field:
            raise ImportFailed(
                _(
                    "No county outline is loaded, so %(kind)s rows cannot be checked; "
                    "import the county first (manage.py import_layer county FILE)."
                )
                % {"kind": kind_label(kind.name)}
            )
        return None
    outline = counties[0].boundary
    for county in counties[1:]:
        outline = outline.union(county.boundary)
    return Area(
        outline,
        _("the county"),
        hint=_("; is the CRS right? (--srs)"),
        codes=frozenset(county.code for county in counties),
    )


def check_rows(
    kind: Kind, rows: list[Row], county: Area | None, errors: Errors
) -> None:
    """Run the bulk checks on rows that passed the row checks."""
    resolve_references(kind, rows, errors)
    if county:
        check_inside(kind, rows, county, errors)
    if kind.name == "cleared_site":
        locate_villages(rows, errors)
    check_models(kind, rows, errors)
    check_unique(kind, rows, errors)


def live(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not row.failed]


def resolve_references(kind: Kind, rows: list[Row], errors: Errors) -> None:
    """Look up every referenced code with one query per reference."""
    for ref in kind.references:
        codes = {
            row.values[ref.column] for row in live(rows) if row.values.get(ref.column)
        }
        found = {
            obj.code: obj
            for obj in ref.model.objects.filter(code__in=codes).only(
                "id", "code", *ref.load
            )
        }
        for row in live(rows):
            code = row.values.get(ref.column)
            if code and code not in found:
                errors.fail(
                    row,
                    ref.column,
                    _("%(code)s is not a known %(model)s; import it first")
                    % {"code": code, "model": ref.model._meta.verbose_name},
                )
            elif code:
                row.related[ref.attr] = found[code]
            elif ref.required:
                errors.fail(row, ref.column, _("required"))


def check_inside(kind: Kind, rows: list[Row], county: Area, errors: Errors) -> None:
    """Keep rows in the county, villages in their township, points in their area."""
    townships = {}
    for row in live(rows):
        problem = county.problem(row.geometry)
        if problem:
            errors.fail(row, kind.geometry_field, problem)
            continue
        if kind.name == "township" and row.values["code"][:6] not in county.codes:
            errors.fail(
                row,
                "code",
                _("%(code)s is not in county %(county)s")
                % {
                    "code": row.values["code"],
                    "county": listing(sorted(county.codes)),
                },
            )
        township = row.related.get("township") if kind.name == "village" else None
        if township:
            if township.pk not in townships:
                townships[township.pk] = Area(township.boundary, township.name)
            _check_township(kind, row, townships[township.pk], township, errors)
        for attr, point in row.points.items():
            if not near(row.geometry, point):
                errors.fail(row, attr, _("lies outside the row's own geometry"))


def _check_township(kind, row: Row, area: Area, township, errors: Errors) -> None:
    # A schematic (示意) township outline is drawn for illustration: a surveyed village
    # may cross it, so only the village's bulk (a point on its surface) must fall
    # inside.
    probe = row.geometry.point_on_surface if township.is_schematic else row.geometry
    problem = area.problem(probe)
    if problem:
        errors.fail(row, kind.geometry_field, problem)


def locate_villages(rows: list[Row], errors: Errors) -> None:
    """Give sites without a village code the village containing them, in one query."""
    wanting = [row for row in live(rows) if "village" not in row.related]
    if not wanting:
        return
    sql = f"""
        SELECT p.i, v.id, v.code
        FROM unnest(%s::int[], %s::float8[], %s::float8[]) AS p(i, x, y)
        JOIN LATERAL (
            SELECT id, code FROM {Village._meta.db_table}
            WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(p.x, p.y), {SRID}))
            -- overlapping villages (bad data): the smallest one, as a tie-break only
            ORDER BY ST_Area(boundary), code LIMIT 1
        ) v ON true
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                list(range(len(wanting))),
                [r.geometry.x for r in wanting],
                [r.geometry.y for r in wanting],
            ],
        )
        found = {
            index: Village(pk=pk, code=code) for index, pk, code in cursor.fetchall()
        }
    for index, row in enumerate(wanting):
        if index in found:
            row.related["village"] = found[index]
            row.values["village_code"] = found[index].code
        else:
            errors.fail(
                row,
                "village_code",
                _("no village contains this point; give village_code"),
            )


def check_models(kind: Kind, rows: list[Row], errors: Errors) -> None:
    """Build each row's model attributes and run the model's own field validators."""
    skip = [
        f.name
        for f in kind.model._meta.concrete_fields
        if f.is_relation
        or f.name == kind.geometry_field
        or getattr(f, "generated", False)
    ]
    for row in live(rows):
        row.attrs = kind.attributes(row)
        row.instance = kind.model(**row.attrs)
        try:
            row.instance.clean_fields(exclude=skip)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.fail(row, field, " ".join(messages))


def check_unique(kind: Kind, rows: list[Row], errors: Errors) -> None:
    """Refuse two rows with one natural key, or a unique value another code holds."""
    label = listing(_column(kind, attr) for attr in kind.key)
    first = {}
    for row in live(rows):
        key = tuple(row.attrs[attr] for attr in kind.key)
        if key in first:
            errors.fail(row, label, _("the same as row %(row)d") % {"row": first[key]})
        else:
            first[key] = row.number
    for attr in kind.unique:
        values = defaultdict(list)
        for row in live(rows):
            values[row.attrs[attr]].append(row)
        taken = dict(
            kind.model.objects.filter(**{f"{attr}__in": list(values)}).values_list(
                attr, kind.key[0]
            )
        )
        for value, holders in values.items():
            for row in holders[1:]:
                errors.fail(
                    row,
                    attr,
                    _("%(value)s is also in row %(row)d")
                    % {"value": value, "row": holders[0].number},
                )
            owner = taken.get(value)
            if owner is not None and owner != holders[0].attrs[kind.key[0]]:
                errors.fail(
                    holders[0],
                    attr,
                    _("%(value)s already belongs to %(owner)s")
                    % {"value": value, "owner": owner},
                )


def _column(kind: Kind, attr: str) -> str:
    for ref in kind.references:
        if attr == f"{ref.attr}_id":
            return ref.column
    return attr
