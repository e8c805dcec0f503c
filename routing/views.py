"""Planner pages and downloads: plan form, plan review map, printable itinerary, GPX/KML."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import policy
from accounts.decorators import page_reader_required
from inspections.models import InspectionGroup
from jobs.models import Status
from jobs.selectors import job_get, job_readable_by, job_status
from layers.models import Township
from layers.views import map_facts
from routing import selectors
from routing.documents import plan_document
from routing.forms import form_request
from routing.jobs import KIND, plan_submit
from routing.maps import colour, plan_map, planner_map
from routing.outputs.common import file_name
from routing.outputs.gpx import route_gpx
from routing.outputs.kml import route_kml
from routing.pages import day_svg, route_lines, unplanned_summary
from routing.request import RequestErrors
from routing.travel.matrix import travel_note

KML_TYPE = "application/vnd.google-earth.kml+xml; charset=utf-8"
GPX_TYPE = "application/gpx+xml; charset=utf-8"


@page_reader_required
def planner_page(request):
    """Show the planner: choose targets by rule or on the map; POST queues the plan.

    The plan is made by the job worker; the browser goes to the job's progress page.
    """
    errors, values = {}, request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            job = plan_submit(data=form_request(request.POST), user=request.user)
        except RequestErrors as error:
            errors = error.errors
        except PermissionDenied as error:
            errors = {"role": str(error)}
        else:
            return redirect("routing:plan-job", pk=job.pk)
    since = timezone.localdate().replace(month=1, day=1)
    candidates = reverse("inspections:unvisited") + f"?from={since.isoformat()}"
    context = {
        "map": planner_map(map_facts({}, None), candidates, "gp-villages"),
        "errors": errors,
        "values": values,
        "since": since,
        "today": timezone.localdate(),
        "plans": policy.plans_readable(request.user, selectors.plan_list(limit=None))[
            :10
        ],
        "townships": Township.objects.order_by("code"),
        "groups": InspectionGroup.objects.order_by("id"),
    }
    return render(
        request, "routing/planner.html", context, status=400 if errors else 200
    )


@page_reader_required
@require_GET
def plan_job_page(request, pk: int):
    """Show a queued plan's progress (stage, best priority so far, time left), then it."""
    job = job_get(pk=pk)
    if job is None or job.kind != KIND or not job_readable_by(request.user, job):
        raise Http404("no such plan job")
    if job.status == Status.DONE and job.result and request.GET.get("stay") is None:
        return redirect(job.result["url"])
    return render(
        request,
        "routing/plan_job.html",
        {
            "job": job,
            "status": job_status(job),
            "status_url": reverse("jobs:status", args=[job.pk]),
        },
    )


def plan_or_404(pk: int, user):
    plan = selectors.plan_get(pk=pk)
    if plan is None or not policy.plan_readable_by(user, plan):
        raise Http404("no such plan")
    return plan


@page_reader_required
@require_GET
def plan_page(request, pk: int):
    """Show a saved plan: routes on the map, each day's stops, downloads."""
    plan = plan_or_404(pk, request.user)
    document = plan_document(plan)
    features = json.loads(selectors.plan_geojson(plan_id=plan.pk))
    parts = plan_map(
        map_facts({}, None),
        document,
        features,
        outlines=selectors.township_lines(),
        select_id="gp-day-select",
    )
    context = {
        "plan": plan,
        "doc": document,
        "map": parts,
        "unplanned_summary": unplanned_summary(document["unplanned"]),
        "day_numbers": sorted({r["day"] for r in document["routes"]}),
    }
    return render(request, "routing/plan.html", context)


@page_reader_required
@require_GET
def itinerary_page(request, pk: int):
    """Show the printable itinerary (行程单) of every group and day."""
    plan = plan_or_404(pk, request.user)
    document = plan_document(plan)
    lines = route_lines(json.loads(selectors.plan_geojson(plan_id=plan.pk)))
    outlines = selectors.township_lines(tolerance=0.002)
    for route in document["routes"]:
        if route["stops"]:
            route["svg"] = day_svg(
                route,
                lines.get((route["group"], route["day"])),
                outlines,
                colour(route["group"]),
            )
    return render(request, "routing/itinerary.html", {"plan": plan, "doc": document})


def route_or_404(pk: int, group: int, day: int, user):
    route = selectors.plan_route(plan_id=pk, group=group, day=day)
    if route is None or not policy.plan_readable_by(user, route.plan):
        raise Http404("no such route")
    return route


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


WRITERS = {"gpx": (route_gpx, GPX_TYPE), "kml": (route_kml, KML_TYPE)}


@page_reader_required
@require_GET
def route_download(request, pk: int, group: int, day: int, fmt: str):
    """Download one group-day route as GPX 1.1 or KML."""
    route = route_or_404(pk, group, day, request.user)
    writer, content_type = WRITERS[fmt]
    return download(
        writer(route, travel_note(route.plan.travel_mode)),
        content_type,
        file_name(route, fmt),
    )
