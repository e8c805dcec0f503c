"""Serve photos to those who may read the row they belong to (accounts.policy)."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import policy
from accounts.middleware import error_response
from accounts.roles import Role
from inspections.models import Photo

# Who sees where a photo was taken (EXIF GPS): county-level roles and the groups. A
# township cadre, or anyone the public-read switch lets in, gets the copy without EXIF.
GPS_ROLES = {Role.COUNTY_LEADER, Role.COUNTY_ADMIN, Role.INSPECTOR}


def sees_photo_gps(user) -> bool:
    """Say whether `user` may see a photo's EXIF GPS position."""
    who = policy.actor(user)
    return who.superuser or bool(who.roles & GPS_ROLES)


def readable_photo(request, client_id):
    """Return the photo, or an error response (401/403; 404 when there is none)."""
    photo = (
        Photo.objects.select_related(
            "problem__notice__village", "visit__village", "cleared_site__village"
        )
        .filter(client_id=client_id)
        .first()
    )
    if photo is None:
        raise Http404(_("No such photo."))
    if not request.user.is_authenticated:
        return photo, error_response(request, 401, _("Log in first."))
    if not policy.can_read(request.user, photo.owner):
        return photo, error_response(request, 403, _("You may not see this photo."))
    return photo, None


@require_GET
def photo_file(request, client_id, size: str = "full"):
    """Answer the photo (thumbnail or full size) as JPEG, EXIF GPS only for GPS roles."""
    photo, refused = readable_photo(request, client_id)
    if refused:
        return refused
    if size == "thumb":
        copy = photo.thumb
    else:
        copy = photo.image if sees_photo_gps(request.user) else photo.public_image
    response = FileResponse(copy.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    response["Vary"] = "Cookie, Authorization"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def village_photos(request, code):
    """List the photos of a village the user may read, newest first, with their addresses.

    For the village card on the maps: {"village": code, "photos": [{"client_id", "stage",
    "stage_label", "taken_at", "owner", "thumb", "full"}]}; 401 signed out, 404 no village.
    """
    from django.http import JsonResponse
    from django.urls import reverse
    from django.utils import timezone

    from layers.models import Village

    if not request.user.is_authenticated:
        return error_response(request, 401, _("Log in first."))
    village = Village.objects.filter(code=code).first()
    if village is None:
        return error_response(request, 404, _("No village has this code."))
    photos = policy.readable(
        request.user, Photo.objects.filter(village=village)
    ).order_by("-created_at", "-id")[:50]
    rows = [
        {
            "client_id": str(p.client_id),
            "stage": p.stage,
            "stage_label": str(p.get_stage_display()),
            "taken_at": p.taken_at and timezone.localtime(p.taken_at).isoformat(),
            "owner": "problem"
            if p.problem_id
            else ("visit" if p.visit_id else "cleared_site"),
            "thumb": reverse("inspections:photo-thumb", args=[p.client_id]),
            "full": reverse("inspections:photo", args=[p.client_id]),
        }
        for p in photos
    ]
    response = JsonResponse(
        {"village": village.code, "photos": rows},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "private, no-cache"
    return response
