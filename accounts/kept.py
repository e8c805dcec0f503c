"""Signed-in readers without a statement of their own on every request (issue 16).

Recognising a signed-in user costs four statements a request (the session, the user, the
groups, the membership); with a token, three. A map that pans asks for dozens of tiles at
once, each otherwise answered from memory. So a serving process keeps the user it
recognised, with its roles (`policy.actor`) already read, under the session key or the
token's digest, in the stamp cache (`layers/api/conditional.py`):

- everything kept is dropped at the commit of any change to users, groups, memberships,
  tokens or sessions: their tables NOTIFY `geoportal_auth` (accounts migration 0004), so a
  logout (its session row is deleted), a revoked token, a changed password or role takes
  effect at once in every process;
- nothing is kept while the listener is not connected, and nothing read while a
  notification arrived is stored (a generation counter, as for the stamps);
- an entry lasts at most KEEP_SECONDS (and never past the token's expiry), so a session
  that expires by age is refused again within a minute;
- only recognised users are kept, never a refusal. Tests and commands keep nothing
  unless the cache is enabled, as for the stamps.
"""

import time

from django.conf import settings
from django.contrib import auth

from accounts import policy
from layers.api import conditional as cond

KEEP_SECONDS = 60.0


def session_user(request):
    """Return the user of the request's session (kept, or read and then kept)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    cache = cond.STAMPS
    generation = cache.auth_token() if session_key else None
    if generation is None:
        return auth.get_user(request)
    key = ("session", session_key)
    found = cache.user_for(key, time.monotonic())
    if found is not None:
        return found
    user = auth.get_user(request)
    if user.is_authenticated:
        policy.actor(user)  # roles read now, kept with the user
        cache.keep_user(generation, key, user, time.monotonic() + KEEP_SECONDS)
    return user


def token_key(token_digest: str) -> tuple:
    return ("token", token_digest)


def kept_token_user(token_digest: str):
    """Return the user kept for this token digest, or None."""
    cache = cond.STAMPS
    if cache.auth_token() is None:
        return None
    return cache.user_for(token_key(token_digest), time.monotonic())


def keep_token_user(generation: int | None, token_digest: str, user, expires_at):
    """Keep a token's user (roles read) until KEEP_SECONDS or the token's expiry."""
    if generation is None:
        return
    until = time.monotonic() + KEEP_SECONDS
    if expires_at is not None:
        left = expires_at.timestamp() - time.time()
        until = min(until, time.monotonic() + left)
    policy.actor(user)
    cond.STAMPS.keep_user(generation, token_key(token_digest), user, until)
