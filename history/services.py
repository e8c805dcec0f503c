"""Writes that must leave a reason in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import can_write
from history.context import acting
from history.rules import PAST_YEAR_NEEDS_REASON, rating_needs_reason
from layers.models import STAR_FIELDS, StarRating

CORRECTABLE = {
    *STAR_FIELDS,
    "is_quasi_five_star",
    "is_weak_branch",
    "collective_income",
    "transferred_land_mu",
    "note",
}


def rating_correct(
    *,
    rating: StarRating,
    changes: dict,
    reason: str = "",
    user=None,
    source: str = "web",
) -> StarRating:
    """Change `rating`'s fields; a past year's rating needs `reason`, kept in its history.

    Raise ValidationError for an unknown field, a missing reason or a value the model
    refuses; PermissionDenied when `user` (if given) may not change this rating.
    """
    unknown = sorted(set(changes) - CORRECTABLE)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be corrected.") for name in unknown}
        )
    reason = (reason or "").strip()
    if not reason and rating_needs_reason(
        stored_year=rating.year, new_year=rating.year
    ):
        raise ValidationError({"reason": str(PAST_YEAR_NEEDS_REASON)})
    if user is not None and not can_write(user, rating):
        raise PermissionDenied(_("You may not change this rating."))
    for name, value in changes.items():
        setattr(rating, name, value)
    rating.full_clean()
    with acting(user=user, source=source, reason=reason), transaction.atomic():
        rating.save()
    return rating
