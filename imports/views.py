"""The browser import: upload → detection and mapping → dry run with a map → confirm.

The page calls the importer the command calls (layers.importers.import_file) with the
signed-in user: a township cadre's rows outside the own township are refused, each named;
the confirmed import is one transaction, recorded in the history with the file's name
and the user.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import policy
from accounts.roles import Role
from history.models import Change
from imports import uploads
from layers.importers import KINDS, ImportFailed, fields, import_file
from layers.importers.gdal import quiet_gis
from layers.importers.kinds import get as get_kind
from layers.importers.sources import open_source
from layers.importers.wording import kind_label

IMPORT_ROLES = {Role.COUNTY_ADMIN, Role.TOWNSHIP_CADRE}
SRS_CHOICES = ("EPSG:4326", "EPSG:4490", "EPSG:4526", "EPSG:4547", "EPSG:3857", "gcj02")
ENCODINGS = ("utf-8", "gb18030")


def _allowed(request) -> None:
    who = policy.actor(request.user)
    if not who.authenticated:
        raise PermissionDenied(_("Sign in to import files."))
    if not (who.superuser or who.roles & IMPORT_ROLES):
        raise PermissionDenied(
            _("Only county administrators and township cadres import files.")
        )


def _kinds():
    return [(name, kind_label(name)) for name in KINDS]


@require_http_methods(["GET", "POST"])
def upload(request):
    """Show the upload form; store the file and go on to the mapping step."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    _allowed(request)
    context = {"kinds": _kinds(), "limit_mb": uploads.SYNC_MAX_BYTES // (1024 * 1024),
               "limit_rows": uploads.SYNC_MAX_ROWS}
    if request.method == "GET":
        return render(request, "imports/upload.html", context)
    kind = request.POST.get("kind", "")
    if kind not in KINDS:
        context["error"] = _("Choose what the file holds.")
        return render(request, "imports/upload.html", context, status=400)
    try:
        saved = uploads.save(request.FILES.getlist("file"))
    except ImportFailed as failure:
        context["error"] = failure.message
        return render(request, "imports/upload.html", context, status=400)
    uploads.remember(saved, request.session, kind)
    return redirect("import-file", token=saved.token)


@require_http_methods(["GET", "POST"])
def prepare(request, token: str):
    """Detect, map, dry-run or confirm the upload `token`."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    _allowed(request)
    saved = uploads.find(token, request.session)
    if saved is None:
        return HttpResponseNotFound(_("No such upload (it was imported or expired)."))
    kind = request.session["imports"][token]["kind"]
    if request.POST.get("kind") in KINDS:
        kind = request.POST["kind"]
    options = _options(request.POST if request.method == "POST" else {})
    context = {"token": token, "file": saved.name, "kind": kind,
               "kind_label": kind_label(kind), "kinds": _kinds(),
               "srs_choices": SRS_CHOICES, "encodings": ENCODINGS, **options}
    try:
        context.update(_detect(kind, saved, options))
    except ImportFailed as failure:
        context["error"] = failure.message
        return render(request, "imports/prepare.html", context, status=400)
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in {"dry_run", "confirm"}:
        return render(request, "imports/prepare.html", context)
    confirm = action == "confirm"
    try:
        report = import_file(
            kind, saved.path, dry_run=not confirm, user=request.user,
            name=saved.name, srs=options["srs"] or None,
            encoding=options["encoding"] or None,
            mapping=options["mapping"], constants=options["constants"],
        )
    except ImportFailed as failure:
        context["error"] = failure.message
        return render(request, "imports/prepare.html", context, status=400)
    context.update(_report(report))
    if confirm and report.ok:
        uploads.forget(saved, request.session)
        context["history"] = Change.objects.filter(
            username=request.user.get_username(), reason=f"import: {saved.name}"
        ).count()
        return render(request, "imports/done.html", context)
    return render(request, "imports/prepare.html", context, status=200 if report.ok else 422)


def _options(data) -> dict:
    mapping = {k[4:]: v for k, v in data.items() if k.startswith("map-") and v}
    constants = {k[4:]: v.strip() for k, v in data.items() if k.startswith("set-") and v.strip()}
    srs = data.get("srs", "")
    encoding = data.get("encoding", "")
    return {
        "mapping": mapping,
        "constants": constants,
        "srs": srs if srs in SRS_CHOICES else "",
        "encoding": encoding if encoding in ENCODINGS else "",
    }


def _detect(kind: str, saved, options) -> dict:
    """Say what the file is: format, encoding, CRS, columns and the proposed mapping."""
    spec = get_kind(kind)
    with quiet_gis():
        source = open_source(
            saved.path, srs=options["srs"] or None,
            encoding=options["encoding"] or None, layer=spec.name,
        )
    matched, _ignored = fields.match_headers(
        spec.columns, source.columns, truncated=source.truncated_headers
    )
    proposed = {key: column for column, key in matched.items()}
    proposed |= options["mapping"]
    return {
        "format": source.format,
        "encoding_found": source.encoding,
        "crs_found": source.crs.label if spec.geometry_field else "",
        "columns": source.columns,
        "fields": [
            {
                "key": column.key,
                "required": column.required,
                "chosen": proposed.get(column.key, ""),
                "constant": options["constants"].get(column.key, ""),
            }
            for column in spec.columns
        ],
    }


def _report(report) -> dict:
    features = [
        {
            "type": "Feature",
            "properties": {"row": row, "outcome": outcome, "key": key},
            "geometry": json.loads(shape.json) if shape is not None else None,
        }
        for row, outcome, key, shape in report.outcomes
    ]
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    for _row, outcome, _key, _shape in report.outcomes:
        counts[outcome] += 1
    return {
        "report": report,
        "summary": report.summary(),
        "problems": [
            {"row": e.row or "", "line": report.line_of(e.row) or "",
             "field": e.field, "reason": e.reason}
            for e in report.errors
        ],
        "outcomes": {"type": "FeatureCollection", "features": features},
        "counts": counts,
    }
