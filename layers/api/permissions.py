"""Who may write through the API: the one place to change when roles arrive (issue 6)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


def can_edit_layers(user) -> bool:
    """Say whether `user` may create and change features."""
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


class ReadOrEditLayers(BasePermission):
    """Anyone reads; only layer editors write."""

    message = "Only staff may change layers."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_edit_layers(request.user)
