"""GET /api/jobs/<id>: a job's status, stage, progress and result as JSON."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobs.selectors import job_get, job_readable_by, job_status


def errors(status: int, **reasons) -> JsonResponse:
    return JsonResponse(
        {"errors": reasons}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def job_status_api(request, pk: int):
    """Answer the job to its own user and county roles; 401 signed out, 404 otherwise."""
    if not request.user.is_authenticated:
        return errors(401, login=_("Sign in to see this job."))
    job = job_get(pk=pk)
    # A job someone else started is answered like a missing one: ids are not disclosed.
    if job is None or not job_readable_by(request.user, job):
        return errors(404, id=_("No such job."))
    response = JsonResponse(job_status(job), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response
