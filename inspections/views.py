"""Ledger pages, the .xlsx ledger, and the visit coverage feeds."""

from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import policy
from accounts.decorators import page_reader_required
from accounts.middleware import error_response
from inspections import selectors
from inspections.ledger_xlsx import ledger_workbook
from inspections.models import Problem, Visit
from inspections.params import LEDGER, PERIOD, ParamErrors, parse
from layers.models import Township

LEDGER_PAGE_SIZE = 50  # a phone scrolls 50 rows, not the whole county
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reader_of(model):
    """Decorator: answer 401 (anonymous) or 403 (a role that reads no `model` rows: GIS
    readers, public read) as JSON before the view runs."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not policy.read_scope(request.user, model).nothing:
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return error_response(request, 401, _("Log in first."))
            return error_response(request, 403, _("Your role does not read this feed."))

        return wrapped

    return decorator


ledger_reader_required = reader_of(Visit)


def visit_townships(request) -> list[int] | None:
    """Return the township ids whose visits the user reads (None: all)."""
    return policy.readable_township_ids(request.user, Visit)


def bad_params(error: ParamErrors) -> JsonResponse:
    return JsonResponse(
        {"errors": error.errors}, status=400, json_dumps_params={"ensure_ascii": False}
    )


def ledger_rows(request, params: dict):
    """Return the ledger rows the user may read."""
    rows = selectors.problem_ledger(today=timezone.localdate(), **params)
    return policy.readable(request.user, rows)


@page_reader_required
@require_GET
def ledger_page(request):
    """Show the ledger: every notice's problems and their states, filtered."""
    try:
        params = parse(request.GET, LEDGER)
    except ParamErrors as error:
        params, errors = {name: None for name in LEDGER}, error.errors
    else:
        errors = {}
    rows = ledger_rows(request, params)
    counts = dict(
        rows.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    page = Paginator(
        rows.annotate(photo_count=Count("photos")), LEDGER_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": page.object_list,
        "page": page,
        "page_query": query.urlencode(),
        "params": params,
        "errors": errors,
        "query": request.GET.urlencode(),
        "townships": policy.readable(request.user, Township.objects.order_by("code")),
        "groups": selectors.group_list(),
        "statuses": Problem.Status.choices,
        "totals": {label: counts.get(key, 0) for key, label in Problem.Status.choices},
        "overdue_count": rows.filter(is_overdue=True).count(),
    }
    return render(
        request, "inspections/ledger.html", context, status=400 if errors else 200
    )


@page_reader_required
@require_GET
def ledger_xlsx(request):
    """Download the filtered ledger as .xlsx."""
    try:
        params = parse(request.GET, LEDGER)
    except ParamErrors as error:
        return bad_params(error)
    today = timezone.localdate()
    title = _("Rectification ledger (as of %(date)s)") % {"date": today.isoformat()}
    rows = ledger_rows(request, params).annotate(photo_count=Count("photos"))
    response = HttpResponse(
        ledger_workbook(
            rows,
            title=title,
            page_url=lambda problem: request.build_absolute_uri(
                reverse("inspections:field-problem", args=[problem.pk])
            ),
        ),
        content_type=XLSX,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ledger-{today.isoformat()}.xlsx"'
    )
    return response


def period_params(query) -> dict:
    """Return the period filters as selector arguments (raises ParamErrors)."""
    params = parse(query, PERIOD)
    return {
        "date_from": params["from"],
        "date_to": params["to"],
        "township": params["township"],
    }


@ledger_reader_required
@require_GET
def coverage_api(request):
    """Answer the share of villages visited per township in a period, as JSON."""
    try:
        params = period_params(request.GET)
    except ParamErrors as error:
        return bad_params(error)
    rows = selectors.coverage_by_township(**params, townships=visit_townships(request))
    visited, villages = (
        sum(r["visited"] for r in rows),
        sum(r["villages"] for r in rows),
    )
    return JsonResponse(
        {
            "from": params["date_from"],
            "to": params["date_to"],
            "townships": rows,
            "total": {
                "villages": villages,
                "visited": visited,
                "share": round(visited / villages, 4) if villages else None,
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@ledger_reader_required
@require_GET
def unvisited_geojson(request):
    """Answer the villages not visited in a period as a GeoJSON FeatureCollection."""
    try:
        params = period_params(request.GET)
    except ParamErrors as error:
        return bad_params(error)
    text = selectors.unvisited_geojson(**params, townships=visit_townships(request))
    return HttpResponse(text, content_type="application/geo+json")
