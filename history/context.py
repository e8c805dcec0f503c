"""Tell the history triggers who is writing, from where and why.

    with acting(user=request.user, source="api", reason="fix a typo"):
        ...writes...

Inside the block the connection carries geoportal.user_id, .username, .source and
.reason; the triggers copy them into every history row. Blocks nest: a value left as
None is inherited from the enclosing block (the importer sets source="import" and keeps
the web user who uploaded the file). The settings are session-level, set on entry and
restored on exit, so they hold across the several transactions of an autocommit request;
a transaction rolled back inside the block takes its own writes, and their history, away.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from django.db import DatabaseError, connections

SET_SQL = (
    "SELECT set_config('geoportal.user_id', %s, false),"
    " set_config('geoportal.username', %s, false),"
    " set_config('geoportal.source', %s, false),"
    " set_config('geoportal.reason', %s, false)"
)


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    username: str = ""
    source: str = ""
    reason: str = ""


NOBODY = Actor()
_current: ContextVar[Actor] = ContextVar("geoportal_actor", default=NOBODY)


def current() -> Actor:
    """Return who the writes of this thread or task are attributed to now."""
    return _current.get()


def _apply(actor: Actor, using: str) -> None:
    values = [
        "" if actor.user_id is None else str(actor.user_id),
        actor.username,
        actor.source,
        actor.reason,
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(SET_SQL, values)


def _user_fields(user) -> dict:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user_id": None, "username": ""}
    return {"user_id": user.pk, "username": user.get_username()}


@contextmanager
def acting(
    *,
    user=None,
    source: str | None = None,
    reason: str | None = None,
    using: str = "default",
):
    """Attribute the writes inside the block to `user`, from `source`, for `reason`."""
    previous = current()
    changes = {}
    if user is not None:
        changes.update(_user_fields(user))
    if source is not None:
        changes["source"] = source
    if reason is not None:
        changes["reason"] = reason.strip()
    actor = replace(previous, **changes)
    token = _current.set(actor)
    _apply(actor, using)
    try:
        yield actor
    finally:
        _current.reset(token)
        _restore(previous, using)


def _restore(previous: Actor, using: str) -> None:
    try:
        _apply(previous, using)
    except DatabaseError:
        # The transaction is aborted or the connection gone: either way the settings
        # made inside it go when it rolls back or the connection closes.
        return


def attribute_user(user, using: str = "default") -> None:
    """Name `user` as the writer for the rest of the current block (DRF knows it late)."""
    actor = current()
    fields = _user_fields(user)
    if actor is NOBODY or actor.user_id == fields["user_id"]:
        return
    actor = replace(actor, **fields)
    _current.set(actor)
    _apply(actor, using)
