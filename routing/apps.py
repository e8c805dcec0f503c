from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Inspection route planning")

    def ready(self):
        from routing import jobs  # noqa: F401 - registers the "route_plan" job kind
