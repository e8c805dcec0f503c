"""DRF request throttling with rates read from settings on each request.

DRF binds THROTTLE_RATES when its module is imported; reading the rate per request lets
the environment (GEOPORTAL_THROTTLE_ANON / _USER) and tests change it. An empty rate or
"off" turns a throttle off. Counts live in the default cache (per process unless CACHES
names a shared one).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def rate(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value.lower() in {"", "off", "none"} else value


class AnonThrottle(AnonRateThrottle):
    """Anonymous clients, per address: GEOPORTAL_THROTTLE_ANON (e.g. 600/minute)."""

    def get_rate(self):
        return rate(settings.GEOPORTAL_THROTTLE_ANON)


class UserThrottle(UserRateThrottle):
    """Signed-in users and tokens, per user: GEOPORTAL_THROTTLE_USER (generous)."""

    def get_rate(self):
        return rate(settings.GEOPORTAL_THROTTLE_USER)
