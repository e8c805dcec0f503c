"""{% evidence_stars village year %}: a village's stars with their tasks, on any page."""

from django import template

from accounts import policy
from evidence.selectors import village_card
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
