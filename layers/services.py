"""Every write: keyword-only, validated, atomic."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework.exceptions import ValidationError


@transaction.atomic
def feature_save(*, serializer, user, extra: dict | None = None):
    """Save a validated serializer's object after the model's own checks, in one transaction.

    `full_clean` runs the model's constraints before the write, so a refused row answers
    400 with reasons, never an IntegrityError. `user` is kept for the audit trail to come.
    """
    model = serializer.Meta.model
    instance = serializer.instance or model()
    for name, value in {**serializer.validated_data, **(extra or {})}.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from error
    instance.save()
    return instance
