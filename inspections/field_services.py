"""Writes made on a phone in the field: check-ins, problems, photos, rectification, checks.

Every write made on a phone carries an id made on the phone (`client_id`, a UUID): sending
the same write twice (the connection dropped after the server stored it) returns the
stored row instead of making a second one.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.roles import Role
from inspections.models import (
    CATEGORY_STAR,
    InspectionGroup,
    Photo,
    Problem,
    ProblemCategory,
    RectificationNotice,
    Visit,
)
from inspections.photos import photo_read
from inspections.services import problem_move, write_check
from layers.models import SRID, Village

NOTICE_DAYS = 30  # a notice raised in the field gives the village this long
CHECKERS = {Role.INSPECTOR, Role.COUNTY_ADMIN}


def stored_row(model, client_id):
    """Return the row a phone-made id already stored, or None."""
    if client_id is None:
        return None
    return model.objects.filter(client_id=client_id).first()


def save_once(row, client_id) -> tuple[object, bool]:
    """Validate and save `row` in a savepoint; return (row, True) or (stored, False).

    Two sends of one write arriving together both pass the first look-up; the later insert
    then meets the unique client_id (a validation error when the first is committed already,
    an IntegrityError when it commits while this one waits on the index) and is answered as
    a repeat with the stored row. Any other refusal is raised as it was.
    """
    try:
        with transaction.atomic():
            row.full_clean()
            row.save()
    except (IntegrityError, ValidationError):
        stored = stored_row(type(row), client_id)
        if stored is None:
            raise
        return stored, False
    return row, True


def metres_from_village(village: Village, point: Point) -> float:
    """Return the metres from `point` to the village's boundary (0 inside it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Distance(boundary::geography,"
            " ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography)"
            " FROM layers_village WHERE id = %s",
            [point.x, point.y, village.pk],
        )
        return round(cursor.fetchone()[0], 1)


def visit_check_in(
    *,
    group: InspectionGroup,
    village: Village,
    at: datetime.datetime,
    lon: float,
    lat: float,
    accuracy_m: float | None,
    client_id: uuid.UUID,
    user,
) -> tuple[Visit, bool]:
    """Check a group in at a village; return (visit, created). Far check-ins are flagged."""
    stored = stored_row(Visit, client_id)
    if stored is not None:
        return stored, False
    point = Point(lon, lat, srid=SRID)
    distance = metres_from_village(village, point)
    visited_on = timezone.localdate(at)
    try:
        return visit_check_in_once(
            group=group,
            village=village,
            visited_on=visited_on,
            at=at,
            point=point,
            accuracy_m=accuracy_m,
            distance=distance,
            client_id=client_id,
            user=user,
        )
    except (IntegrityError, ValidationError):
        # Another phone of the group checked in at this village today at the same
        # moment: its visit is now committed, and this check-in joins it.
        joined = Visit.objects.filter(
            group=group, village=village, visited_on=visited_on
        ).first()
        if joined is None:
            raise
        write_check(user, joined, "change")
        return joined, False


def visit_check_in_once(
    *, group, village, visited_on, at, point, accuracy_m, distance, client_id, user
) -> tuple[Visit, bool]:
    """Insert or complete the group's visit of the day in one transaction."""
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update()
            .filter(group=group, village=village, visited_on=visited_on)
            .first()
        )
        created = visit is None
        if created:
            visit = Visit(group=group, village=village, visited_on=visited_on)
        write_check(user, visit, "add" if created else "change")
        if visit.checked_in_at is None:
            visit.client_id = client_id
            visit.checked_in_at = at
            visit.location = point
            visit.accuracy_m = accuracy_m
            visit.distance_m = distance
            visit.far = distance > settings.GEOPORTAL_CHECKIN_FAR_M
        saved, fresh = save_once(visit, client_id)
        if not fresh:
            return saved, False
    return visit, created


def visit_finish(*, visit: Visit, at: datetime.datetime, findings: str, user) -> Visit:
    """Mark a visit done (again: keeps the first time, updates the findings)."""
    write_check(user, visit, "change")
    visit.done_at = visit.done_at or at
    if findings:
        visit.findings = findings
    visit.full_clean()
    visit.save()
    return visit


def visit_notice(*, visit: Visit, deadline: datetime.date | None, user):
    """Return the visit's rectification notice, raising it on first use."""
    notice = RectificationNotice.objects.filter(visit=visit).first()
    if notice is not None:
        return notice
    issued = visit.visited_on
    notice = RectificationNotice(
        number=f"{visit.village.code}-{issued:%Y%m%d}-G{visit.group_id}",
        village=visit.village,
        group=visit.group,
        issued_on=issued,
        deadline=deadline or issued + datetime.timedelta(days=NOTICE_DAYS),
        visit=visit,
    )
    write_check(user, notice, "add")
    try:
        with transaction.atomic():
            notice.full_clean()
            notice.save()
    except (IntegrityError, ValidationError):
        # Two first problems of one visit at once: the other raised the notice.
        stored = RectificationNotice.objects.filter(visit=visit).first()
        if stored is None:
            raise
        return stored
    return notice


