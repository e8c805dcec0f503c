"""Inspection pages and feeds (included at the site root)."""

from django.urls import path

from inspections import field_api, field_views, photo_views, views

app_name = "inspections"
urlpatterns = [
    path("inspections/ledger/", views.ledger_page, name="ledger"),
    path("inspections/ledger.xlsx", views.ledger_xlsx, name="ledger-xlsx"),
    path("api/inspections/coverage", views.coverage_api, name="coverage"),
    path(
        "api/inspections/unvisited.geojson", views.unvisited_geojson, name="unvisited"
    ),
    # The field pages (phones) and the JSON their send queue posts to.
    path("field/", field_views.today_page, name="field"),
    path("field/sw.js", field_views.service_worker, name="field-sw"),
    path("field/problems/", field_views.problems_page, name="field-problems"),
    path("field/problems/<int:pk>/", field_views.problem_page, name="field-problem"),
    path("field/sites/<str:code>/", field_views.site_page, name="field-site"),
    path("api/field/visits", field_api.check_in, name="field-check-in"),
    path(
        "api/field/visits/<uuid:client_id>/done",
        field_api.finish,
        name="field-finish",
    ),
    path("api/field/problems", field_api.record_problem, name="field-problem-api"),
    path("api/field/photos", field_api.upload_photo, name="field-photo-api"),
    path(
        "api/villages/<str:code>/photos",
        photo_views.village_photos,
        name="village-photos",
    ),
    path("photos/<uuid:client_id>.jpg", photo_views.photo_file, name="photo"),
    path(
        "photos/<uuid:client_id>/thumb.jpg",
        photo_views.photo_file,
        {"size": "thumb"},
        name="photo-thumb",
    ),
]
