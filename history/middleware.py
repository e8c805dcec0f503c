"""Attribute every write request to its user and surface (web, API, admin).

Reads (GET, HEAD, OPTIONS) cost nothing; a write request sets the history context for
its whole run. A reason can come with any write as the `X-Change-Reason` header
(percent-encoded UTF-8 for Chinese text). A past-year rating changed without a reason
is refused by the database; this middleware turns that refusal into 400.
"""

from urllib.parse import unquote

from django.db import IntegrityError, InterfaceError, OperationalError
from django.utils.translation import gettext as _

from accounts.middleware import error_response, unavailable
from history.context import acting
from history.triggers import PAST_YEAR_CONSTRAINT

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
REASON_HEADER = "HTTP_X_CHANGE_REASON"


def source_of(request) -> str:
    """Return which surface a request came through."""
    if request.path.startswith("/admin/"):
        return "admin"
    if getattr(request, "api_token", None) is not None or request.path.startswith(
        ("/api/", "/ogc/", "/tiles/")
    ):
        return "api"
    return "web"


def reason_of(request) -> str | None:
    header = request.META.get(REASON_HEADER)
    return unquote(header).strip() if header else None


def refused_for_reason(exception) -> bool:
    """Say whether `exception` is the database refusing a past-year fix without reason."""
    cause = getattr(exception, "__cause__", None)
    diag = getattr(cause, "diag", None)
    return (
        isinstance(exception, IntegrityError)
        and getattr(diag, "constraint_name", None) == PAST_YEAR_CONSTRAINT
    )


class ActingMiddleware:
    """Put after AuthenticationMiddleware and the token middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        try:
            context = acting(
                user=request.user, source=source_of(request), reason=reason_of(request)
            )
            context.__enter__()
        except (OperationalError, InterfaceError) as error:
            return unavailable(request, error)
        try:
            return self.get_response(request)
        finally:
            context.__exit__(None, None, None)

    def process_exception(self, request, exception):
        if refused_for_reason(exception):
            message = _("A star rating of a past year is corrected only with a reason.")
            return error_response(request, 400, message, errors={"reason": message})
        return None
