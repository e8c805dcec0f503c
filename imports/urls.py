"""The browser import: /import/ (upload) and /import/<token>/ (map, dry run, confirm)."""

from django.urls import path

from imports import views

urlpatterns = [
    path("import/", views.upload, name="import"),
    path("import/<str:token>/", views.prepare, name="import-file"),
]
