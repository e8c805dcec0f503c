"""The bulletin as PDF: the same sections rendered by WeasyPrint with an embedded CJK font."""

import base64

from django.template.loader import render_to_string

from evidence import bulletin_text as text
from evidence.bulletin import Bulletin


def bulletin_html(bulletin: Bulletin, map_png: bytes) -> str:
    return render_to_string(
        "evidence/bulletin.html",
        {
            "title": text.title(bulletin),
            "summary": text.summary(bulletin),
            "ranking": text.ranking_rows(bulletin),
            "changes": text.star_change_lines(bulletin),
            "overdue": text.overdue_rows(bulletin),
            "coverage": text.coverage_rows(bulletin),
            "map_base64": base64.b64encode(map_png).decode("ascii"),
        },
    )


def bulletin_pdf(bulletin: Bulletin, map_png: bytes) -> bytes:
    """Return the PDF bytes of `bulletin` (fonts subset and embedded by WeasyPrint)."""
    from weasyprint import HTML  # imported here: it loads pango on first use

    return HTML(string=bulletin_html(bulletin, map_png)).write_pdf()
