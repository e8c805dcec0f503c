"""DRF authentication by API token (header or Basic with the token as password).

List it first in DEFAULT_AUTHENTICATION_CLASSES: a Basic header whose password is a token
must not reach DRF's BasicAuthentication, which would take it for a wrong password.

HTTP Basic (a password, or a token as the password) is sent by a browser on its own once
it knows it, so a write authenticated by Basic passes the CSRF check like a signed-in
session: a cross-site page cannot write with it. `Token`/`Bearer` headers are never sent
by a browser on its own; they skip the check.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authentication import CSRFCheck
from rest_framework.permissions import SAFE_METHODS

from accounts import tokens

# What a 401 on the feeds offers: Basic first, so clients that wait to be asked for a
# password (curl --anyauth, GDAL_HTTP_AUTH=ANY, browsers) send one; Token beside it.
CHALLENGE = 'Basic realm="geoportal", Token realm="geoportal"'


def csrf_enforce(request) -> None:
    """Raise PermissionDenied when an unsafe request fails Django's CSRF check."""
    if request.method in SAFE_METHODS:
        return
    django_request = getattr(request, "_request", request)
    check = CSRFCheck(lambda _request: None)
    check.process_request(django_request)
    reason = check.process_view(django_request, None, (), {})
    if reason:
        raise exceptions.PermissionDenied(f"CSRF Failed: {reason}")


class TokenAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Token|Bearer <token>` or Basic `user:<token>`."""

    keyword = "Token"

    def authenticate(self, request):
        django_request = getattr(request, "_request", request)
        # The middleware has already looked the token up for this request.
        found = tokens.credentials(request.META.get("HTTP_AUTHORIZATION", ""))
        if found is None:
            return None
        token = getattr(django_request, "api_token", None)
        if token is not None:
            user = django_request.user
        else:
            user = tokens.token_user(found)
            if user is None:
                raise exceptions.AuthenticationFailed(
                    _("Invalid, expired or revoked token.")
                )
            token = user.api_token
        if found.scheme == "basic":
            csrf_enforce(request)
        return user, token

    def authenticate_header(self, request):
        return CHALLENGE


class BasicAuthentication(authentication.BasicAuthentication):
    """DRF's Basic authentication with the CSRF check on writes (see the module)."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            csrf_enforce(request)
        return found
