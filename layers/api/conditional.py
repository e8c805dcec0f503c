"""Conditional GET from the tables' change stamps: ETag, Last-Modified and 304.

The stamps move inside the writing transaction (statement-level triggers), so the first
read after a commit sees a new ETag, and an unchanged layer costs one tiny query
instead of the body.

A serving process (gunicorn, runserver: `geoportal/wsgi.py` calls `STAMPS.enable()`)
also keeps the stamps it read, and small bodies such as tiles under their ETag, in
memory. A listener thread per process LISTENs on `layers_change_stamp`, which the
stamps table's trigger NOTIFYs at every commit that moved a stamp (migration
`layers.0003_change_stamp_notify`); each notification drops what the process keeps.
While the listener is not connected (start-up, the database away) nothing is kept and
every request reads the stamps, so after a restart nothing stale is served. What is
kept is stored only if no notification arrived while it was being read (a generation
counter), so a read racing a write never pins the older stamps. The one window left is
the time PostgreSQL takes to deliver a NOTIFY to the listening thread after the commit
(well under a millisecond on one host). Tests run without it unless they enable it.
"""

import hashlib
import logging
import os
import select
import threading
import time
from collections import OrderedDict

from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from accounts import policy
from layers.selectors import change_stamps

CHANNEL = "layers_change_stamp"
# In the WSGI environ (request.META): this answer is an anonymous reader's, built from
# the stamps, so the replay front (layers/api/replay.py) may keep it.
REPLAY_MARK = "geoportal.replay"
LISTENER = "geoportal-stamp-listener"  # the listener connection's application_name
TRIGGER_SQL = "SELECT 1 FROM pg_trigger WHERE tgname = 'layers_change_stamp_notify' AND NOT tgisinternal"
# Who may read what changed (users, roles, tokens, sessions): accounts migration 0004.
AUTH_CHANNEL = "geoportal_auth"
AUTH_TRIGGER_SQL = (
    "SELECT 1 FROM pg_trigger WHERE tgname = 'geoportal_auth_notify' LIMIT 1"
)
log = logging.getLogger(__name__)


