"""OpenAPI description of the token authentication (imported by AccountsConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>` or `Bearer <token>`; clients that can send "
            "only HTTP Basic put the token as the password (user name: the owner's).",
        }


class BasicScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": "User name and password, or an API token as the password; "
            "writes authenticated this way must pass the CSRF check.",
        }
