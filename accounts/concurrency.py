"""Optimistic concurrency for every write: row ETags, If-Match, and the admin's version.

- `row_tag(instance)` is a strong ETag of a row as stored: the MD5 of the row's text in
  PostgreSQL, so any change to any column gives a new tag, whoever made it.
- `guarded` wraps a DRF view's `change(request, instance, partial)`: it locks the row
  (`SELECT ... FOR UPDATE`), reads it fresh, checks `If-Match` against it and hands the
  fresh row on, so two writers of one row go one after the other and the second sees the
  first's change. A stale `If-Match` answers 412; a PUT without `If-Match` answers 428
  (a PUT replaces every field: it must say which version it replaces); a PATCH may omit
  it (it writes only the fields it names). The answer carries the row's new ETag.
- `update_fields(instance, names)` lists what a PATCH writes: the named fields, the
  fields the view derives, and `auto_now` stamps; never the other columns.
- `VersionFormMixin` puts the row's tag in a hidden admin form field and refuses to save
  over a newer version ("changed by someone else since you opened it").

A GET of a single writable resource sends either the row tag (ratings) or the feed's
conditional ETag (features, from layers.api.conditional); `If-Match` accepts both.
"""

from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.response import Response

from accounts import policy
from accounts.roles import CHANGE


def row_tag(instance, *, lock: bool = False) -> str:
    """Return the strong ETag of `instance`'s stored row ('' if it has none); `lock`
    also locks the row until the transaction ends."""
    meta = instance._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT md5(t::text) FROM "{meta.db_table}" t '
            f'WHERE t."{meta.pk.column}" = %s' + (" FOR UPDATE" if lock else ""),
            [instance.pk],
        )
        found = cursor.fetchone()
    return f'"r{found[0]}"' if found else ""


def tags_in(header: str) -> set[str]:
    """Return the entity tags listed in an If-Match header (weak ones kept as written)."""
    return {part.strip() for part in header.split(",") if part.strip()}


def precondition(request, current: str, also=()) -> Response | None:
    """Answer 412 or 428 when the request's If-Match does not allow the write, else None."""
    header = request.headers.get("If-Match")
    if header is None:
        if request.method == "PUT":
            return Response(
                {
                    "errors": {
                        "If-Match": _(
                            "A PUT replaces every field: send If-Match with the ETag "
                            "of the version you replace (from GET)."
                        )
                    }
                },
                status=428,
            )
        return None
    tags = tags_in(header)
    if "*" in tags or current in tags or tags & set(also):
        return None
    response = Response(
        {
            "errors": {
                "If-Match": _(
                    "The row has changed since you read it: read it again, then "
                    "repeat your change."
                )
            }
        },
        status=412,
    )
    response["ETag"] = current
    return response


def representation_tags(view, request) -> list[str]:
    """Return the conditional ETag a GET of this URL would carry now, if the view has one."""
    tables = getattr(view, "etag_tables", None)
    if not tables or "If-Match" not in request.headers:
        return []
    from layers.api.conditional import entity_tag
    from layers.selectors import change_stamps

    version_key, _changed = change_stamps(tables)
    variant = "\n" + policy.scope_key(request.user, getattr(view, "policy_model", None))
    return [entity_tag(request, version_key, variant)]


def guarded(change):
    """Decorate a view's `change(self, request, instance, partial)` (see the module)."""

    @wraps(change)
    def wrapped(self, request, instance, *args, **kwargs):
        model = type(instance)
        with transaction.atomic():
            fresh = model._default_manager.select_for_update().filter(pk=instance.pk)
            instance = fresh.first()
            if instance is None:
                return Response({"detail": _("Not found.")}, status=404)
            # A row the user may not change answers 403 before any precondition.
            if not policy.can_write(request.user, instance, CHANGE):
                raise PermissionDenied(_("You may not change this here."))
            refused = precondition(
                request, row_tag(instance), representation_tags(self, request)
            )
            if refused is not None:
                return refused
            response = change(self, request, instance, *args, **kwargs)
            if response.status_code < 300:
                response["ETag"] = row_tag(instance)
        return response

    return wrapped


STALE_ROW = gettext_lazy(
    "The row has changed since you read it: read it again, then repeat your change."
)


def stale_lock(request, instance, *, form: bool = False) -> str | None:
    """For views outside DRF that write one row: lock `instance`'s row (inside the
    caller's transaction) and return its current ETag when the request's If-Match names
    another version (the caller answers 412 with it), else None. No If-Match: None (a
    POST that says which version it changes is checked; one that does not, is not).
    `form`: a page's form may say it in its hidden `row_version` field instead.
    `instance` None (no row yet): any If-Match is stale ('' returned)."""
    header = request.headers.get("If-Match")
    if header is None and form:
        header = (request.POST.get(VERSION_FIELD) or "").strip() or None
    current = row_tag(instance, lock=True) if instance is not None else ""
    if header is None:
        return None
    tags = tags_in(header)
    if current and ("*" in tags or current in tags):
        return None
    return current


def with_row_tag(response, instance):
    """Set the row's ETag on a GET answer of one writable row and return it."""
    response["ETag"] = row_tag(instance)
    return response


def update_fields(instance, names) -> list[str] | None:
    """Return the columns a partial write of `names` saves (None: a new row, all)."""
    if instance._state.adding:
        return None
    concrete = {f.name: f for f in instance._meta.concrete_fields}
    stamps = [
        name
        for name, field in concrete.items()
        if getattr(field, "auto_now", False) and name not in names
    ]
    return [name for name in names if name in concrete] + stamps


# The admin -------------------------------------------------------------------------------

STALE = gettext_lazy(
    "This record was changed by someone else since you opened it. Your changes were "
    "not saved: open it again to see the new version, then repeat your change."
)


VERSION_FIELD = "row_version"


class VersionFormMixin:
    """ModelForm mixin: the hidden `row_version` holds the row's tag when the form was
    shown; on save the row is locked and the form is invalid if it changed since.

    A post without the field (a script, not the admin's page) is not checked.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial[VERSION_FIELD] = row_tag(self.instance)

    def clean(self):
        cleaned = super().clean()
        sent = (self.data.get(self.add_prefix(VERSION_FIELD)) or "").strip()
        # The admin's change view runs in one transaction: the lock lasts to the save.
        if self.instance.pk and sent and sent != row_tag(self.instance, lock=True):
            raise forms.ValidationError(STALE, code="stale")
        return cleaned


def versioned(form_class):
    """Return `form_class` with the hidden row version (see VersionFormMixin)."""
    if issubclass(form_class, VersionFormMixin):
        return form_class
    return type(form_class)(
        f"Versioned{form_class.__name__}",
        (VersionFormMixin, form_class),
        {
            VERSION_FIELD: forms.CharField(widget=forms.HiddenInput, required=False),
            "__module__": __name__,
        },
    )
