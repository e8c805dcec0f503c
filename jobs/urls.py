from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("api/jobs/<int:pk>", views.job_status_api, name="status"),
]
