"""GET /api/history/?model=&object=&since=&until=&action=&limit=&offset= (JSON)."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.drf import RolePermission
from accounts.policy import readable
from history import selectors
from history.models import Change
from layers.api.filters.params import Params

ACCEPTED = {"model", "object", "since", "until", "action", "limit", "offset"}
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


def moment(p: Params, name: str) -> datetime.datetime | None:
    """Parse an ISO date (midnight, county time) or date-time parameter."""
    text = p.raw(name)
    if text is None:
        return None
    try:
        value = parse_datetime(text)
        if value is None and (day := parse_date(text)) is not None:
            value = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        value = None
    if value is None:
        return p.fail(name, "not an ISO date or date-time")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        # PostgreSQL refuses offsets past ±15:59 that Python accepts: send UTC.
        return value.astimezone(datetime.timezone.utc)
    except OverflowError:
        return p.fail(name, "out of range")


def parse(query) -> tuple[dict, int, int]:
    p = Params(query, ACCEPTED)
    model = p.raw("model")
    tables = selectors.model_tables()
    if model is not None and model.lower() not in tables:
        p.fail(
            "model",
            "unknown; one of " + ", ".join(sorted(t for t in tables if "." in t)),
        )
    filters = {
        "table": tables.get((model or "").lower()),
        "object_id": p.text("object", 40),
        "since": moment(p, "since"),
        "until": moment(p, "until"),
        "action": p.choice("action", set(Change.Action.values)),
    }
    limit, offset = p.page(DEFAULT_LIMIT, MAX_LIMIT)
    p.done()
    return filters, limit, offset


def row(change: Change) -> dict:
    return {
        "id": change.id,
        "at": change.at.isoformat(),
        "table": change.table_name,
        "object_id": change.object_id,
        "action": change.action,
        "old": change.old,
        "new": change.new,
        "user": change.username or None,
        "source": change.source,
        "reason": change.reason,
        "township_id": change.township_id,
    }


class HistoryList(APIView):
    """The audit trail, newest first, limited to the townships the user reads."""

    renderer_classes = [JSONRenderer]
    permission_classes = [RolePermission]
    policy_model = Change

    @extend_schema(
        summary="Recorded changes",
        parameters=[
            OpenApiParameter(
                "model", str, description="e.g. starrating, layers.village"
            ),
            OpenApiParameter("object", str, description="the object's id"),
            OpenApiParameter(
                "since", OpenApiTypes.DATETIME, description="ISO date(-time)"
            ),
            OpenApiParameter(
                "until", OpenApiTypes.DATETIME, description="ISO date(-time)"
            ),
            OpenApiParameter("action", str, enum=Change.Action.values),
            OpenApiParameter("limit", int, description=f"1–{MAX_LIMIT}"),
            OpenApiParameter("offset", int),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        filters, limit, offset = parse(request.GET)
        changes = readable(request.user, selectors.change_list(**filters))
        count = changes.count()
        page = [row(change) for change in changes[offset : offset + limit]]
        following = None
        if offset + limit < count:
            query = request.GET.copy()
            query["offset"], query["limit"] = str(offset + limit), str(limit)
            following = (
                request.build_absolute_uri(request.path) + "?" + query.urlencode()
            )
        return Response({"count": count, "next": following, "results": page})
