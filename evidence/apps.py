from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence behind each star")

    def ready(self):
        # The work layers join the one layer catalogue (REST, OGC API, tiles).
        from evidence import catalog  # noqa: F401
        from evidence.importers import register_kind

        register_kind()  # the importer reads `task_value` files too
