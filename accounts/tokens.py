"""API tokens for GIS tools: issue, revoke, and recognise them in an Authorization header.

A token is `gp_` and 43 URL-safe characters (256 random bits); the database keeps only its
SHA-256 digest, so a stolen table gives no usable token and a slow hash buys nothing.
Accepted headers: `Token <t>`, `Bearer <t>`, and `Basic base64(user:<t>)` for clients
that can send nothing else (QGIS, GDAL's GDAL_HTTP_USERPWD); with Basic, the user name
must be the token owner's (or `token`).
"""

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken

PREFIX = "gp_"
TOUCH_EVERY = timedelta(
    minutes=5
)  # last_used_at is a hint; one write per 5 min is enough


@dataclass(frozen=True)
class Credentials:
    scheme: str  # "token", "bearer" or "basic"
    token: str
    username: str | None = None


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def secret_set(token: ApiToken) -> str:
    """Give an unsaved `token` a new secret; return the text, which is shown only once."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token.digest, token.hint = digest(raw), raw[:8]
    return raw


@transaction.atomic
def token_issue(*, user, write: bool = False, name: str = "", expires_at=None):
    """Create a token for `user`; return (the stored token, the token text shown once)."""
    token = ApiToken(user=user, name=name, can_write=write, expires_at=expires_at)
    raw = secret_set(token)
    token.save()
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke `token` for good (a revoked token is kept for the record)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def credentials(header: str) -> Credentials | None:
    """Parse an Authorization header; None when it carries no API token."""
    scheme, _, value = header.strip().partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme in {"token", "bearer"} and value:
        return Credentials(scheme, value)
    if scheme == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        username, colon, password = decoded.partition(":")
        if colon and password.startswith(PREFIX):
            return Credentials("basic", password, username)
    return None


def basic_password(header: str) -> tuple[str, str] | None:
    """Return (user name, password) of a Basic header whose password is not a token."""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, password = decoded.partition(":")
    if not colon or password.startswith(PREFIX):
        return None
    return username, password


def token_user(found: Credentials):
    """Return the active user owning the token, with `user.api_token` set; else None.

    A serving process keeps the answer until any token, user or role changes
    (accounts/kept.py)."""
    from accounts import kept

    hashed = digest(found.token)
    now = timezone.now()
    user = kept.kept_token_user(hashed)
    if user is None:
        generation = kept.cond.STAMPS.auth_token()
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=hashed, revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        user = token.user
        user.api_token = token
        kept.keep_token_user(generation, hashed, user, token.expires_at)
    token = user.api_token
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if found.username not in (None, "", "token", user.get_username()):
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        # The write drops the kept users (its NOTIFY), so this runs once per interval.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
