"""Routes of the evidence app: the API, the pages and the bulletin."""

from django.urls import path, re_path

from evidence import api, views
from evidence.bulletin_views import bulletin
from layers.api.views import feed_list_view

app_name = "evidence"

urlpatterns = [
    # The work layers' REST feeds (layers.catalog): like every layer's.
    path("api/grid-cells/", feed_list_view("grid-cells"), name="api-grid-cells"),
    path("api/village-work/", feed_list_view("village-work"), name="api-village-work"),
    path(
        "api/mediation-centres/",
        feed_list_view("mediation-centres"),
        name="api-mediation-centres",
    ),
    path("api/evidence/tasks/", api.TaskList.as_view(), name="api-tasks"),
    path(
        "api/evidence/villages/<str:code>/", api.VillageCard.as_view(), name="api-card"
    ),
    path(
        "api/evidence/differences/",
        api.DifferenceList.as_view(),
        name="api-differences",
    ),
    path("api/evidence/rollup/", api.Rollup.as_view(), name="api-rollup"),
    path("api/evidence/values/", api.ValueRecord.as_view(), name="api-values"),
    path("evidence/differences/", views.differences_page, name="differences"),
    path("evidence/rollup/", views.rollup_page, name="rollup"),
    path("evidence/rollup.xlsx", views.rollup_xlsx, name="rollup-xlsx"),
    path("evidence/villages/<str:code>/", views.entry_page, name="entry"),
    re_path(
        r"^reports/bulletin/(?P<period>\d{4}-(?:\d{2}|Q\d))\.(?P<fmt>docx|pdf)$",
        bulletin,
        name="bulletin",
    ),
]
