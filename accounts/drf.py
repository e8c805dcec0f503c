"""The policy for DRF views: a permission class, a queryset filter backend and a mixin.

    class RatingList(ScopedQuerysetMixin, ListCreateAPIView):
        permission_classes = [RolePermission]

A view names its model through `queryset`, `policy_model` or its serializer's Meta.model.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts import policy
from accounts.roles import ADD, CHANGE, DELETE

ACTIONS = {"POST": ADD, "PUT": CHANGE, "PATCH": CHANGE, "DELETE": DELETE}


def view_model(view):
    """Return the model a view serves, or None when it names none."""
    model = getattr(view, "policy_model", None)
    if model is None and getattr(view, "queryset", None) is not None:
        model = view.queryset.model
    serializer = getattr(view, "serializer_class", None) or getattr(
        view, "write_serializer", None
    )
    if model is None and serializer is not None and hasattr(serializer, "Meta"):
        model = getattr(serializer.Meta, "model", None)
    return model


class RolePermission(BasePermission):
    """Reads need a read scope; writes need the role's permission, the row's township
    or group, and a token that may write. Anonymous writes answer 401, others 403."""

    message = "You may not do this here."

    def has_permission(self, request, view):
        from history.context import attribute_user

        model = view_model(view)
        if request.method in SAFE_METHODS:
            return not policy.read_scope(request.user, model).nothing
        if not request.user or not request.user.is_authenticated:
            return False
        # DRF knows the user only now (Basic passwords): attribute the writes to it.
        attribute_user(request.user)
        action = ACTIONS.get(request.method, CHANGE)
        if model is None:
            return policy.write_scope(request.user) != policy.NOTHING
        return policy.may_write_model(request.user, model, action)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return policy.can_read(request.user, obj)
        return policy.can_write(request.user, obj, ACTIONS.get(request.method, CHANGE))


class TownshipScopeFilter(BaseFilterBackend):
    """Filter backend: keep only the rows the user may read."""

    def filter_queryset(self, request, queryset, view):
        return policy.readable(request.user, queryset)


class ScopedQuerysetMixin:
    """Mixin for generic views: `get_queryset()` returns only readable rows."""

    def get_queryset(self):
        return policy.readable(self.request.user, super().get_queryset())


# JSON bodies -----------------------------------------------------------------------------

MAX_JSON_DEPTH = 64  # GeoJSON needs 5; anything deeper is refused before it is used


def json_depth_exceeds(data, limit: int = MAX_JSON_DEPTH) -> bool:
    """Say whether `data` (parsed JSON) nests lists/objects deeper than `limit`."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser that answers 400 (never 500) to JSON nested at any depth."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError(too_deep_message()) from error
        if json_depth_exceeds(data):
            raise exceptions.ParseError(too_deep_message())
        return data


def too_deep_message() -> str:
    return _("The JSON body is nested more than %(limit)s levels deep.") % {
        "limit": MAX_JSON_DEPTH
    }
