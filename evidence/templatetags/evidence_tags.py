"""{% evidence_stars village year %}: a village's stars with their tasks, on any page."""

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from accounts import policy
from evidence.selectors import village_card
from history.triggers import COUNTY_TIME_ZONE
from layers.models import StarRating

register = template.Library()


@register.inclusion_tag("evidence/_village_section.html", takes_context=True)
def evidence_stars(context, village, year):
    """Render the star tasks of `village` in `year` when the user may read them."""
    user = context["request"].user
    rating = (
        StarRating.objects.select_related("village", "village__township")
        .filter(village=village, year=year)
        .first()
    )
    if rating is None or not policy.can_read(user, rating):
        return {"card": None}
    return {
        "card": village_card(rating=rating),
        "year": year,
        "code": village.code,
        "writable": policy.can_write_in(user, village.township_id),
    }


def last_month(today: datetime.date) -> str:
    """Return `YYYY-MM` of the month before `today`'s: the latest month a bulletin covers."""
    before = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{before.year}-{before.month:02d}"


@register.inclusion_tag("evidence/_nav.html", takes_context=True)
def evidence_nav(context):
    """Render the county office's evidence links for users who read the whole county."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    if not policy.read_scope(user).everything:
        return {"show": False}
    today = timezone.localtime(timezone.now(), ZoneInfo(COUNTY_TIME_ZONE)).date()
    return {"show": True, "month": last_month(today)}
