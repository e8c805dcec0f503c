"""Login throttling: after N failed logins of one username from one address, lock it.

Failures are counted in the database (accounts.LoginFailure) so every worker process
sees them. LockoutBackend, Django's ModelBackend with one check in front, refuses a locked
username+address before any password is checked; that covers the login page, the admin
and HTTP Basic on the API alike, since all of them go through `authenticate()`.
Settings: GEOPORTAL_LOGIN_MAX_FAILURES, GEOPORTAL_LOGIN_LOCK_MINUTES.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import LoginFailure


def client_address(request) -> str | None:
    """Return the client's address (REMOTE_ADDR; set it right in the proxy)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def key(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def lock_window() -> timedelta:
    return timedelta(minutes=settings.GEOPORTAL_LOGIN_LOCK_MINUTES)


def locked_until(username: str | None, address: str | None):
    """Return until when `username` from `address` is locked, or None."""
    row = LoginFailure.objects.filter(username=key(username), address=address).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


@transaction.atomic
def failure_record(*, username: str | None, address: str | None) -> LoginFailure:
    """Count one failed login; lock the pair when it reaches the limit."""
    now = timezone.now()
    row, _created = LoginFailure.objects.select_for_update().get_or_create(
        username=key(username), address=address, defaults={"first_failed_at": now}
    )
    if row.locked_until and row.locked_until > now:
        return row  # a locked pair stays locked until its time is up, not longer
    if now - row.first_failed_at > lock_window() or row.locked_until:
        row.failures, row.first_failed_at, row.locked_until = 0, now, None
    row.failures = F("failures") + 1
    row.save()
    row.refresh_from_db()
    if row.failures >= settings.GEOPORTAL_LOGIN_MAX_FAILURES:
        row.locked_until = now + lock_window()
        row.save(update_fields=["locked_until"])
    return row


def failures_clear(*, username: str | None, address: str | None) -> None:
    LoginFailure.objects.filter(username=key(username), address=address).delete()


class LockoutBackend(ModelBackend):
    """ModelBackend refusing a locked username+address before checking the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and locked_until(username, client_address(request)):
            raise PermissionDenied
        return super().authenticate(request, username, password, **kwargs)


def on_failure(sender, credentials, request=None, **kwargs):
    failure_record(
        username=credentials.get("username"), address=client_address(request)
    )


def on_login(sender, request, user, **kwargs):
    failures_clear(username=user.get_username(), address=client_address(request))


def connect() -> None:
    user_login_failed.connect(on_failure, dispatch_uid="accounts.lockout.failure")
    user_logged_in.connect(on_login, dispatch_uid="accounts.lockout.login")
