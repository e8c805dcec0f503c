"""Routes of the OGC API - Features under /ogc/."""

from django.urls import path

from layers.api.ogc import views

urlpatterns = [
    path("ogc/", views.landing, name="ogc-landing"),
    path("ogc/conformance", views.conformance, name="ogc-conformance"),
    path("ogc/api", views.api, name="ogc-api"),
    path("ogc/collections", views.collections, name="ogc-collections"),
    path(
        "ogc/collections/<str:collection_id>", views.collection, name="ogc-collection"
    ),
    path("ogc/collections/<str:collection_id>/items", views.items, name="ogc-items"),
    path(
        "ogc/collections/<str:collection_id>/items/<str:feature_id>",
        views.item,
        name="ogc-item",
    ),
    path(
        "ogc/collections/<str:collection_id>/queryables",
        views.queryables,
        name="ogc-queryables",
    ),
    path(
        "ogc/collections/<str:collection_id>/sortables",
        views.sortables,
        name="ogc-sortables",
    ),
    path("ogc/collections/<str:collection_id>/schema", views.schema, name="ogc-schema"),
    path("ogc/<path:rest>", views.not_found, name="ogc-not-found"),
]
