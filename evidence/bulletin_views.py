"""GET /reports/bulletin/YYYY-MM.docx|.pdf and YYYY-Qn.docx|.pdf."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from accounts import policy
from accounts.decorators import page_reader_required
from accounts.middleware import error_response
from evidence.bulletin import bulletin_for
from evidence.bulletin_docx import bulletin_docx
from evidence.bulletin_map import county_map_png
from evidence.bulletin_pdf import bulletin_pdf
from evidence.bulletin_text import title

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@page_reader_required
def bulletin(request, period: str, fmt: str):
    """Answer the county bulletin of a month or quarter; county-wide readers only."""
    if not policy.read_scope(request.user).everything:
        return error_response(request, 403, _("The bulletin covers the whole county."))
    try:
        found = bulletin_for(period)
    except ValueError:
        return error_response(
            request, 400, _("The period must be YYYY-MM or YYYY-Qn (n from 1 to 4).")
        )
    picture = county_map_png(found.levels, title(found))
    body = (bulletin_docx if fmt == "docx" else bulletin_pdf)(found, picture)
    response = HttpResponse(body, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bulletin-{period}.{fmt}"'
    return response
