"""Field pages for phones: today's route, open problems, one problem, one cleared site."""

from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import concurrency, policy
from accounts.decorators import page_reader_required
from history.context import acting
from history.selectors import object_history
from inspections import field_selectors as selectors
from inspections import field_services as services
from inspections.models import InspectionGroup, Photo, Problem, ProblemCategory
from inspections.params import positive_int
from inspections.photo_views import sees_photo_gps
from inspections.photos import photo_read
from layers.models import ClearedSite


@page_reader_required
def today_page(request):
    """Show the group's route for today: next stop, every stop with its state."""
    today = timezone.localdate()
    try:
        asked = (
            positive_int(request.GET.get("group", ""))
            if request.GET.get("group")
            else None
        )
    except ValueError:
        asked = None
    group = selectors.user_group(request.user, asked)
    route = selectors.today_route(group=group, today=today) if group else None
    stops = (
        selectors.route_stops(route=route, group=group, today=today) if route else []
    )
    context = {
        "today": today,
        "group": group,
        "groups": InspectionGroup.objects.all()
        if not policy.actor(request.user).group_id
        else [],
        "route": route,
        "stops": stops,
        "next_stop": selectors.next_stop(stops),
        "categories": ProblemCategory.choices,
        "open_count": selectors.open_problems(request.user).count(),
    }
    response = render(request, "field/today.html", context)
    # The service worker keeps this page for this user only (field/sw.js).
    response["X-Field-User"] = str(request.user.pk or "")
    return response


def service_worker(request):
    """Serve the field service worker from /field/ so that its scope is /field/."""
    path = finders.find("field/sw.js")
    response = FileResponse(open(path, "rb"), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@page_reader_required
def problems_page(request):
    """List the open problems the user deals with, the oldest deadline first."""
    rows = selectors.open_problems(request.user)
    return render(
        request,
        "field/problems.html",
        {"rows": rows, "today": timezone.localdate()},
    )


MAX_PHOTOS = 9


def photo_uploads(request, required: bool = False) -> list:
    """Return the uploaded `photos`, each checked (type, size) before anything is saved."""
    uploads = request.FILES.getlist("photos")
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most 9 photos at once.")})
    if required and not uploads:
        raise ValidationError({"photos": _("Attach a photo.")})
    for upload in uploads:
        photo_read(upload)
        upload.seek(0)
    return uploads


def readable_or_404(user, obj):
    if not policy.can_read(user, obj):
        raise Http404(_("No such row, or you may not see it."))
    return obj


@page_reader_required
@require_http_methods(["GET", "POST"])
def problem_page(request, pk: int):
    """Show one problem with its photos and history; rectify, tick off or send back."""
    problem = (
        Problem.objects.select_related(
            "notice", "notice__village", "notice__village__township", "notice__group"
        )
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        raise Http404(_("No such problem."))
    readable_or_404(request.user, problem)
    errors, stale = {}, False
    if request.method == "POST":
        try:
            with acting(user=request.user, source="web"), transaction.atomic():
                # Lock the row, read it fresh; a page shown before another change of
                # it (its row_version, or If-Match) writes nothing (412).
                if concurrency.stale_lock(request, problem, form=True) is not None:
                    raise ValidationError({"row_version": [concurrency.STALE]})
                problem.refresh_from_db()
                problem_action(request, problem)
        except ValidationError as error:
            errors = getattr(error, "message_dict", {"__all__": error.messages})
        except PermissionDenied as error:
            errors = {"__all__": [str(error)]}
        else:
            return redirect(reverse("inspections:field-problem", args=[problem.pk]))
        problem.refresh_from_db()
        stale = "row_version" in errors
    user = request.user
    context = {
        "problem": problem,
        "photos": selectors.photos_of(problem),
        "history": object_history(problem)[:30],
        "errors": errors,
        "may_rectify": problem.status in ("pending", "in_progress")
        and policy.can_write(user, problem),
        "may_check": problem.status == "awaiting_check"
        and policy.can_write(user, problem)
        and (
            policy.actor(user).superuser or policy.actor(user).roles & services.CHECKERS
        ),
        "sees_gps": sees_photo_gps(user),
        "today": timezone.localdate(),
        "row_version": concurrency.row_tag(problem),
    }
    status = (412 if stale else 400) if errors else 200
    response = render(request, "field/problem.html", context, status=status)
    response["ETag"] = context["row_version"]
    return response


def problem_action(request, problem: Problem) -> None:
    """Carry out the form's action on the problem (rectify, accept, send_back)."""
    action, today = request.POST.get("action"), timezone.localdate()
    if action == "rectify":
        uploads = photo_uploads(request)
        services.problem_rectify(
            problem=problem,
            note=request.POST.get("note", ""),
            on=today,
            user=request.user,
        )
        for upload in uploads:
            services.photo_attach(
                owner=problem, upload=upload, stage=Photo.Stage.AFTER, user=request.user
            )
    elif action in ("accept", "send_back"):
        services.problem_check(
            problem=problem,
            accept=action == "accept",
            reason=request.POST.get("reason", ""),
            on=today,
            user=request.user,
        )
    else:
        raise ValidationError({"action": _("Unknown action.")})


@page_reader_required
@require_http_methods(["GET", "POST"])
def site_page(request, code: str):
    """Show a cleared site's before/after photos; add one."""
    site = ClearedSite.objects.select_related("village").filter(code=code).first()
    if site is None:
        raise Http404(_("No such cleared site."))
    readable_or_404(request.user, site)
    errors = {}
    if request.method == "POST":
        stage = request.POST.get("stage", "")
        try:
            uploads = photo_uploads(request, required=True)
            with acting(user=request.user, source="web"), transaction.atomic():
                for upload in uploads:
                    services.photo_attach(
                        owner=site, upload=upload, stage=stage, user=request.user
                    )
        except ValidationError as error:
            errors = getattr(error, "message_dict", {"__all__": error.messages})
        except PermissionDenied as error:
            errors = {"__all__": [str(error)]}
        else:
            return redirect(reverse("inspections:field-site", args=[site.code]))
    context = {
        "site": site,
        "photos": selectors.photos_of(site),
        "errors": errors,
        "may_add": policy.can_write(request.user, site),
        "sees_gps": sees_photo_gps(request.user),
        "stages": Photo.Stage.choices,
    }
    return render(request, "field/site.html", context, status=400 if errors else 200)
