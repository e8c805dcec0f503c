"""The photos of a village in the maps' village card (issue 11: photos shown in the card)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from folium.elements import JSCSSMixin
from folium.template import Template

from layers.maps.plugins import LOCAL, plain


def photo_card_config() -> dict:
    """Return the address of a village's photo list and the card's labels."""
    return {
        "url": reverse("inspections:village-photos", args=["__code__"]),
        "labels": {
            "photos": str(_("Photos")),
            "noPhotos": str(_("No photos yet.")),
            "owners": {
                "problem": str(_("problem")),
                "visit": str(_("visit")),
                "cleared_site": str(_("cleared site")),
            },
        },
    }


class PhotoCardSetup(JSCSSMixin):
    """Load the script that adds a village's photos to its card."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            GP.photoCard = {{ this.config|tojson }};
        {% endmacro %}
        """
    )
    default_js = [("gp_photos", LOCAL)]

    def __init__(self):
        super().__init__()
        self._name = "PhotoCardSetup"
        self.config = plain(photo_card_config())
