"""The evidence API under /api/evidence/: checklist, card, differences, roll-up, values."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import concurrency, policy
from accounts.drf import RolePermission
from evidence import selectors
from evidence.models import Task, TaskValue
from evidence.params import year_and_township
from evidence.services import value_record
from layers.api.filters.params import Params
from layers.models import StarRating, Village


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
class TaskList(APIView):
    """The checklist: every task with its star, measure, rule and assumption."""

    permission_classes = [RolePermission]
    policy_model = Task

    def get(self, request):
        Params(request.GET, accepted=set()).done()
        fields = [
            "code",
            "star",
            "name",
            "measure",
            "unit",
            "rule",
            "threshold",
            "target_name",
            "decides_star",
            "source",
            "is_demo",
            "assumption",
        ]
        rows = list(Task.objects.order_by("star", "order", "code").values(*fields))
        for row in rows:
            row["threshold"] = (
                None if row["threshold"] is None else float(row["threshold"])
            )
        return Response({"tasks": rows})


def readable_rating(request, code: str) -> StarRating:
    year, _township = year_and_township(request.GET)
    rating = get_object_or_404(
        StarRating.objects.select_related("village", "village__township"),
        village__code=code,
        year=year,
    )
    if not policy.can_read(request.user, rating):
        raise Http404
    return rating


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
class VillageCard(APIView):
    """One village's stars with their tasks: met, missing and the shortfall."""

    permission_classes = [RolePermission]
    policy_model = TaskValue

    def get(self, request, code):
        return Response(selectors.village_card(rating=readable_rating(request, code)))


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
class DifferenceList(APIView):
    """Villages whose suggested stars differ from the recorded ones, for the county office."""

    permission_classes = [RolePermission]
    policy_model = TaskValue

    def get(self, request):
        year, township = year_and_township(request.GET)
        ratings = selectors.ratings_of(year=year, user=request.user, township=township)
        rows = selectors.difference_list(ratings=ratings)
        return Response({"year": year, "count": len(rows), "villages": rows})


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
class Rollup(APIView):
    """Per township and star: villages meeting the tasks, holding the star, and targets."""

    permission_classes = [RolePermission]
    policy_model = TaskValue

    def get(self, request):
        year, _township = year_and_township(request.GET)
        rows = selectors.township_rollup(year=year, user=request.user)
        return Response(
            {"year": year, "townships": rows, "county": selectors.county_total(rows)}
        )


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
class ValueRecord(APIView):
    """POST a village's value for a task, with its evidence (JSON or multipart)."""

    permission_classes = [RolePermission]
    policy_model = TaskValue
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request):
        data = request.data
        if not hasattr(data, "get"):
            raise BadRequest({"errors": {"body": "must be a JSON object or a form"}})
        errors = {}
        for name in ("village", "year", "task", "value"):
            if data.get(name) in (None, ""):
                errors[name] = "required"
        for name in ("village", "year", "task", "value", "evidence_text"):
            if "\x00" in str(data.get(name, "")):
                errors[name] = "contains a NUL character"
        if errors:
            raise BadRequest({"errors": errors})
        try:
            year = int(str(data["year"]))
        except ValueError:
            raise BadRequest({"errors": {"year": "must be an integer"}}) from None
        village = Village.objects.filter(code=str(data["village"])).first()
        task = Task.objects.filter(code=str(data["task"])).first()
        if village is None or not policy.can_read(request.user, village):
            raise BadRequest({"errors": {"village": "unknown village code"}})
        if task is None:
            raise BadRequest({"errors": {"task": "unknown task code"}})
        try:
            with transaction.atomic():
                refused = self.precondition(request, village, year, task)
                if refused is not None:
                    return refused
                entry = value_record(
                    user=request.user,
                    village=village,
                    year=year,
                    task=task,
                    value=data["value"],
                    evidence_text=str(data.get("evidence_text", "")),
                    evidence_file=request.FILES.get("evidence_file"),
                )
        except ValidationError as error:
            raise BadRequest(
                {"errors": {k: " ".join(v) for k, v in error.message_dict.items()}}
            ) from None
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        rating = StarRating.objects.filter(village=village, year=year).first()
        card = selectors.village_card(rating=rating) if rating else None
        response = Response(
            {"id": entry.pk, "card": card}, status=status.HTTP_201_CREATED
        )
        response["ETag"] = concurrency.row_tag(entry)
        return response

    @staticmethod
    def precondition(request, village, year, task) -> Response | None:
        """Lock the stored value (if any) and answer 412 when If-Match names another
        version of it (or any version, when none is stored yet); None otherwise.
        A value the user may not change answers 403 first."""
        if "If-Match" not in request.headers:
            return None
        entry = TaskValue.objects.filter(task=task, village=village, year=year).first()
        if entry is not None and not policy.can_write(request.user, entry, "change"):
            raise PermissionDenied(_("You may not record values for this village."))
        stale = concurrency.stale_lock(request, entry)
        if stale is None:
            return None
        response = Response(
            {"errors": {"If-Match": str(concurrency.STALE_ROW)}},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
        if stale:
            response["ETag"] = stale
        return response
