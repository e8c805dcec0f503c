"""The JSON the field page's send queue posts to: check-ins, finishes, problems, photos.

Each write answers 201 with the stored row the first time and 200 with the same row when
the phone sends it again (same `client_id`), so a queue that lost an answer may resend.
"""

import json
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import concurrency
from accounts.middleware import error_response
from history.context import acting
from inspections import field_services as services
from inspections.field_params import (
    CHECK_IN,
    FINISH,
    PHOTO,
    PROBLEM,
    Body,
    parse_required,
)
from inspections.field_selectors import user_group
from inspections.models import Problem, Visit
from inspections.params import ParamErrors
from layers.models import Village


class Refused(Exception):
    def __init__(self, status: int, message: str, errors: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors


def field_write(view):
    """Run a field write: 401 when signed out, 400/403/404 naming what is wrong."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return error_response(request, 401, _("Log in first."))
        try:
            with acting(user=request.user, source="web"):
                return view(request, *args, **kwargs)
        except Refused as refused:
            return error_response(
                request, refused.status, refused.message, errors=refused.errors
            )
        except ParamErrors as error:
            return error_response(
                request, 400, _("Some values are wrong."), errors=error.errors
            )
        except ValidationError as error:
            errors = getattr(error, "message_dict", {"__all__": error.messages})
            return error_response(
                request,
                400,
                _("Some values are wrong."),
                errors={k: " ".join(v) for k, v in errors.items()},
            )
        except PermissionDenied as error:
            return error_response(
                request, 403, str(error) or _("You may not change this here.")
            )

    return require_POST(wrapped)


def json_body(request) -> Body:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, _("The body is not JSON.")) from None
    if not isinstance(data, dict):
        raise Refused(400, _("The body is not a JSON object."))
    return Body(data)


def found(model, message: str, **lookup):
    row = model.objects.filter(**lookup).first()
    if row is None:
        raise Refused(404, message)
    return row


def visit_json(visit: Visit) -> dict:
    return {
        "client_id": str(visit.client_id) if visit.client_id else None,
        "id": visit.pk,
        "village": visit.village.code,
        "visited_on": visit.visited_on.isoformat(),
        "checked_in_at": visit.checked_in_at
        and timezone.localtime(visit.checked_in_at).isoformat(),
        "distance_m": visit.distance_m,
        "far": visit.far,
        "done": visit.done_at is not None,
    }


def answer(body: dict, created: bool, row=None) -> JsonResponse:
    """Answer the stored row: 201 the first time, 200 again; with the row's ETag, which
    a later write of it may send as If-Match (accounts/concurrency.py)."""
    response = JsonResponse(
        body, status=201 if created else 200, json_dumps_params={"ensure_ascii": False}
    )
    if row is not None:
        response["ETag"] = concurrency.row_tag(row)
    return response


@field_write
def check_in(request):
    """Check the user's group in at a village."""
    params = parse_required(
        json_body(request), CHECK_IN, ("client_id", "village", "at", "lon", "lat")
    )
    group = user_group(request.user, params["group"])
    if group is None:
        raise Refused(403, _("You are not a member of an inspection group."))
    village = found(Village, _("No village has this code."), code=params["village"])
    visit, created = services.visit_check_in(
        group=group,
        village=village,
        at=params["at"],
        lon=params["lon"],
        lat=params["lat"],
        accuracy_m=params["accuracy"],
        client_id=params["client_id"],
        user=request.user,
    )
    return answer(visit_json(visit), created, visit)


@field_write
def finish(request, client_id):
    """Mark a checked-in visit done."""
    params = parse_required(json_body(request), FINISH, ("at",))
    with transaction.atomic():
        visit = found(Visit, _("No visit has this id."), client_id=client_id)
        # The row is locked and read fresh; a stale If-Match writes nothing (412).
        services.write_check(request.user, visit, "change")
        stale = concurrency.stale_lock(request, visit)
        if stale is not None:
            return error_response(request, 412, str(concurrency.STALE_ROW), ETag=stale)
        visit.refresh_from_db()
        visit = services.visit_finish(
            visit=visit,
            at=params["at"],
            findings=params["findings"] or "",
            user=request.user,
        )
        return answer(visit_json(visit), False, visit)


@field_write
def record_problem(request):
    """Record a problem found on a visit (the visit's notice is raised on the first)."""
    params = parse_required(
        json_body(request), PROBLEM, ("client_id", "visit", "category", "description")
    )
    visit = found(Visit, _("No visit has this id."), client_id=params["visit"])
    problem, created = services.problem_record(
        visit=visit,
        category=params["category"],
        description=params["description"],
        lon=params["lon"] if params["lat"] is not None else None,
        lat=params["lat"],
        client_id=params["client_id"],
        deadline=params["deadline"],
        user=request.user,
    )
    return answer(
        {
            "client_id": str(problem.client_id),
            "id": problem.pk,
            "notice": problem.notice.number,
            "seq": problem.seq,
            "status": problem.status,
        },
        created,
        problem,
    )


@field_write
def upload_photo(request):
    """Store a photo (multipart field `photo`) of a problem or a visit."""
    params = parse_required(request.POST, PHOTO, ("client_id",))
    upload = request.FILES.get("photo")
    if upload is None:
        raise Refused(400, _("Attach a photo."), {"photo": _("This is required.")})
    if params["problem"]:
        owner = found(
            Problem, _("No problem has this id."), client_id=params["problem"]
        )
    elif params["visit"]:
        owner = found(Visit, _("No visit has this id."), client_id=params["visit"])
    else:
        raise Refused(400, _("Say which problem or visit the photo shows."))
    photo, created = services.photo_attach(
        owner=owner,
        upload=upload,
        stage=params["stage"] or "before",
        user=request.user,
        client_id=params["client_id"],
        note=params["note"] or "",
    )
    return answer(
        {
            "client_id": str(photo.client_id),
            "taken_at": photo.taken_at
            and timezone.localtime(photo.taken_at).isoformat(),
            "width": photo.width,
            "height": photo.height,
        },
        created,
        photo,
    )