@transaction.atomic
def problem_record(
    *,
    visit: Visit,
    category: str,
    description: str,
    lon: float | None,
    lat: float | None,
    client_id: uuid.UUID,
    deadline: datetime.date | None = None,
    user,
) -> tuple[Problem, bool]:
    """Record a problem found on a visit on the visit's notice; return (problem, created)."""
    stored = stored_row(Problem, client_id)
    if stored is not None:
        return stored, False
    if category not in ProblemCategory.values:
        raise ValidationError({"category": _("Pick a category from the list.")})
    notice = visit_notice(visit=visit, deadline=deadline, user=user)
    notice = RectificationNotice.objects.select_for_update().get(pk=notice.pk)
    last = notice.problems.aggregate(last=Max("seq"))["last"] or 0
    problem = Problem(
        notice=notice,
        seq=last + 1,
        category=category,
        star=CATEGORY_STAR[ProblemCategory(category)],
        description=description.strip(),
        location=Point(lon, lat, srid=SRID) if lon is not None else None,
        client_id=client_id,
    )
    write_check(user, problem, "add")
    return save_once(problem, client_id)


@transaction.atomic
def problem_rectify(*, problem: Problem, note: str, on: datetime.date, user) -> Problem:
    """Report a problem rectified (→ 已整改待核查) with what was done."""
    if not note.strip():
        raise ValidationError({"note": _("Say what was rectified.")})
    problem.rectification_note = note.strip()
    return problem_move(
        problem=problem, status=Problem.Status.AWAITING_CHECK, on=on, user=user
    )


@transaction.atomic
def problem_check(
    *, problem: Problem, accept: bool, reason: str, on: datetime.date, user
) -> Problem:
    """Tick a rectified problem off (→ 已销号) or send it back with a reason."""
    who = policy.actor(user)
    if not (who.superuser or who.roles & CHECKERS):
        raise PermissionDenied(
            _("Only an inspection group member or a county administrator checks this.")
        )
    if accept:
        return problem_move(
            problem=problem, status=Problem.Status.CLOSED, on=on, user=user
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the rectification is sent back.")})
    problem.return_reason = reason.strip()
    return problem_move(
        problem=problem, status=Problem.Status.IN_PROGRESS, on=on, user=user
    )


def photo_attach(
    *,
    owner,
    upload,
    stage: str,
    user,
    client_id: uuid.UUID | None = None,
    note: str = "",
) -> tuple[Photo, bool]:
    """Store a photo of a problem, visit or cleared site; return (photo, created)."""
    stored = stored_row(Photo, client_id)
    if stored is not None:
        return stored, False
    if stage not in Photo.Stage.values:
        raise ValidationError({"stage": _("The stage is “before” or “after”.")})
    write_check(user, owner, "change")
    read = photo_read(upload)
    photo = Photo(
        client_id=client_id or uuid.uuid4(),
        stage=stage,
        note=note[:300],
        source_format=read.source_format,
        width=read.width,
        height=read.height,
        size_bytes=read.size_bytes,
        taken_at=read.taken_at,
        gps=read.gps,
        created_at=timezone.now(),
        uploaded_by=user,
        **{owner_field(owner): owner},
    )
    stem = str(photo.client_id)
    photo.image.save(f"{stem}.jpg", ContentFile(read.full), save=False)
    photo.public_image.save(f"{stem}-public.jpg", ContentFile(read.public), save=False)
    photo.thumb.save(f"{stem}-thumb.jpg", ContentFile(read.thumb), save=False)
    try:
        saved, created = save_once(photo, client_id)
    except Exception:
        created = None
        raise
    finally:
        if not created:
            # Nothing half-written: the copies go with a refused or repeated row, but
            # never a name the stored row uses (a store that overwrites, like S3, gives
            # the repeat the stored row's names).
            kept = set()
            if created is False:
                kept = {saved.image.name, saved.public_image.name, saved.thumb.name}
            for copy in (photo.image, photo.public_image, photo.thumb):
                if copy.name not in kept:
                    copy.storage.delete(copy.name)
    return saved, created


def owner_field(owner) -> str:
    """Return the Photo field that points at `owner`."""
    fields = {Problem: "problem", Visit: "visit"}
    return fields.get(type(owner), "cleared_site")
