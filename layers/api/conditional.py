"""Conditional GET from the tables' change stamps: ETag, Last-Modified and 304.

The stamps move inside the writing transaction (statement-level triggers), so the first
read after a commit already sees a new ETag: nothing is served stale, and an unchanged
layer costs one tiny query instead of the body.
"""

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from accounts import policy
from layers.selectors import change_stamps

# Clients must revalidate every time: a cheap 304 while nothing changed, fresh data after.
CACHE_CONTROL = "no-cache"


def entity_tag(request, version_key: str, variant: str = "") -> str:
    """Return a strong ETag for this request's URL, the data versions and a variant."""
    digest = hashlib.sha1(
        f"{request.get_full_path()}\n{version_key}\n{variant}".encode()
    ).hexdigest()
    return f'"{digest[:32]}"'


def tags_in(header: str) -> set[str]:
    """Return the ETags listed in an If-None-Match header, weak markers dropped."""
    tags = set()
    for part in header.split(","):
        part = part.strip()
        part = part.removeprefix("W/")
        if part:
            tags.add(part)
    return tags


def not_modified(request, etag: str, changed) -> bool:
    """Say whether the client already holds this version."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = tags_in(if_none_match)
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since and changed and int(changed.timestamp()) <= since)


def conditional(
    request,
    tables: list[str],
    build,
    *,
    content_type: str,
    variant: str = "",
    headers: dict | None = None,
    build_stamped=None,
    model=None,
):
    """Answer 304 when the client is current, else the body `build()` returns.

    The ETag includes what the user reads (`policy.scope_key` for `model`), and answers
    vary by cookie and token, so two users never share a cached answer.

    `build_stamped`, when given, returns (body, version key, change time) in one
    statement; it serves requests that carry no validators, so no 304 is possible.
    """
    variant = f"{variant}\n{policy.scope_key(request.user, model)}"
    validators = (
        "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
    )
    if build_stamped is not None and not validators:
        body, version_key, changed = build_stamped()
        etag = entity_tag(request, version_key, variant)
        response = HttpResponse(body, content_type=content_type)
    else:
        version_key, changed = change_stamps(tables)
        etag = entity_tag(request, version_key, variant)
        if not_modified(request, etag, changed):
            response = HttpResponseNotModified()
        else:
            body = build()
            response = (
                body
                if isinstance(body, HttpResponse)
                else HttpResponse(body, content_type=content_type)
            )
    response["ETag"] = etag
    if changed:
        response["Last-Modified"] = http_date(changed.timestamp())
    private = request.user.is_authenticated
    response["Cache-Control"] = (
        f"private, {CACHE_CONTROL}" if private else CACHE_CONTROL
    )
    patch_vary_headers(response, ("Cookie", "Authorization"))
    for name, value in (headers or {}).items():
        response[name] = value
    return response