class StampCache:
    """Change stamps and small bodies kept in this process until a write trigger fires."""

    def __init__(
        self, max_bytes: int = 32 * 1024 * 1024, replay_bytes: int = 64 * 1024 * 1024
    ):
        self.max_bytes = max_bytes
        self.replay_bytes = replay_bytes
        self.replays: OrderedDict[tuple, object] = OrderedDict()
        self.replay_size = 0
        # Compiled statements by request (layers/api/listing.py), least recent dropped.
        self.statements: OrderedDict[tuple, object] = OrderedDict()
        self.max_statements = 2048
        self.lock = threading.Lock()
        self.stamps: dict[tuple, tuple] = {}
        self.values: dict[str, object] = {}
        self.bodies: OrderedDict[str, bytes] = OrderedDict()
        self.size = 0
        self.generation = 0
        self.live = False  # the listener is connected and listening
        self.enabled = False
        self.pid = None
        self.thread = None
        self.raw = None  # the listener's own connection
        self.poll_seconds = 5.0  # how long the listener waits before a `SELECT 1`
        # Signed-in users by session or token (accounts/kept.py), with their own
        # generation: dropped at every NOTIFY on AUTH_CHANNEL, not at layer writes.
        self.users: dict[tuple, tuple] = {}
        self.auth_generation = 0
        self.auth_live = False  # listening on AUTH_CHANNEL too
        self.backend_pid = None

    # --- what requests use ------------------------------------------------------------

    def enable(self) -> None:
        """Keep stamps in this process from the first request on (a serving process)."""
        self.enabled = True

    def token(self) -> int | None:
        """Return the generation to store under, or None while nothing may be kept."""
        if not self.enabled:
            return None
        if self.pid != os.getpid():
            self.start()
        return self.generation if self.live else None

    def get(self, tables) -> tuple | None:
        if not self.live:
            return None
        return self.stamps.get(tuple(tables))

    def put(self, token: int | None, tables, stamps: tuple) -> None:
        with self.lock:
            if token is not None and self.live and token == self.generation:
                self.stamps[tuple(tables)] = stamps

    def remember(self, key: str, compute):
        """Return `compute()`, kept until the next change of any stamped table.

        For values read from the layers' tables that every request needs (the default
        rating year): a serving process then reads them once per change."""
        if self.live:
            found = self.values.get(key, self)
            if found is not self:
                return found
        token = self.token()
        value = compute()
        with self.lock:
            if token is not None and self.live and token == self.generation:
                self.values[key] = value
        return value

    def body(self, etag: str) -> bytes | None:
        if not self.live:
            return None
        with self.lock:
            found = self.bodies.get(etag)
            if found is not None:
                self.bodies.move_to_end(etag)
            return found

    def keep(self, token: int | None, etag: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 16:
            return
        with self.lock:
            if token is None or not self.live or token != self.generation:
                return
            if etag not in self.bodies:
                self.bodies[etag] = body
                self.size += len(body)
            while self.size > self.max_bytes:
                _, dropped = self.bodies.popitem(last=False)
                self.size -= len(dropped)

    def auth_token(self) -> int | None:
        """Return the auth generation to keep a user under, or None while none may be."""
        if not self.enabled:
            return None
        if self.pid != os.getpid():
            self.start()
        return self.auth_generation if self.live and self.auth_live else None

    def user_for(self, key: tuple, now: float):
        """Return the user kept under `key` (a session or token) until `now`, or None."""
        if not (self.live and self.auth_live):
            return None
        found = self.users.get(key)
        if found is None or found[1] <= now:
            return None
        return found[0]

    def keep_user(self, token: int | None, key: tuple, user, until: float) -> None:
        with self.lock:
            if token is None or not (self.live and self.auth_live):
                return
            if token != self.auth_generation:
                return
            if len(self.users) >= 10_000:
                self.users.clear()
            self.users[key] = (user, until)

    def forget_users(self) -> None:
        with self.lock:
            self.auth_generation += 1
            self.users.clear()

    def recall(self, key: tuple):
        """Return the statement kept for this request key, or None."""
        if not self.live:
            return None
        with self.lock:
            found = self.statements.get(key)
            if found is not None:
                self.statements.move_to_end(key)
            return found

    def memo(self, token: int | None, key: tuple, value) -> None:
        """Keep a statement compiled while no notification arrived (see `keep`)."""
        with self.lock:
            if token is None or not self.live or token != self.generation:
                return
            self.statements[key] = value
            self.statements.move_to_end(key)
            while len(self.statements) > self.max_statements:
                self.statements.popitem(last=False)

    def replay(self, key: tuple):
        """Return the finished answer kept under this request key (replay front)."""
        if not self.live:
            return None
        with self.lock:
            found = self.replays.get(key)
            if found is not None:
                self.replays.move_to_end(key)
            return found

    def keep_replay(self, token: int | None, key: tuple, entry) -> None:
        if entry.size > self.replay_bytes // 16:
            return
        with self.lock:
            if token is None or not self.live or token != self.generation:
                return
            old = self.replays.pop(key, None)
            if old is not None:
                self.replay_size -= old.size
            self.replays[key] = entry
            self.replay_size += entry.size
            while self.replay_size > self.replay_bytes:
                _, dropped = self.replays.popitem(last=False)
                self.replay_size -= dropped.size

    def forget(self) -> None:
        """Drop everything kept (a notification, or the listener lost its connection)."""
        with self.lock:
            self.generation += 1
            self.stamps.clear()
            self.values.clear()
            self.bodies.clear()
            self.size = 0
            self.replays.clear()
            self.replay_size = 0
            self.statements.clear()

    # --- the listener -----------------------------------------------------------------

    def start(self) -> None:
        """Start this process's listener thread (again after a fork)."""
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid, self.live = os.getpid(), False
            self.users.clear()
            self.stamps.clear()
            self.bodies.clear()
            self.size = 0
            self.replays.clear()
            self.replay_size = 0
            self.statements.clear()
        params = {**connection.get_connection_params(), "application_name": LISTENER}
        self.thread = threading.Thread(
            target=self.listen, args=(params,), name="stamp-listener", daemon=True
        )
        self.thread.start()

    def listen(self, params: dict) -> None:
        """LISTEN for stamp changes for ever, reconnecting after any failure."""
        pid, pause = os.getpid(), 0.5
        while self.pid == pid:
            raw = None
            try:
                raw = self.raw = connection.get_new_connection(params)
                raw.autocommit = True
                cursor = raw.cursor()
                cursor.execute(TRIGGER_SQL)
                if cursor.fetchone() is None:
                    # Not migrated: no notifications would come, so keep nothing.
                    log.warning(
                        "stamp listener: no %s trigger; keeping nothing", CHANNEL
                    )
                    self.enabled = False
                    return
                cursor.execute(f"LISTEN {CHANNEL}")
                cursor.execute(AUTH_TRIGGER_SQL)
                auth = cursor.fetchone() is not None
                if auth:
                    cursor.execute(f"LISTEN {AUTH_CHANNEL}")
                self.backend_pid = (
                    raw.info.backend_pid
                    if hasattr(raw, "info")
                    else raw.get_backend_pid()
                )
                self.forget()
                self.forget_users()
                self.auth_live = auth
                self.live, pause = True, 0.5
                self.wait(raw, pid)
            except Exception as error:  # noqa: BLE001 - any failure: stop keeping, retry
                log.info("stamp listener: %s; reconnecting", error)
            finally:
                self.live = self.auth_live = False
                self.forget()
                self.forget_users()
                if raw is not None:
                    try:
                        raw.close()
                    except Exception:  # noqa: BLE001, S110 - already broken
                        pass
            time.sleep(pause)
            pause = min(pause * 2, 5.0)

    def heard(self, channel: str) -> None:
        """Drop what a notification on `channel` makes stale."""
        if channel == AUTH_CHANNEL:
            self.forget_users()
        else:
            self.forget()

    def stop(self) -> None:
        """Stop keeping and end the listener (tests; a process that stops serving)."""
        self.enabled, self.pid, self.live = False, None, False
        self.forget()
        self.forget_users()
        if self.thread is not None:
            self.thread.join(timeout=self.poll_seconds + 5)

    def wait(self, raw, pid: int) -> None:
        """Forget what is kept at every notification until the connection breaks."""
        psycopg3 = callable(getattr(raw, "notifies", None))
        while self.pid == pid:
            if psycopg3:
                # Returns after the timeout; raises when the connection is lost.
                # Notifications that arrive during the `SELECT 1` wait in psycopg's
                # backlog and come out of the next `notifies()`.
                for note in raw.notifies(timeout=self.poll_seconds, stop_after=1):
                    self.heard(note.channel)
                raw.execute("SELECT 1")
                continue
            readable, _, _ = select.select([raw], [], [], self.poll_seconds)
            if not readable:
                raw.cursor().execute("SELECT 1")  # a dead connection raises here
                continue
            raw.poll()
            while raw.notifies:
                self.heard(raw.notifies.pop().channel)


STAMPS = StampCache()


def current_stamps(tables: list[str]) -> tuple[str, object]:
    """Return (version key, change time), from memory when kept, else from the table."""
    found = STAMPS.get(tables)
    if found is not None:
        return found
    token = STAMPS.token()
    found = change_stamps(tables)
    STAMPS.put(token, tables, found)
    return found


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
    small=False,
):
    """Answer 304 when the client is current, else the body `build()` returns.

    The ETag includes what the user reads (`policy.scope_key` for `model`), and answers
    vary by cookie and token, so two users never share a cached answer.

    `build_stamped`, when given, returns (body, version key, change time) in one
    statement; it serves requests whose stamps are not kept in memory and that carry no
    validators (so no 304 is possible). `small` bodies (tiles) are built that way even
    with validators, and kept in memory under their ETag: a hot tile is then answered,
    200 or 304, without the database.
    """
    variant = f"{variant}\n{policy.scope_key(request.user, model)}"
    if small:
        # A kept body may carry absolute links: one per host name it was asked by.
        variant = f"{variant}\n{request.get_host()}"
    validators = (
        "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
    )
    response = None
    kept = STAMPS.get(tables)
    if kept is not None:
        version_key, changed = kept
        etag = entity_tag(request, version_key, variant)
        if not_modified(request, etag, changed):
            response = HttpResponseNotModified()
        elif small and (body := STAMPS.body(etag)) is not None:
            response = HttpResponse(body, content_type=content_type)
    if response is not None:
        pass
    elif build_stamped is not None and (small or not validators):
        token = STAMPS.token()
        body, version_key, changed = build_stamped()
        STAMPS.put(token, tables, (version_key, changed))
        etag = entity_tag(request, version_key, variant)
        if small:
            STAMPS.keep(token, etag, body)
        response = (
            HttpResponseNotModified()
            if validators and not_modified(request, etag, changed)
            else HttpResponse(body, content_type=content_type)
        )
    else:
        token = STAMPS.token()
        version_key, changed = current_stamps(tables)
        etag = entity_tag(request, version_key, variant)
        if not_modified(request, etag, changed):
            response = HttpResponseNotModified()
        else:
            body = STAMPS.body(etag) if small else None
            if body is None:
                body = build()
            if small and isinstance(body, HttpResponse):
                STAMPS.keep(token, etag, body.content)
            elif small:
                STAMPS.keep(token, etag, body)
            response = (
                body
                if isinstance(body, HttpResponse)
                else HttpResponse(body, content_type=content_type)
            )
    response["ETag"] = etag
    if changed:
        response["Last-Modified"] = http_date(changed.timestamp())
    private = request.user.is_authenticated
    if not private:
        request.META[REPLAY_MARK] = True
    response["Cache-Control"] = (
        f"private, {CACHE_CONTROL}" if private else CACHE_CONTROL
    )
    patch_vary_headers(response, ("Cookie", "Authorization"))
    for name, value in (headers or {}).items():
        response[name] = value
    return response
