"""打印/导出图片: the print sheet Chromium opens, the submit that queues a print job and
the download of its file (the job itself: layers/maps/print_jobs.py)."""

from django.core.files.storage import default_storage
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jobs.selectors import job_get, job_readable_by
from layers import exports
from layers.maps import builders, print_jobs, printing, styles
from layers.maps.render import map_parts
from layers.views import county_view, viewer_required


def filter_summary(request) -> str:
    """Return the view's filters in words, for the print sheet's heading."""
    words = []
    stars = dict(styles.star_choices_map())
    if request.GET.get("star") in stars:
        words.append(
            str(_("holding the {star}")).format(star=stars[request.GET["star"]])
        )
    if request.GET.get("missing") in stars:
        words.append(
            str(_("without the {star}")).format(star=stars[request.GET["missing"]])
        )
    level = request.GET.get("level", "")
    if level.isdigit() and int(level) in styles.LEVEL_LABELS:
        words.append(str(styles.LEVEL_LABELS[int(level)]))
    if request.GET.get("weak") == "1":
        words.append(str(_("Weak or lax branches only")))
    if request.GET.get("quasi") == "1":
        words.append(str(_("Quasi-five-star candidates only")))
    return str(pgettext_lazy("list separator", ", ")).join(words)


@viewer_required
def county_print(request):
    """Show the print sheet of the county view given in the query (what Chromium prints)."""
    try:
        wanted = print_jobs.parse(request.GET)
    except print_jobs.BadPrint as bad:
        return JsonResponse({"errors": bad.errors}, status=400)
    place, facts = county_view(request)
    facts.printing = True
    parts = map_parts(builders.county_map(facts, place["totals"]))
    return render(
        request,
        "pages/print.html",
        {
            "map": parts,
            "paper": printing.PAPERS[wanted.paper],
            "year": place["year"],
            "title": _("Neihuang County five-star branches"),
            "today": date_format(timezone.localdate(), "DATE_FORMAT"),
            "filters": filter_summary(request),
        },
    )


@viewer_required
@require_POST
def county_print_submit(request):
    """Queue the print of the county view in the body (paper, as, the view's keys).

    202 with the job (poll /api/jobs/<id>); 400 naming bad parameters, nothing queued.
    """
    if not request.user.is_authenticated:
        return JsonResponse(
            {"errors": {"login": str(_("Sign in to print the map."))}}, status=403
        )
    try:
        wanted = print_jobs.parse(request.POST)
    except print_jobs.BadPrint as bad:
        return JsonResponse({"errors": bad.errors}, status=400)
    job = print_jobs.print_submit(
        request=wanted,
        user=request.user,
        origin=request.build_absolute_uri("/"),
        language=get_language(),
    )
    status_url = reverse("jobs:status", args=[job.pk])
    response = JsonResponse(
        {"id": job.pk, "status_url": status_url, "duplicate": job.duplicate},
        status=202,
    )
    response["Location"] = status_url
    return response


@viewer_required
def county_print_download(request, pk: int):
    """Hand over a finished print to those who may read its job (404 to anyone else)."""
    job = job_get(pk=pk)
    if (
        job is None
        or job.kind != print_jobs.KIND
        or not job_readable_by(request.user, job)
    ):
        raise Http404
    if job.status != "done":
        reason = job.error or str(_("The print is not finished yet."))
        return JsonResponse({"errors": {"job": reason}}, status=409)
    try:
        with default_storage.open(job.result["file"], "rb") as stored:
            body = stored.read()
    except FileNotFoundError:
        raise Http404 from None
    fmt = job.result["format"]
    response = exports.attachment(body, printing.FORMATS[fmt], job.result["name"])
    response["Cache-Control"] = "private, no-store"
    response["X-County-In-Frame"] = "yes" if job.result["county_in_frame"] else "no"
    return response
