"""The planning API: POST /api/routes/plan queues a plan; GET /api/routes/plans/<id>.

POST answers 202 at once with the job (`/api/jobs/<id>` tells its stage, best priority so
far and time left, then `result.plan_id`); the same request again while that job waits or
runs answers the same job (`duplicate: true`).
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from inspections.views import reader_of
from jobs.selectors import job_status
from routing import selectors
from routing.documents import plan_document
from routing.jobs import plan_submit
from routing.models import Plan
from routing.request import RequestErrors

JSON_OPTIONS = {"ensure_ascii": False}


def errors_response(errors: dict, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"errors": errors}, status=status, json_dumps_params=JSON_OPTIONS
    )


def plan_response(plan, status: int = 200) -> JsonResponse:
    body = plan_document(plan)
    body["geojson"] = json.loads(selectors.plan_geojson(plan_id=plan.pk))
    return JsonResponse(body, status=status, json_dumps_params=JSON_OPTIONS)


@reader_of(Plan)
@require_POST
def plan_create_api(request):
    """Queue a plan from a JSON request: 202 with its job, or the fields at fault (400)."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return errors_response({"body": _("The body is not valid JSON.")})
    try:
        job = plan_submit(data=data, user=request.user)
    except RequestErrors as error:
        return errors_response(error.errors)
    except PermissionDenied as error:
        return errors_response({"role": str(error)}, status=403)
    return job_response(job)


def job_response(job) -> JsonResponse:
    body = job_status(job)
    body["duplicate"] = job.duplicate
    body["status_url"] = reverse("jobs:status", args=[job.pk])
    response = JsonResponse(body, status=202, json_dumps_params=JSON_OPTIONS)
    response["Location"] = body["status_url"]
    return response


@reader_of(Plan)
@require_GET
def plan_detail_api(request, pk: int):
    """Answer a saved plan."""
    plan = selectors.plan_get(pk=pk)
    if plan is None or not policy.plan_readable_by(request.user, plan):
        return errors_response({"id": _("No such plan.")}, status=404)
    return plan_response(plan)
