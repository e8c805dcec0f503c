"""Routes of the map pages."""

from django.urls import path

from layers import print_views, views

urlpatterns = [
    path("", views.county, name="county"),
    path("county/ranking.xlsx", views.county_ranking_xlsx, name="county-ranking-xlsx"),
    path("county/changes.geojson", views.county_changes, name="county-changes"),
    path("county/print/", print_views.county_print, name="county-print"),
    path(
        "county/villages.<str:fmt>",
        views.villages_download,
        name="county-villages",
    ),
    path(
        "township/<str:code>/villages.<str:fmt>",
        views.villages_download,
        name="township-villages",
    ),
    path(
        "county/print/jobs", print_views.county_print_submit, name="county-print-submit"
    ),
    path(
        "county/print/jobs/<int:pk>/file",
        print_views.county_print_download,
        name="county-print-download",
    ),
    path("township/<str:code>/", views.township, name="township"),
    path("village/<str:code>/", views.village, name="village"),
]
