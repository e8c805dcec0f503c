"""Every write: keyword-only, validated, atomic."""

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from accounts.concurrency import update_fields
from accounts.policy import can_write, geometry_in_write_scope


def geometry_outside(user, changes: dict) -> dict:
    """Return {field: reason} for each drawn shape in `changes` outside the townships
    where `user` may record things (a cadre: the own township)."""
    return {
        name: [_("This shape lies outside the township where you may record things.")]
        for name, value in changes.items()
        if isinstance(value, GEOSGeometry) and not geometry_in_write_scope(user, value)
    }


def write_check(user, instance, action: str) -> None:
    """Raise PermissionDenied (403) unless `user` may `action` `instance`."""
    if not can_write(user, instance, action):
        raise PermissionDenied("You may not change this here.")


@transaction.atomic
def feature_save(*, serializer, user, extra: dict | None = None):
    """Save a validated serializer's object after the model's own checks, in one transaction.

    `full_clean` runs the model's constraints before the write, so a refused row answers
    400 with reasons, never an IntegrityError. `user` must be allowed to write the row
    as stored and as changed (a change may move it to another township): else 403.
    """
    model = serializer.Meta.model
    instance = serializer.instance or model()
    action = "add" if instance._state.adding else "change"
    if not instance._state.adding:
        write_check(user, instance, action)
    changes = {**serializer.validated_data, **(extra or {})}
    for name, value in changes.items():
        setattr(instance, name, value)
    write_check(user, instance, action)
    outside = geometry_outside(user, changes)
    if outside:
        raise ValidationError(outside)
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from error
    # Write only the fields given (and derived): a concurrent change of another field
    # of the same row is kept.
    instance.save(update_fields=update_fields(instance, changes))
    return instance
