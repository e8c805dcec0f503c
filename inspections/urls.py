"""Inspection pages and feeds (included at the site root)."""

from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("inspections/ledger/", views.ledger_page, name="ledger"),
    path("inspections/ledger.xlsx", views.ledger_xlsx, name="ledger-xlsx"),
    path("api/inspections/coverage", views.coverage_api, name="coverage"),
    path(
        "api/inspections/unvisited.geojson", views.unvisited_geojson, name="unvisited"
    ),
]
