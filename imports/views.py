"""The browser import: upload → detection and mapping → dry run with a map → confirm.

The page calls the importer the command calls (layers.importers.import_file) with the
signed-in user: a township cadre's rows outside the own township are refused, each named;
the confirmed import is one transaction, recorded in the history with the file's name
and the user. Imports estimated to take more than uploads.sync_seconds() (2 s), and files
over uploads.sync_limit(), run as a background job (imports.jobs) whose progress the
page polls: the request answers at once with the job's page.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import policy
from history.models import Change
from imports import report_data, uploads
from imports.access import may_import
from imports.jobs import KIND as JOB_KIND
from layers.importers import KINDS, ImportFailed, fields, import_file
from layers.importers.gdal import quiet_gis
from layers.importers.kinds import get as get_kind
from layers.importers.sources import open_source
from layers.importers.wording import kind_label

SRS_CHOICES = ("EPSG:4326", "EPSG:4490", "EPSG:4526", "EPSG:4547", "EPSG:3857", "gcj02")
ENCODINGS = ("utf-8", "gb18030")


def importer_required(view):
    """Send anonymous visitors to login; refuse roles that do not import (403)."""

    def wrapped(request, *args, **kwargs):
        who = policy.actor(request.user)
        if not who.authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_import(request.user):
            raise PermissionDenied(
                _("Only county administrators and township cadres import files.")
            )
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _kinds():
    return [(name, kind_label(name)) for name in KINDS]


@require_http_methods(["GET", "POST"])
@importer_required
def upload(request):
    """Show the upload form; store the file and go on to the mapping step."""
    context = {
        "kinds": _kinds(),
        "sync_mb": round(uploads.sync_limit() / (1024 * 1024), 1),
        "sync_s": uploads.sync_seconds(),
        "sync_outlines": uploads.sync_rows(get_kind("village")),
        "sync_points": uploads.sync_rows(get_kind("cleared_site")),
        "limit_mb": uploads.upload_limit() // (1024 * 1024),
    }
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
@importer_required
def prepare(request, token: str):
    """Detect, map, dry-run or confirm the upload `token`."""
    saved = uploads.find(token, request.session)
    if saved is None:
        return HttpResponseNotFound(_("No such upload (it was imported or expired)."))
    kind = request.session["imports"][token]["kind"]
    if request.POST.get("kind") in KINDS:
        kind = request.POST["kind"]
    options = _options(request.POST if request.method == "POST" else {})
    context = _context(token, saved, kind, options)
    try:
        context.update(_detect(kind, saved, options))
    except ImportFailed as failure:
        context["error"] = failure.message
        return render(request, "imports/prepare.html", context, status=400)
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in {"dry_run", "confirm"}:
        return render(request, "imports/prepare.html", context)
    confirm = action == "confirm"
    if uploads.runs_as_job(saved, get_kind(kind), context["rows"]):
        return redirect(
            "import-job", pk=_submit(request, saved, kind, options, confirm)
        )
    try:
        report = import_file(
            kind,
            saved.path,
            dry_run=not confirm,
            user=request.user,
            name=saved.name,
            srs=options["srs"] or None,
            encoding=options["encoding"] or None,
            mapping=options["mapping"],
            constants=options["constants"],
        )
    except ImportFailed as failure:
        context["error"] = failure.message
        return render(request, "imports/prepare.html", context, status=400)
    context["result"] = report_data.as_json(report)
    if confirm and report.ok:
        uploads.forget(saved, request.session)
        return _done(request, context)
    status = 200 if report.ok else 422
    return render(request, "imports/prepare.html", context, status=status)


@require_http_methods(["GET"])
@importer_required
def job_page(request, pk: int):
    """Show a background import's progress, then its report (the user's own jobs)."""
    from jobs.models import Job

    job = Job.objects.filter(pk=pk, kind=JOB_KIND, user=request.user).first()
    if job is None:
        return HttpResponseNotFound(_("No such import job."))
    payload = job.payload
    saved = uploads.find(payload["token"], request.session)
    options = {k: payload[k] for k in ("srs", "encoding", "mapping", "constants")}
    context = _context(payload["token"], saved, payload["kind"], options)
    context["file"] = payload["name"]
    context["job"] = job
    if job.status in {"queued", "running"}:
        return render(request, "imports/job.html", context)
    if job.status == "failed":
        context["error"] = job.error
        return render(request, "imports/prepare.html", context, status=400)
    context["result"] = job.result
    if not payload["dry_run"] and job.result["ok"]:
        if saved is not None:
            uploads.forget(saved, request.session)
        return _done(request, context)
    if saved is not None:
        try:
            context.update(_detect(payload["kind"], saved, options))
        except ImportFailed as failure:
            context["error"] = failure.message
    return render(request, "imports/prepare.html", context)


def _submit(request, saved, kind: str, options: dict, confirm: bool) -> int:
    from jobs.services import job_submit

    payload = {
        "token": saved.token,
        "path": str(saved.path),
        "name": saved.name,
        "kind": kind,
        "dry_run": not confirm,
        "user_id": request.user.pk,
        **{k: options[k] for k in ("srs", "encoding", "mapping", "constants")},
    }
    step = "confirm" if confirm else "dry_run"
    job = job_submit(
        kind=JOB_KIND,
        payload=payload,
        user=request.user,
        dedupe_key=f"import:{saved.token}:{step}",
    )
    return job.pk


def _done(request, context):
    context["history"] = Change.objects.filter(
        username=request.user.get_username(), reason=f"import: {context['file']}"
    ).count()
    return render(request, "imports/done.html", context)


def _context(token, saved, kind, options) -> dict:
    return {
        "token": token,
        "file": saved.name if saved else "",
        "kind": kind,
        "kind_label": kind_label(kind),
        "kinds": _kinds(),
        "srs_choices": SRS_CHOICES,
        "encodings": ENCODINGS,
        "upload_exists": saved is not None,
        **options,
    }


def _options(data) -> dict:
    mapping = {k[4:]: v for k, v in data.items() if k.startswith("map-") and v}
    constants = {
        k[4:]: v.strip() for k, v in data.items() if k.startswith("set-") and v.strip()
    }
    srs = data.get("srs", "")
    encoding = data.get("encoding", "")
    return {
        "mapping": mapping,
        "constants": constants,
        "srs": srs if srs in SRS_CHOICES else "",
        "encoding": encoding if encoding in ENCODINGS else "",
    }


def _label(spec, key: str) -> str:
    """Return what a field is called in the active language (its key if no model field)."""
    from django.core.exceptions import FieldDoesNotExist

    for name in (key, key.removesuffix("_code")):
        try:
            return str(spec.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return ""


def _detect(kind: str, saved, options) -> dict:
    """Say what the file is: format, encoding, CRS, columns and the proposed mapping."""
    spec = get_kind(kind)
    with quiet_gis():
        source = open_source(
            saved.path,
            srs=options["srs"] or None,
            encoding=options["encoding"] or None,
            layer=spec.name,
        )
    matched, _ignored = fields.match_headers(
        spec.columns, source.columns, truncated=source.truncated_headers
    )
    proposed = {key: column for column, key in matched.items()}
    proposed |= options["mapping"]
    return {
        "rows": source.rows(),
        "format": source.format,
        "encoding_found": source.encoding,
        "crs_found": source.crs.label if spec.geometry_field else "",
        "columns": source.columns,
        "fields": [
            {
                "key": column.key,
                "label": _label(spec, column.key),
                "required": column.required,
                "chosen": proposed.get(column.key, ""),
                "constant": options["constants"].get(column.key, ""),
            }
            for column in spec.columns
        ],
    }
