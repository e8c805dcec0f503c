"""Check every row before anything is written: per row, then in bulk in the database.

Bulk checks cost one query per check per file, never one per row: references are
resolved with one `code__in` query each, cleared sites find their village in one spatial
query.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from layers import rules
from layers.importers import official
from layers.importers.errors import ImportFailed, RowError
from layers.importers.geometry import Area, near
from layers.importers.spec import Kind, Row
from layers.importers.vocabulary import EOD_SUB_PROJECT
from layers.importers.wording import kind_label, listing
from layers.models import SRID, County, EODProject, Township, Village

SITE_TAGS = {
    "pond": "KT",
    "garbage": "LJ",
    "ruined_wall": "CY",
    "hollow_yard": "KX",
    "other": "QT",
}
SAME_PLACE_DEGREES = 1e-5  # ~1 m: a generated code is kept for a site in one place


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
    return Area(
        rules.county_outline(counties),
        _("the county"),
        hint=_("; is the CRS right? (--srs)"),
        codes=frozenset(county.code for county in counties),
    )


def check_rows(
    kind: Kind, rows: list[Row], county: Area | None, errors: Errors, report=None
) -> None:
    """Run the bulk checks on rows that passed the row checks."""
    check_official(kind, rows, errors)
    resolve_references(kind, rows, errors)
    if county:
        check_inside(kind, rows, county, errors, report)
    if kind.name == "cleared_site":
        locate_villages(rows, errors)
    if kind.name == "eod_site":
        locate_villages(
            [r for r in rows if not r.values.get("code")], errors, required=False
        )
    if kind.name in {"cleared_site", "eod_site"}:
        generate_codes(kind, rows, report)
    check_models(kind, rows, errors)
    check_unique(kind, rows, errors)


def check_official(kind: Kind, rows: list[Row], errors: Errors) -> None:
    """Refuse township and village codes that are not on the official list."""
    if kind.name not in {"township", "village"}:
        return
    for row in live(rows):
        problem = official.problem(row.values["code"])
        if problem:
            errors.fail(row, "code", problem)


def generate_codes(kind: Kind, rows: list[Row], report) -> None:
    """Give sites without a code one: village code, kind tag and a sequence number.

    A stored site of the same village and tag within a metre keeps its code, so
    importing the same file again updates those sites instead of adding them twice.
    """
    wanting = [r for r in live(rows) if not r.values.get("code")]
    if not wanting:
        return
    field = kind.geometry_field
    prefixes = {}
    for row in wanting:
        village = row.values.get("village_code") or "410527000000"
        tag = SITE_TAGS.get(row.values.get("kind"), "EOD")
        prefixes[row.number] = f"{village}-{tag}"
    stored = defaultdict(list)
    query = Q()
    for prefix in set(prefixes.values()):
        query |= Q(code__startswith=prefix)
    for code, where in kind.model.objects.filter(query).values_list("code", field):
        stored[code[:-3]].append((code, where))
    taken = {code for entries in stored.values() for code, _where in entries}
    given = set()
    for row in wanting:
        prefix = prefixes[row.number]
        spot = row.geometry.point_on_surface if row.geometry else None
        kept = next(
            (
                code
                for code, where in stored[prefix]
                if code not in given
                and spot is not None
                and where is not None
                and where.point_on_surface.distance(spot) < SAME_PLACE_DEGREES
            ),
            None,
        )
        if kept is None:
            number = 1
            while f"{prefix}{number:03d}" in taken | given:
                number += 1
            kept = f"{prefix}{number:03d}"
        given.add(kept)
        row.values["code"] = kept
    if report is not None:
        report.note(
            _(
                "%(count)d rows had no code; codes were generated (village code, kind, "
                "number, e.g. %(example)s) and are kept on re-import"
            )
            % {"count": len(wanting), "example": wanting[0].values["code"]}
        )


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
        if ref.model is EODProject:
            found |= _projects_by_name(codes - set(found))
        for row in live(rows):
            code = row.values.get(ref.column)
            if code and code not in found:
                checked = ref.model in {Township, Village}
                errors.fail(
                    row,
                    ref.column,
                    (checked and official.problem(code))
                    or _("%(code)s is not a known %(model)s; import it first")
                    % {"code": code, "model": ref.model._meta.verbose_name},
                )
            elif code:
                row.related[ref.attr] = found[code]
            elif ref.required:
                errors.fail(row, ref.column, _("required"))


def _projects_by_name(names: set[str]) -> dict:
    """Find EOD projects by name or sub-project (a KML folder says 农村生活污水治理)."""
    if not names:
        return {}
    sub_projects = {
        label: value for label, value in EOD_SUB_PROJECT.items() if label in names
    }
    projects = EODProject.objects.filter(
        Q(name__in=names) | Q(sub_project__in=[*sub_projects.values(), *names])
    ).only("id", "code", "name", "sub_project")
    found = {}
    for project in projects:
        for label, value in sub_projects.items():
            if value == project.sub_project:
                found[label] = project
        found.setdefault(project.name, project)
        found.setdefault(project.sub_project, project)
    return {name: project for name, project in found.items() if name in names}


def check_inside(
    kind: Kind, rows: list[Row], county: Area, errors: Errors, report=None
) -> None:
    """Keep rows in the county, villages in their township, points in their area."""
    townships = {}
    crossing = []
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
            _check_township(
                kind, row, townships[township.pk], township, errors, crossing
            )
        for attr, point in row.points.items():
            if not near(row.geometry, point):
                errors.fail(row, attr, _("lies outside the row's own geometry"))

    if crossing and report is not None:
        report.note(
            _(
                "%(count)d villages reach beyond the schematic (示意) outlines of "
                "their townships (%(townships)s); not refused: a drawn outline never "
                "outranks a surveyed boundary"
            )
            % {"count": len(crossing), "townships": listing(sorted(set(crossing)))}
        )


def _check_township(kind, row: Row, area: Area, township, errors, crossing) -> None:
    # A schematic (示意) township outline is drawn for illustration: it never refuses
    # a surveyed village (at most a note). A surveyed one refuses a village lying
    # outside it by more than geometry.TOLERANCE_M, naming the distance.
    problem = area.problem(row.geometry)
    if problem and township.is_schematic:
        crossing.append(township.name)
    elif problem:
        errors.fail(row, kind.geometry_field, problem)


def locate_villages(rows: list[Row], errors: Errors, required: bool = True) -> None:
    """Give sites without a village code the village containing them, in one query."""
    wanting = [
        row
        for row in live(rows)
        if "village" not in row.related and row.geometry is not None
    ]
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
                [r.geometry.point_on_surface.x for r in wanting],
                [r.geometry.point_on_surface.y for r in wanting],
            ],
        )
        found = {
            index: Village(pk=pk, code=code) for index, pk, code in cursor.fetchall()
        }
    for index, row in enumerate(wanting):
        if index in found:
            row.related["village"] = found[index]
            row.values["village_code"] = found[index].code
        elif required:
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
