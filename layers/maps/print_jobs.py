"""打印/导出图片 as a background job: the page queues its view, the worker renders it.

The submit request only checks the parameters and queues the job (house rule 21: no
Chromium inside a web request). The worker opens the print sheet (/county/print/) in the
headless Chromium **signed in as the job's user**, stores the PDF or PNG through Django's
storage (prints/<yyyy>/<mm>/<job>-<random>.<fmt>, next to the photos) and records where;
/county/print/jobs/<id>/file hands it to those who may read the job.

Signed in how: a session made for the user in the worker, expiring after SESSION_SECONDS
and deleted as soon as the render ends. The sheet is an ordinary page that fetches its
features from seven API feeds; a session passes the same authentication and the same
scoping (accounts.policy) on the page and on every feed as the user's own browser does, so
a cadre's sheet shows exactly the cadre's villages. A signed token would need a second way
in on the page view and on each API view the sheet reads, each one a place where the
scoping could drift. The session is bound to the user's password hash like any login, never
leaves the worker (the cookie goes only to the sheet's origin) and is gone after the render.
"""

import hashlib
import json
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.registry import register
from jobs.services import job_submit
from layers import exports, pages
from layers.maps import printing, styles

KIND = "county_print"
STAGES = {
    "drawing": gettext_lazy("drawing the map"),
    "saving": gettext_lazy("saving the file"),
}
SESSION_SECONDS = 120
# What the county page writes into its address (static/geoportal/js/view.js), and the sheet.
VIEW_KEYS = {
    "year",
    "star",
    "missing",
    "level",
    "weak",
    "quasi",
    "v",
    "compare",
    "from",
    "c",
    "z",
    "layers",
    "base",
}
LONGEST_VALUE = 300


class BadPrint(ValueError):
    """The print request names a bad parameter; `errors` maps each to its reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class PrintRequest:
    paper: str  # a key of printing.PAPERS
    fmt: str  # a key of printing.FORMATS
    view: dict[str, str]


def parse(query) -> PrintRequest:
    """Return the paper, format and view asked for, or raise BadPrint naming what is wrong."""
    errors = {}
    paper = query.get("paper", "a4")
    if paper not in printing.PAPERS:
        errors["paper"] = _("choose from {choices}").format(
            choices=", ".join(sorted(printing.PAPERS))
        )
    fmt = query.get("as", "pdf")
    if fmt not in printing.FORMATS:
        errors["as"] = _("choose from {choices}").format(
            choices=", ".join(sorted(printing.FORMATS))
        )
    view = {key: query.get(key, "") for key in VIEW_KEYS if query.get(key, "")}
    years = pages.rating_years()
    year = view.get("year", "")
    if year and (not year.isdigit() or int(year) not in years):
        errors["year"] = _("not a rated year; choose from {years}").format(
            years=", ".join(map(str, years))
        )
    stars = styles.star_choices_map()
    for key in ("star", "missing"):
        if view.get(key, "") and view[key] not in stars:
            errors[key] = _("choose from {choices}").format(
                choices=", ".join(sorted(stars))
            )
    if view.get("level", "") and view["level"] not in list("012345"):
        errors["level"] = _("a level from 0 to 5")
    for key, value in view.items():
        if len(value) > LONGEST_VALUE:
            errors[key] = _("too long")
    for key in sorted(set(query) - VIEW_KEYS - {"paper", "as", "csrfmiddlewaretoken"}):
        errors[key] = _("unknown parameter")
    if errors:
        raise BadPrint(errors)
    return PrintRequest(paper=paper, fmt=fmt, view=view)


def print_submit(*, request: PrintRequest, user, origin: str, language: str):
    """Queue the print of `request` for `user` (signed in) and return its job.

    `origin` is where the worker reaches this site (GEOPORTAL_PRINT_BASE_URL wins). The
    same view asked again while its job waits or runs returns that job (a second click).
    """
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to print the map."))
    payload = {
        "paper": request.paper,
        "format": request.fmt,
        "view": request.view,
        "language": language,
        "origin": settings.GEOPORTAL_PRINT_BASE_URL or origin,
    }
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(body.encode()).hexdigest()[:32]
    return job_submit(
        kind=KIND, payload=payload, user=user, dedupe_key=f"{KIND}:{user.pk}:{digest}"
    )


@contextmanager
def user_session(user):
    """Yield the key of a fresh session signed in as `user`; delete it afterwards."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(SESSION_SECONDS)
    store.create()
    try:
        yield store.session_key
    finally:
        store.delete()


def file_name(request: PrintRequest) -> str:
    """Return the download's name: county map, the sheet's year, paper, date."""
    year = request.view.get("year")
    year = pages.chosen_year(int(year) if year else None)
    return exports.download_name(
        str(_("County map")),
        str(_("{year}").format(year=year)) if year else None,
        printing.PAPERS[request.paper].name,
        suffix=request.fmt,
    )


def print_job(payload: dict, *, job, progress) -> dict:
    """Render the queued view as the job's user, store the file, answer where it is."""
    user = get_user_model().objects.filter(pk=job.user_id, is_active=True).first()
    if user is None:
        raise PermissionDenied(_("The user who asked for this print is gone."))
    request = PrintRequest(payload["paper"], payload["format"], payload["view"])
    language = payload.get("language") or settings.LANGUAGE_CODE
    origin = payload["origin"].rstrip("/")
    sheet = (
        reverse("county-print")
        + "?"
        + urlencode({**request.view, "paper": request.paper})
    )
    with translation.override(language):
        progress(stage="drawing", force=True)
        with user_session(user) as session_key:
            cookies = [
                {"name": settings.SESSION_COOKIE_NAME, "value": session_key},
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language},
            ]
            done = printing.render(
                origin + sheet,
                cookies=[{**c, "url": origin} for c in cookies],
                paper=printing.PAPERS[request.paper],
                fmt=request.fmt,
                locale="en-GB" if language == "en" else "zh-CN",
            )
        progress(stage="saving", force=True)
        stored = default_storage.save(
            f"prints/{timezone.now():%Y/%m}/{job.pk}-{secrets.token_hex(8)}"
            f".{request.fmt}",
            ContentFile(done.body),
        )
        name = file_name(request)
    return {
        "file": stored,
        "name": name,
        "url": reverse("county-print-download", args=[job.pk]),
        "bytes": len(done.body),
        "seconds": round(done.seconds, 2),
        "county_in_frame": done.county_in_frame,
        "villages": done.villages,
        "paper": request.paper,
        "format": request.fmt,
    }


register(KIND, print_job, stages=STAGES)
