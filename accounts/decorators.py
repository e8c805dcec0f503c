"""The policy for plain Django views: pages, and feeds written without DRF.

@page_reader_required
def county(request): ...

@feed_reader_required
def items(request, collection_id): ...
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts import policy
from accounts.middleware import error_response


def page_reader_required(view):
    """Send anonymous visitors to the login page; refuse signed-in users without a page
    role (GIS readers) with 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if policy.can_read_pages(request.user):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("Your role does not open the map pages."))

    return wrapped


def feed_reader_required(view):
    """Answer 401 (anonymous) or 403 (no read scope) as JSON before a feed view runs."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if policy.can_read_feeds(request.user):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return error_response(
                request,
                401,
                _("Sign in or send an API token to read this feed."),
            )  # error_response offers Basic and Token (accounts.authentication)
        return error_response(request, 403, _("Your role does not read this feed."))

    return wrapped


def write_required(request, obj, action: str = "change") -> None:
    """Raise PermissionDenied unless the request's user may `action` the row `obj`."""
    if not policy.can_write(request.user, obj, action):
        raise PermissionDenied(_("You may not change this here."))
