"""Routes of the evidence app."""

urlpatterns = []
