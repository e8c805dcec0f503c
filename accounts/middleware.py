"""Request-level guards: API tokens for every view, body size, an unreachable database.

- TokenAuthenticationMiddleware makes a token work on plain Django views (OGC feeds,
  tiles, exports, pages) the way accounts.authentication does for DRF views.
- RequestSizeMiddleware answers 413 before a body over GEOPORTAL_MAX_REQUEST_BYTES is read,
  and reads a chunked body (gunicorn) or answers 411 where it cannot be read.
- DatabaseUnavailableMiddleware answers 503 with a message when PostgreSQL cannot be
  reached; CONN_HEALTH_CHECKS reconnects on a later request, without a restart. It
  also answers 400 to a RecursionError (a body nested too deeply for a view's own JSON
  parsing).
"""

import io
import logging

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.handlers.wsgi import LimitedStream
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts import kept, tokens

log = logging.getLogger(__name__)
JSON_PREFIXES = ("/api/", "/ogc/", "/tiles/", "/healthz")


def wants_json(request) -> bool:
    """Say whether `request` came from a program (the feeds) rather than a browser page."""
    if request.path.startswith(JSON_PREFIXES) or "HTTP_AUTHORIZATION" in request.META:
        return True
    accept = request.META.get("HTTP_ACCEPT", "")
    return "json" in accept and "text/html" not in accept


def error_response(
    request, status: int, message: str, *, errors: dict | None = None, **headers
) -> HttpResponse:
    """Answer `status` with `message`, as JSON for programs and as a small page otherwise.

    JSON is `{"detail": message}`, plus `"errors": {field: reason}` when given. The page
    is rendered without context processors: they may need the database.
    """
    if wants_json(request):
        body = (
            {"detail": message}
            if errors is None
            else {"detail": message, "errors": errors}
        )
        response = JsonResponse(body, status=status)
    else:
        body = render_to_string(
            "accounts/error.html", {"status": status, "message": message}
        )
        response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    if status == 401 and wants_json(request) and "WWW-Authenticate" not in response:
        from accounts.authentication import CHALLENGE

        response["WWW-Authenticate"] = CHALLENGE
    return response


def unavailable(request, error: Exception) -> HttpResponse:
    """Answer 503: the database cannot be reached right now."""
    log.warning(
        "database unavailable for %s %s: %s", request.method, request.path, error
    )
    return error_response(
        request,
        503,
        _("The database is not reachable at the moment. Please try again in a minute."),
        Retry_After="10",
    )


class DatabaseUnavailableMiddleware:
    """Turn OperationalError and InterfaceError raised by a view into 503 with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return unavailable(request, exception)
        if isinstance(exception, RecursionError):
            # A body nested too deeply for a view that parses JSON by itself.
            return error_response(
                request, 400, _("The request body is nested too deeply.")
            )
        return None


class TokenAuthenticationMiddleware:
    """Authenticate a request carrying an API token; refuse a bad token with 401.

    Put it after AuthenticationMiddleware. Token and Bearer headers are never sent by a
    browser on its own, so such requests skip the CSRF check; Basic ones do not, because
    a browser repeats Basic credentials by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        found = tokens.credentials(header)
        if found is None:
            return self.password_basic(request, tokens.basic_password(header))
        try:
            user = tokens.token_user(found)
        except (OperationalError, InterfaceError) as error:
            return unavailable(request, error)
        if user is None:
            if found.scheme == "basic":
                # Maybe a password that happens to start like a token.
                return self.password_basic(request, (found.username, found.token))
            return error_response(request, 401, _("Invalid, expired or revoked token."))
        request.user = user
        request.api_token = user.api_token
        if found.scheme != "basic":
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)

    def password_basic(self, request, basic):
        """Sign the request in by Basic user name and password (every surface, /ogc/ as
        /api/): 401 when they are wrong. Writes still pass the CSRF check."""
        if basic is None:
            return self.get_response(request)
        username, password = basic
        try:
            user = authenticate(request, username=username, password=password)
        except (OperationalError, InterfaceError) as error:
            return unavailable(request, error)
        if user is None or not user.is_active:
            return error_response(request, 401, _("Invalid user name or password."))
        request.user = user
        return self.get_response(request)


class RequestSizeMiddleware:
    """Refuse a request whose declared body exceeds GEOPORTAL_MAX_REQUEST_BYTES (413).

    A NUL in the path is refused too (400): PostgreSQL cannot take it in a string, so a
    lookup by such a code would otherwise fail with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return error_response(
                request, 400, _("The address contains a NUL character.")
            )
        limit = settings.GEOPORTAL_MAX_REQUEST_BYTES
        if not request.content_type.startswith("multipart/"):
            # Django reads such a body whole and refuses one over this with a bare 400.
            limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or limit)
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            refused = chunked_body_read(request, limit)
            if refused is not None:
                return refused
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(
                request, 400, _("The Content-Length header is not a number.")
            )
        if length > limit:
            return too_large(request, length, limit)
        return self.get_response(request)


def too_large(request, size: int, limit: int) -> HttpResponse:
    return error_response(
        request,
        413,
        _("The request is %(size)s bytes; at most %(limit)s bytes are accepted.")
        % {"size": size, "limit": limit},
    )


def chunked_body_read(request, limit: int) -> HttpResponse | None:
    """Read a chunked body whole (up to `limit`) so the view sees it; else answer.

    Django reads CONTENT_LENGTH bytes, none for a chunked body, so without this a
    chunked PATCH would change nothing and answer 200. A server that ends the input
    stream itself (gunicorn: `wsgi.input_terminated`) lets us read to its end; on any
    other server the body cannot be read safely: 411.
    """
    if not request.META.get("wsgi.input_terminated"):
        return error_response(
            request,
            411,
            _(
                "This server cannot read a chunked request body: send it with a "
                "Content-Length header."
            ),
        )
    data = request.META["wsgi.input"].read(limit + 1)
    if len(data) > limit:
        return too_large(request, len(data), limit)
    request._stream = LimitedStream(io.BytesIO(data), len(data))
    request._read_started = False
    request.META["CONTENT_LENGTH"] = str(len(data))
    return None


class KeptAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the session's user kept in the serving
    process until users, roles, tokens or sessions change (accounts/kept.py)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: kept.session_user(request))
