"""A saved plan as a JSON-ready document: routes with timed stops, unfit stops, links."""

from django.urls import reverse

from routing.models import UnplannedStop
from routing.outputs.common import clock, stop_link
from routing.travel.matrix import travel_note


def route_urls(route) -> dict:
    args = {"pk": route.plan_id, "group": route.group_index, "day": route.day_index}
    return {
        "gpx": reverse("routing:route-gpx", kwargs=args),
        "kml": reverse("routing:route-kml", kwargs=args),
    }


def stop_document(stop) -> dict:
    return {
        "seq": stop.seq,
        "kind": stop.kind,
        "code": stop.code,
        "name": stop.name,
        "township": stop.township_name,
        "lon": round(stop.location.x, 6),
        "lat": round(stop.location.y, 6),
        "priority": stop.priority,
        "reason": stop.reason,
        "arrival": clock(stop.arrival_s),
        "departure": clock(stop.departure_s),
        "amap": stop_link(stop),
    }


def route_document(route) -> dict:
    stops = list(route.stops.all())
    return {
        "group": route.group_index,
        "group_name": route.group_name,
        "day": route.day_index,
        "date": route.date.isoformat(),
        "base": route.base_name,
        "base_lon": round(route.base.x, 6),
        "base_lat": round(route.base.y, 6),
        "leave": clock(route.start_s),
        "back": clock(route.end_s),
        "km": route.km,
        "hours": round(route.hours, 2),
        "travel_hours": round(route.travel_s / 3600, 2),
        "stops": [stop_document(s) for s in stops],
        **route_urls(route),
    }


def unplanned_document(stop) -> dict:
    return {
        "kind": stop.kind,
        "code": stop.code,
        "name": stop.name,
        "township": stop.township_name,
        "priority": stop.priority,
        "reason": stop.reason,
        "reason_text": str(UnplannedStop.Reason(stop.reason).label),
    }


def plan_document(plan) -> dict:
    """Return the plan as JSON-ready data (routes from a prefetched plan)."""
    routes = [route_document(r) for r in plan.routes.all()]
    unplanned = [unplanned_document(u) for u in plan.unplanned.all()]
    planned = sum(len(r["stops"]) for r in routes)
    return {
        "id": plan.pk,
        "title": plan.title,
        "start_date": plan.start_date.isoformat(),
        "days": plan.days,
        "created_at": plan.created_at.isoformat(),
        "travel_mode": plan.travel_mode,
        "travel_note": travel_note(plan.travel_mode),
        "objective": plan.objective,
        "solve_seconds": plan.solve_seconds,
        "summary": {
            "targets": planned + len(unplanned),
            "planned": planned,
            "unplanned": len(unplanned),
            "km": round(sum(r["km"] for r in routes), 1),
            "hours": round(sum(r["hours"] for r in routes), 1),
        },
        "routes": routes,
        "unplanned": unplanned,
        "url": reverse("routing:plan-page", kwargs={"pk": plan.pk}),
        "itinerary": reverse("routing:itinerary", kwargs={"pk": plan.pk}),
    }
