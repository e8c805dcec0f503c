"""The browser import: /import/ (upload), /import/<token>/ (map, dry run, confirm) and
/import/job/<id>/ (a large file's background import)."""

from django.urls import path

from imports import views

urlpatterns = [
    path("import/", views.upload, name="import"),
    path("import/job/<int:pk>/", views.job_page, name="import-job"),
    path("import/<str:token>/", views.prepare, name="import-file"),
]
