"""Plans in the background: submit a plan request as a job, run it in the job worker.

The request is checked before anything is queued (bad fields answer 400 at once); the job
carries the request as the API's JSON shape and the user, and its result names the saved
plan. The dedupe key is the user and the request's canonical JSON: a second click on the
same plan while the first is waiting or running gets the first job back.
"""

import hashlib
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.policy import can_write
from jobs.registry import register
from jobs.services import job_submit
from routing.models import Plan
from routing.request import parse_plan_request

KIND = "route_plan"
STAGES = {
    "targets": gettext_lazy("choosing the villages to visit"),
    "matrix": gettext_lazy("working out travel times"),
    "solving": gettext_lazy("planning routes"),
    "saving": gettext_lazy("saving the plan"),
}


def dedupe_key(user, data: dict) -> str:
    body = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    digest = hashlib.sha256(body.encode()).hexdigest()[:32]
    return f"{KIND}:{user.pk}:{digest}"


def plan_submit(*, data: dict, user):
    """Check the request and the user's role, queue the plan, return its job.

    Raises routing.request.RequestErrors (fields at fault) or PermissionDenied.
    """
    parse_plan_request(data)
    if not can_write(user, Plan(), "add"):
        raise PermissionDenied(_("Your role does not plan inspection routes."))
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return job_submit(
        kind=KIND,
        payload={"request": data},
        user=user,
        dedupe_key=dedupe_key(user, data),
    )


def plan_job(payload: dict, *, job, progress) -> dict:
    """Run a queued plan: the job's user plans the request; answer where the plan is."""
    from routing.services import plan_create

    user = get_user_model().objects.filter(pk=job.user_id, is_active=True).first()
    if user is None:
        raise PermissionDenied(_("The user who asked for this plan is gone."))
    plan = plan_create(
        request=parse_plan_request(payload["request"]), user=user, progress=progress
    )
    planned = sum(route.stops.count() for route in plan.routes.all())
    return {
        "plan_id": plan.pk,
        "url": reverse("routing:plan-page", args=[plan.pk]),
        "api_url": reverse("routing:api-plan-detail", args=[plan.pk]),
        "planned": planned,
        "unplanned": plan.unplanned.count(),
    }


register(KIND, plan_job, stages=STAGES)
