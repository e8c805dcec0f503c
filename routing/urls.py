"""Route planner pages, API and downloads (included at the site root)."""

from django.urls import path

from routing import api, views

app_name = "routing"
urlpatterns = [
    path("api/routes/plan", api.plan_create_api, name="api-plan"),
    path("api/routes/plans/<int:pk>", api.plan_detail_api, name="api-plan-detail"),
    path("routes/", views.planner_page, name="planner"),
    path("routes/plans/<int:pk>/", views.plan_page, name="plan-page"),
    path("routes/jobs/<int:pk>/", views.plan_job_page, name="plan-job"),
    path("routes/plans/<int:pk>/print/", views.itinerary_page, name="itinerary"),
    path(
        "routes/plans/<int:pk>/group/<int:group>/day/<int:day>.gpx",
        views.route_download,
        {"fmt": "gpx"},
        name="route-gpx",
    ),
    path(
        "routes/plans/<int:pk>/group/<int:group>/day/<int:day>.kml",
        views.route_download,
        {"fmt": "kml"},
        name="route-kml",
    ),
]
