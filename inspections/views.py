"""Ledger pages, the .xlsx ledger, and the visit coverage feeds."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inspections import selectors
from inspections.ledger_xlsx import ledger_workbook
from inspections.models import Problem
from inspections.params import LEDGER, PERIOD, ParamErrors, parse
from layers.models import Township

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def api_login_required(view):
    """Answer 401 JSON instead of a login redirect for anonymous API calls."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"errors": {"login": _("Log in first.")}}, status=401)
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def bad_params(error: ParamErrors) -> JsonResponse:
    return JsonResponse(
        {"errors": error.errors}, status=400, json_dumps_params={"ensure_ascii": False}
    )


def ledger_rows(params: dict):
    return selectors.problem_ledger(today=timezone.localdate(), **params)


@login_required
@require_GET
def ledger_page(request):
    """Show the ledger: every notice's problems and their states, filtered."""
    try:
        params = parse(request.GET, LEDGER)
    except ParamErrors as error:
        params, errors = {name: None for name in LEDGER}, error.errors
    else:
        errors = {}
    rows = list(ledger_rows(params))
    context = {
        "rows": rows,
        "params": params,
        "errors": errors,
        "query": request.GET.urlencode(),
        "townships": Township.objects.order_by("code"),
        "groups": selectors.group_list(),
        "statuses": Problem.Status.choices,
        "totals": {
            label: sum(1 for r in rows if r.status == key)
            for key, label in Problem.Status.choices
        },
        "overdue_count": sum(1 for r in rows if r.is_overdue),
    }
    return render(
        request, "inspections/ledger.html", context, status=400 if errors else 200
    )


@login_required
@require_GET
def ledger_xlsx(request):
    """Download the filtered ledger as .xlsx."""
    try:
        params = parse(request.GET, LEDGER)
    except ParamErrors as error:
        return bad_params(error)
    today = timezone.localdate()
    title = _("Rectification ledger (as of %(date)s)") % {"date": today.isoformat()}
    response = HttpResponse(
        ledger_workbook(ledger_rows(params), title=title), content_type=XLSX
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


@api_login_required
@require_GET
def coverage_api(request):
    """Answer the share of villages visited per township in a period, as JSON."""
    try:
        params = period_params(request.GET)
    except ParamErrors as error:
        return bad_params(error)
    rows = selectors.coverage_by_township(**params)
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


@api_login_required
@require_GET
def unvisited_geojson(request):
    """Answer the villages not visited in a period as a GeoJSON FeatureCollection."""
    try:
        params = period_params(request.GET)
    except ParamErrors as error:
        return bad_params(error)
    text = selectors.unvisited_geojson(**params)
    return HttpResponse(text, content_type="application/geo+json")
