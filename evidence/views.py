"""The evidence pages: differences for the county office, the roll-up, a cadre's entry page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts import policy
from accounts.decorators import page_reader_required
from evidence import selectors
from evidence.evaluation import village_evaluation
from evidence.models import Task
from evidence.params import answers_bad_params, year_and_township
from evidence.rollup_xlsx import rollup_workbook
from evidence.services import value_record
from layers.models import STAR_FIELDS, Star, StarRating


def years() -> list[int]:
    return sorted(set(StarRating.objects.values_list("year", flat=True)), reverse=True)


@page_reader_required
@answers_bad_params
def differences_page(request):
    year, township = year_and_township(request.GET)
    ratings = selectors.ratings_of(year=year, user=request.user, township=township)
    rows = selectors.difference_list(ratings=ratings)
    return render(
        request,
        "evidence/differences.html",
        {"year": year, "years": years(), "rows": rows},
    )


def rollup_columns() -> list[tuple[str, str]]:
    """Return (key, title) of the roll-up's columns in the active language."""
    columns = [("township_name", _("Township")), ("villages", _("Villages rated"))]
    for star in STAR_FIELDS:
        label = str(Star(star).label)
        columns += [
            (f"{star}_met", _("%(star)s: tasks met") % {"star": label}),
            (f"{star}_held", _("%(star)s: held") % {"star": label}),
        ]
    for level in selectors.LEVELS:
        columns += [
            (f"target_{level}", _("Target, %(n)s stars") % {"n": level}),
            (f"recorded_{level}", _("Recorded, %(n)s stars") % {"n": level}),
            (f"suggested_{level}", _("Suggested, %(n)s stars") % {"n": level}),
        ]
    columns.append(("differences", _("Differences")))
    return columns


@page_reader_required
@answers_bad_params
def rollup_page(request):
    year, _township = year_and_township(request.GET)
    rows = selectors.township_rollup(year=year, user=request.user)
    columns = rollup_columns()
    table = [[row.get(key, "") for key, _title in columns] for row in rows]
    total = selectors.county_total(rows)
    total_row = [
        pgettext("total row", "Whole county")
        if key == "township_name"
        else total.get(key, "")
        for key, _t in columns
    ]
    return render(
        request,
        "evidence/rollup.html",
        {
            "year": year,
            "years": years(),
            "columns": columns,
            "table": table,
            "total": total_row if len(rows) > 1 else None,
        },
    )


@page_reader_required
@answers_bad_params
def rollup_xlsx(request):
    year, _township = year_and_township(request.GET)
    rows = selectors.township_rollup(year=year, user=request.user)
    if len(rows) > 1:
        rows = [
            *rows,
            {
                **selectors.county_total(rows),
                "township_name": pgettext("total row", "Whole county"),
            },
        ]
    response = HttpResponse(
        rollup_workbook(rows, rollup_columns()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="evidence-rollup-{year}.xlsx"'
    )
    return response


@page_reader_required
@answers_bad_params
def entry_page(request, code):
    """Show a village's stars with their tasks; a cadre records values with evidence."""
    year, _township = year_and_township(request.GET)
    rating = get_object_or_404(
        StarRating.objects.select_related("village", "village__township"),
        village__code=code,
        year=year,
    )
    if not policy.can_read(request.user, rating):
        raise Http404
    if request.method == "POST":
        return record_from_form(request, rating)
    result = village_evaluation(rating=rating)
    writable = policy.can_write_in(request.user, rating.village.township_id)
    return render(
        request,
        "evidence/entry.html",
        {
            "rating": rating,
            "year": year,
            "years": years(),
            "result": result,
            "card": selectors.village_json(result),
            "writable": writable,
        },
    )


def record_from_form(request, rating: StarRating):
    code = request.POST.get("task", "")
    task = None if "\x00" in code else Task.objects.filter(code=code).first()
    if task is None:
        return HttpResponse(_("Unknown task."), status=400, content_type="text/plain")
    try:
        value_record(
            user=request.user,
            village=rating.village,
            year=rating.year,
            task=task,
            value=request.POST.get("value"),
            evidence_text=request.POST.get("evidence_text", ""),
            evidence_file=request.FILES.get("evidence_file"),
        )
    except PermissionDenied:
        raise
    except ValidationError as error:
        reasons = "; ".join(
            f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()
        )
        return HttpResponse(
            reasons, status=400, content_type="text/plain; charset=utf-8"
        )
    messages.success(request, _("Recorded: %(task)s") % {"task": task.name})
    url = reverse("evidence:entry", args=[rating.village.code])
    return redirect(f"{url}?year={rating.year}#task-{task.code}")
