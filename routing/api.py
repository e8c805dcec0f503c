"""The planning API: POST /api/routes/plan, GET /api/routes/plans/<id> (JSON + GeoJSON)."""

import json

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from inspections.views import reader_of
from routing import selectors
from routing.documents import plan_document
from routing.models import Plan
from routing.request import RequestErrors, parse_plan_request
from routing.services import plan_create

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
    """Plan from a JSON request; answer the saved plan (201) or the fields at fault (400)."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return errors_response({"body": _("The body is not valid JSON.")})
    try:
        plan_request = parse_plan_request(data)
    except RequestErrors as error:
        return errors_response(error.errors)
    try:
        plan = plan_create(request=plan_request, user=request.user)
    except PermissionDenied as error:
        return errors_response({"role": str(error)}, status=403)
    return plan_response(selectors.plan_get(pk=plan.pk), status=201)


@reader_of(Plan)
@require_GET
def plan_detail_api(request, pk: int):
    """Answer a saved plan."""
    plan = selectors.plan_get(pk=pk)
    if plan is None or not policy.plan_readable_by(request.user, plan):
        return errors_response({"id": _("No such plan.")}, status=404)
    return plan_response(plan)
