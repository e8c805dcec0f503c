from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("background jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The county map's 打印/导出图片 lives in layers (no apps.py edit there).
        from layers.maps import print_jobs  # noqa: F401 - registers "county_print"
