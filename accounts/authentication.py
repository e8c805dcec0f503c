"""DRF authentication by API token (header or Basic with the token as password).

List it first in DEFAULT_AUTHENTICATION_CLASSES: a Basic header whose password is a token
must not reach DRF's BasicAuthentication, which would take it for a wrong password.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts import tokens


class TokenAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Token|Bearer <token>` or Basic `user:<token>`."""

    keyword = "Token"

    def authenticate(self, request):
        django_request = getattr(request, "_request", request)
        # The middleware has already looked the token up for this request.
        token = getattr(django_request, "api_token", None)
        if token is not None:
            return django_request.user, token
        found = tokens.credentials(request.META.get("HTTP_AUTHORIZATION", ""))
        if found is None:
            return None
        user = tokens.token_user(found)
        if user is None:
            raise exceptions.AuthenticationFailed(
                _("Invalid, expired or revoked token.")
            )
        return user, user.api_token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="geoportal"'
