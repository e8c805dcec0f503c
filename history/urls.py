"""Routes of the audit trail (included at the site root)."""

from django.urls import path

from history import api

urlpatterns = [
    path("api/history/", api.HistoryList.as_view(), name="api-history"),
]
