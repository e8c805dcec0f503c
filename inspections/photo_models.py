"""Photos taken in the field: evidence on a problem, a visit or a cleared site.

Each photo is stored three times through Django's storage API (inspections.photos writes
them): `image` keeps the EXIF time and GPS (read only by the roles that may see where a
photo was taken), `public_image` has no EXIF at all, `thumb` is a small copy without EXIF.
All three have the EXIF orientation applied. Who may read a photo is who may read the row
it belongs to (accounts.policy.can_read on `owner`).
"""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from layers.models import SRID, ClearedSite


def photo_path(instance, filename: str) -> str:
    """Return the storage name of a photo copy: photos/<yyyy>/<mm>/<uuid>-<copy>.jpg."""
    return f"photos/{instance.created_at:%Y/%m}/{filename}"


class Photo(models.Model):
    """One photo, attached to exactly one problem, visit or cleared site."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("before rectification")
        AFTER = "after", _("after rectification")

    client_id = models.UUIDField(_("id made on the phone"), default=uuid.uuid4)
    problem = models.ForeignKey(
        "inspections.Problem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("problem"),
    )
    visit = models.ForeignKey(
        "inspections.Visit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("visit"),
    )
    cleared_site = models.ForeignKey(
        ClearedSite,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("cleared site"),
    )
    # The owner's village, kept on the row so read scoping (accounts.scope) and the
    # history's township (history.triggers) take one path whichever the owner is.
    village = models.ForeignKey(
        "layers.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="photos",
        verbose_name=_("village"),
    )
    stage = models.CharField(
        _("stage"), max_length=8, choices=Stage.choices, default=Stage.BEFORE
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    image = models.FileField(
        _("photo (with EXIF)"), upload_to=photo_path, max_length=200
    )
    public_image = models.FileField(
        _("photo (EXIF removed)"), upload_to=photo_path, max_length=200
    )
    thumb = models.FileField(_("thumbnail"), upload_to=photo_path, max_length=200)
    source_format = models.CharField(_("format sent"), max_length=10)
    width = models.PositiveIntegerField(_("width (px)"))
    height = models.PositiveIntegerField(_("height (px)"))
    size_bytes = models.PositiveIntegerField(_("size sent (bytes)"))
    taken_at = models.DateTimeField(_("taken at (EXIF)"), null=True, blank=True)
    gps = models.PointField(
        _("where taken (EXIF GPS)"), srid=SRID, null=True, blank=True
    )
    created_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["client_id"], name="photo_client_id_once"),
            models.CheckConstraint(
                condition=(
                    Q(
                        problem__isnull=False,
                        visit__isnull=True,
                        cleared_site__isnull=True,
                    )
                    | Q(
                        problem__isnull=True,
                        visit__isnull=False,
                        cleared_site__isnull=True,
                    )
                    | Q(
                        problem__isnull=True,
                        visit__isnull=True,
                        cleared_site__isnull=False,
                    )
                ),
                name="photo_belongs_to_one_row",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} {self.client_id}"

    @property
    def owner(self):
        """Return the row the photo belongs to (its read policy is the photo's)."""
        return self.problem or self.visit or self.cleared_site

    def owner_village_id(self) -> int | None:
        """Return the id of the owner's village (a problem's through its notice)."""
        if self.problem_id:
            return self.problem.notice.village_id
        owner = self.visit or self.cleared_site
        return owner.village_id if owner is not None else None

    def save(self, *args, **kwargs):
        if self.village_id is None:
            self.village_id = self.owner_village_id()
        super().save(*args, **kwargs)
