"""/wms: WMS 1.3.0 rendered by MapServer, behind the same roles and tokens as the feeds.

The view reads the caller's year and decides the townships the caller may see; MapServer
gets both as its own `year` and `scope` parameters, whatever the caller sent under
those names.
"""

import time

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import policy
from accounts.decorators import feed_reader_required
from layers.models import Village
from layers.rules import default_year, year_problem
from wms import mapfile, mapserv

CACHE_S = 60
OWN = {"year", "scope", "map"}
_mapfiles: dict[tuple, tuple[float, mapfile.Mapfile]] = {}


def exception(message: str, code: str, status: int = 400) -> HttpResponse:
    """Answer a WMS 1.3.0 ServiceExceptionReport naming what is wrong."""
    from xml.sax.saxutils import escape

    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ServiceExceptionReport version="1.3.0" '
        'xmlns="http://www.opengis.net/ogc">\n'
        f'  <ServiceException code="{code}">{escape(message)}</ServiceException>\n'
        "</ServiceExceptionReport>\n"
    )
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def scope_of(user) -> str:
    """Return MapServer's `scope`: 'all', or the township ids the user reads ('0': none)."""
    ids = policy.readable_township_ids(user, Village)
    if ids is None:
        return "all"
    return ",".join(str(i) for i in sorted(ids)) or "0"


def year_of(query) -> int | str:
    """Return the asked year (any case of `year`), the default year, or why it is wrong."""
    asked = [v for k, v in query.items() if k.lower() == "year"]
    if not asked:
        return default_year()
    text = asked[-1].strip()
    year = int(text) if text.isdigit() and len(text) == 4 else None
    problem = year_problem(year)
    return f"year: {problem}" if problem else year


def current_mapfile(request) -> mapfile.Mapfile:
    online = request.build_absolute_uri("/wms") + "?"
    key = (online, get_language(), mapfile.connection.settings_dict["NAME"])
    now = time.monotonic()
    cached = _mapfiles.get(key)
    if cached and now - cached[0] < CACHE_S and cached[1].path.exists():
        return cached[1]
    found = mapfile.ensure(online, get_language())
    _mapfiles[key] = (now, found)
    return found


@require_safe
@feed_reader_required
def wms(request):
    """Answer GetCapabilities, GetMap, GetLegendGraphic and GetFeatureInfo."""
    query = {k: v for k, v in request.GET.items() if k.lower() not in OWN}
    if not any(k.lower() == "service" for k in query):
        query["SERVICE"] = "WMS"
    year = year_of(request.GET)
    if isinstance(year, str):
        return exception(year, "InvalidParameterValue")
    query["year"] = str(year)
    query["scope"] = scope_of(request.user)
    try:
        answer = mapserv.run(
            query,
            mapfile=current_mapfile(request),
            host=request.get_host().rsplit(":", 1)[0],
            port=request.get_port(),
            https=request.is_secure(),
        )
    except (mapserv.MapServerUnavailable, mapfile.MapfileError) as error:
        return exception(
            _("The map server is not available: %(reason)s") % {"reason": error},
            "NoApplicableCode",
            status=503,
        )
    status = answer.status
    if answer.content_type.startswith(("text/xml", "application/vnd.ogc.se")):
        if b"<ServiceExceptionReport" in answer.body[:500] and status == 200:
            status = 400
    response = HttpResponse(
        answer.body, status=status, content_type=answer.content_type
    )
    response["Cache-Control"] = "private, max-age=60"
    response["Vary"] = "Authorization, Cookie, Accept-Language"
    return response
