"""Who may use the browser import: county administrators, township cadres, superusers."""

from accounts import policy
from accounts.roles import Role

IMPORT_ROLES = {Role.COUNTY_ADMIN, Role.TOWNSHIP_CADRE}


def may_import(user) -> bool:
    """Return whether `user` may open /import/ (signed in, with an importing role)."""
    who = policy.actor(user)
    return bool(who.authenticated and (who.superuser or who.roles & IMPORT_ROLES))
