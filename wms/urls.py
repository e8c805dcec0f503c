from django.urls import path

from wms.views import wms

urlpatterns = [path("wms", wms, name="wms")]
