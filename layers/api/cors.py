"""CORS for the read-only feeds (/api/, /ogc/, /tiles/), for browser-based GIS tools.

Off unless GEOPORTAL_CORS_ORIGINS names origins (comma-separated, or `*`). Only safe
methods get the headers: writes stay same-origin. Cookies are never shared across
origins (no Allow-Credentials); a tool sends its API token in `Authorization`.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

PREFIXES = ("/api/", "/ogc/", "/tiles/")
SAFE = {"GET", "HEAD"}
EXPOSED = "ETag, Last-Modified, Link, Content-Crs, Content-Disposition"


def allowed_origin(request) -> str | None:
    """Return the Access-Control-Allow-Origin value for this request, or None."""
    origins = settings.GEOPORTAL_CORS_ORIGINS
    origin = request.headers.get("Origin")
    if not origins or not origin or not request.path.startswith(PREFIXES):
        return None
    if "*" in origins:
        return "*"
    return origin if origin in origins else None


class ReadOnlyCorsMiddleware:
    """Answer CORS preflights for reads and mark read answers as shareable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = allowed_origin(request)
        preflight = (
            request.method == "OPTIONS"
            and request.headers.get("Access-Control-Request-Method") in SAFE
        )
        if origin and preflight:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "Authorization, If-None-Match, If-Modified-Since, Accept"
            )
            response["Access-Control-Max-Age"] = "3600"
        else:
            response = self.get_response(request)
        if origin and (preflight or request.method in SAFE):
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSED
            patch_vary_headers(response, ["Origin"])
        return response
