from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence behind each star")

    def ready(self):
        from evidence.importers import register_kind

        register_kind()  # the importer reads `task_value` files too
