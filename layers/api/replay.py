"""Replay an anonymous reader's answer from memory while its tables have not changed.

A public deployment's feeds, items and tiles are asked for again and again by readers
who carry no cookie and no credentials, and who therefore all get the same answer for
the same address (`policy.scope_key` of an anonymous user). Once Django has built such
an answer through `conditional()` (ETag from the tables' change stamps), this WSGI front
keeps the finished response (status, every header the middlewares added, body) in the
serving process, and answers the next identical request from it without running Django
at all: no middleware, no URL resolving, no database. Since issue 16 that is the
"fixed cost" the small answers paid.

What makes it safe:
- Only GET requests without `Cookie` and `Authorization`, without `Range`, and whose
  answer `conditional()` marked as an anonymous reader's (`MARK` in the WSGI environ,
  which Django's request.META is). A signed-in user, a token or a session always goes
  through Django.
- The key is the path, the query string and every request header an answer may depend
  on (host, scheme, forwarded host and scheme, Accept, Accept-Encoding, Accept-Language,
  Origin). An answer whose `Vary` names any other header is not kept; neither is one
  that sets a cookie or is not a 200.
- Entries live in the stamp cache (`layers/api/conditional.py`): they are dropped with
  everything else at the NOTIFY of any commit that moves a change stamp, kept only when
  no notification arrived while they were built, and never while the listener is away.
  Every entry also ends at the next local midnight (file names carry the date).
- The request still counts against the anonymous throttle, in memory as every request
  does (accounts/throttles.py); over the limit, Django answers the 429 without counting
  the request twice.
- `If-None-Match` is answered 304 from the kept ETag; `If-Modified-Since` alone goes to
  Django. GEOPORTAL_REPLAY=0 turns the front off (Django then answers everything).
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from accounts import throttles
from layers.api import conditional as cond

MARK = cond.REPLAY_MARK  # set by conditional() on an anonymous reader's answer
COUNTED = throttles.COUNTED  # (over, seconds left) when the front already counted
KEY_HEADERS = (
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_ENCODING",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_ORIGIN",
)
# Request headers in a Vary that the key covers (lower case).
COVERED = {
    "accept",
    "accept-encoding",
    "accept-language",
    "origin",
    "cookie",
    "authorization",
}
SKIP_IF = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_RANGE")
MAX_BODY = 2 * 1024 * 1024  # a bigger answer is built each time
NOT_MODIFIED_DROP = {"content-length", "content-type", "content-encoding"}


@dataclass(frozen=True)
class Entry:
    status: str
    headers: tuple
    body: bytes
    etag: str
    until: float  # epoch seconds: the next local midnight

    @property
    def size(self) -> int:
        return len(self.body) + 64 * len(self.headers) + 256


def request_key(environ) -> tuple | None:
    """Return the key of a request the front may answer, or None."""
    if environ.get("REQUEST_METHOD") != "GET":
        return None
    if any(environ.get(name) for name in SKIP_IF):
        return None
    return tuple(environ.get(name, "") for name in KEY_HEADERS)


def next_midnight() -> float:
    now = timezone.localtime()
    tomorrow = (now + timedelta(days=1)).date()
    start = datetime(tomorrow.year, tomorrow.month, tomorrow.day)
    return timezone.make_aware(start).timestamp()


def keepable(status: str, headers: list) -> str | None:
    """Return the answer's ETag when it may be kept, else None."""
    if not status.startswith("200"):
        return None
    etag = None
    for name, value in headers:
        lower = name.lower()
        if lower == "set-cookie":
            return None
        if lower == "vary":
            named = {part.strip().lower() for part in value.split(",")}
            if "*" in named or not named <= COVERED:
                return None
        if lower == "etag":
            etag = value
    return etag


class Front:
    """The WSGI application `geoportal.wsgi` serves: Django behind the replay."""

    def __init__(self, app):
        self.app = app

    @property
    def cache(self) -> "cond.StampCache":
        return cond.STAMPS  # looked up per request: tests put their own in place

    def __call__(self, environ, start_response):
        cache = self.cache
        key = request_key(environ) if settings.GEOPORTAL_REPLAY else None
        if key is None or not cache.live:
            return self.app(environ, start_response)
        entry = cache.replay(key)
        since_only = (
            "HTTP_IF_MODIFIED_SINCE" in environ and "HTTP_IF_NONE_MATCH" not in environ
        )
        if entry is not None and entry.until > time.time() and not since_only:
            if not self.throttled(environ):
                return self.answer(entry, environ, start_response)
        token = cache.token()
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            if exc_info is not None:
                return start_response(status, headers, exc_info)
            return start_response(status, headers)

        result = self.app(environ, capture)
        if environ.get(MARK) and isinstance(result, HttpResponse):
            if not result.streaming and len(result.content) <= MAX_BODY:
                etag = keepable(seen.get("status", ""), seen.get("headers", []))
                if etag:
                    cache.keep_replay(
                        token,
                        key,
                        Entry(
                            seen["status"],
                            tuple(seen["headers"]),
                            bytes(result.content),
                            etag,
                            next_midnight(),
                        ),
                    )
        return result

    def throttled(self, environ) -> bool:
        """Count this request as the throttle would; say whether it is over the limit.

        Over the limit the request goes to Django, which answers 429 from the count
        made here (COUNTED), so it is counted once either way."""
        if not throttles.throttled(environ.get("PATH_INFO", "")):
            return False
        limit = throttles.rate(settings.GEOPORTAL_THROTTLE_ANON)
        if limit is None:
            return False
        address = environ.get("REMOTE_ADDR") or "unknown"
        over, left = throttles.count(f"anon:{address}", *limit)
        if over:
            environ[COUNTED] = (over, left)
        return over

    @staticmethod
    def answer(entry: Entry, environ, start_response):
        asked = environ.get("HTTP_IF_NONE_MATCH")
        if asked is not None:
            tags = cond.tags_in(asked)
            if "*" in tags or entry.etag.removeprefix("W/") in tags:
                headers = [
                    (name, value)
                    for name, value in entry.headers
                    if name.lower() not in NOT_MODIFIED_DROP
                ]
                start_response("304 Not Modified", headers)
                return [b""]
        start_response(entry.status, list(entry.headers))
        return [entry.body]
