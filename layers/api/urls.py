"""Routes of the REST API, the OGC API - Features, vector tiles and the schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from layers.api import coverage_views, tile_views, views

urlpatterns = [
    path("api/townships/", views.townships, name="api-townships"),
    path("api/villages/", views.villages, name="api-villages"),
    path("api/villages/<str:code>/", views.village, name="api-village"),
    path("api/ratings/", views.RatingList.as_view(), name="api-ratings"),
    path("api/ratings/<int:pk>/", views.RatingDetail.as_view(), name="api-rating"),
    path("api/cleared-sites/", views.cleared_sites, name="api-cleared-sites"),
    path("api/cleared-sites/<str:key>/", views.cleared_site, name="api-cleared-site"),
    path("api/eod-projects/", views.EODProjectList.as_view(), name="api-eod-projects"),
    path("api/eod-sites/", views.eod_sites, name="api-eod-sites"),
    path("api/eod-sites/<str:key>/", views.eod_site, name="api-eod-site"),
    path("api/service-centres/", views.service_centres, name="api-service-centres"),
    path(
        "api/service-centres/<int:key>/",
        views.service_centre,
        name="api-service-centre",
    ),
    path("api/pairings/", views.pairings, name="api-pairings"),
    path("api/coverage", coverage_views.Coverage.as_view(), name="api-coverage"),
    path(
        "api/coverage.geojson",
        coverage_views.CoverageGeoJSON.as_view(),
        name="api-coverage-geojson",
    ),
    path(
        "api/coverage.csv",
        coverage_views.CoverageCSV.as_view(),
        name="api-coverage-csv",
    ),
    path(
        "api/coverage.xlsx",
        coverage_views.CoverageXLSX.as_view(),
        name="api-coverage-xlsx",
    ),
    path(
        "tiles/<str:layer>/<int:z>/<int:x>/<int:y>.mvt",
        tile_views.Tile.as_view(),
        name="tile",
    ),
    path("tiles/style.json", tile_views.Style.as_view(), name="tile-style"),
    path("tiles/<str:layer>.json", tile_views.TileJSON.as_view(), name="tilejson"),
    path("tiles/", tile_views.TileSets.as_view(), name="tilesets"),
    path("tiles/<str:layer>/<str:tms>", tile_views.TileSet.as_view(), name="tileset"),
    path(
        "tiles/<str:layer>/<str:tms>/<int:z>/<int:x>/<int:y>.mvt",
        tile_views.TileInSet.as_view(),
        name="tileset-tile",
    ),
    path("", include("layers.api.ogc.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]
