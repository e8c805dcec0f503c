"""Large browser imports run as a background job (jobs app) and report their progress.

Imports estimated over uploads.SYNC_SECONDS (or files over uploads.SYNC_MAX_BYTES) are
not imported inside the web request: the page submits this job (dry run or confirm) and
polls /api/jobs/<id>; the worker runs the same layers.importers.import_file as the
command and the page, as the uploading user.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from imports import report_data
from jobs.registry import register
from layers.importers import ImportFailed, import_file

KIND = "import_file"
STAGES = {
    "reading": _("reading the file"),
    "checking": _("checking the rows"),
    "saving": _("writing"),
}


def import_job(payload: dict, *, job, progress) -> dict:
    """Run one import for the page; ImportFailed becomes the job's error message."""
    user = get_user_model().objects.get(pk=payload["user_id"])
    try:
        report = import_file(
            payload["kind"],
            payload["path"],
            dry_run=payload["dry_run"],
            user=user,
            name=payload["name"],
            srs=payload.get("srs") or None,
            encoding=payload.get("encoding") or None,
            mapping=payload.get("mapping") or {},
            constants=payload.get("constants") or {},
            progress=progress,
        )
    except ImportFailed as failure:
        raise RuntimeError(failure.message) from None
    return report_data.as_json(report)


register(KIND, import_job, stages=STAGES)
