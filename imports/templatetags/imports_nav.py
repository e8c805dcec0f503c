"""The top bar's link to /import/, shown only to the roles that may import."""

from django import template

from imports.access import may_import as _may_import

register = template.Library()


@register.filter
def may_import(user) -> bool:
    """Return whether `user` may import files (``{% if user|may_import %}``)."""
    return _may_import(user)
