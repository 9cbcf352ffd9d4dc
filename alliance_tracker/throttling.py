"""The API's rate limits, which ``settings.REST_FRAMEWORK`` names.

Like ``alliance_tracker.pagination`` this module is imported by DRF while it defines its views:
it must never import ``rest_framework.views`` or anything built on it.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class RatesFromSettingsMixin:
    """Read the rate when a request comes, not at import, so settings overrides take effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(RatesFromSettingsMixin, AnonRateThrottle):
    pass


class UserThrottle(RatesFromSettingsMixin, UserRateThrottle):
    pass
