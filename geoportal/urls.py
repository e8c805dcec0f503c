"""Top-level routes."""

from django.contrib import admin
from django.urls import include, path

from geoportal.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("layers.api.urls")),
    path("", include("layers.urls")),
    path("", include("inspections.urls")),
    path("", include("routing.urls")),
    path("", include("jobs.urls")),
    path("", include("history.urls")),
    path("", include("wms.urls")),
    path("", include("evidence.urls")),
    path("", include("imports.urls")),
]
