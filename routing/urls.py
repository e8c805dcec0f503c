"""Route planner pages, API and downloads (included at the site root)."""

app_name = "routing"
urlpatterns = []
