"""Test routes: a plain view and a DRF rating view guarded by the policy, then the site."""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework import serializers
from rest_framework.generics import RetrieveUpdateAPIView

from accounts.decorators import feed_reader_required, page_reader_required
from accounts.drf import RolePermission, ScopedQuerysetMixin
from layers.models import StarRating


def whoami(request):
    user = request.user.get_username() if request.user.is_authenticated else None
    return JsonResponse({"user": user, "method": request.method})


class RatingNote(serializers.ModelSerializer):
    class Meta:
        model = StarRating
        fields = ["id", "year", "note"]


class RatingView(ScopedQuerysetMixin, RetrieveUpdateAPIView):
    queryset = StarRating.objects.all()
    serializer_class = RatingNote
    permission_classes = [RolePermission]


urlpatterns = [
    path("t/whoami", whoami),
    path("t/page", page_reader_required(whoami)),
    path("t/feed", feed_reader_required(whoami)),
    path("t/ratings/<int:pk>", RatingView.as_view()),
    path("", include("geoportal.urls")),
]
