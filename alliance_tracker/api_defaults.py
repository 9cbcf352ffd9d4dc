"""Classes that ``settings.REST_FRAMEWORK`` names for the API: paging and throttling.

They live apart from ``alliance_tracker.api`` because DRF imports them while defining its own
view classes; this module must therefore never import ``rest_framework.views`` or anything
built on it (viewsets, generics), or the import goes round in a circle.
"""

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
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


# ---------------------------------------------------------------------------- pagination


class Pagination(PageNumberPagination):
    """Pages of ``page_size`` records (default 50, at most 500); a bad page or size is a 400."""

    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        return self._whole_number(raw, self.page_size_query_param, maximum=self.max_page_size)

    def validate(self, request):
        """Reject a malformed page or page size, even where no page is cut (a CSV export)."""
        raw = request.query_params.get(self.page_query_param)
        if raw:
            self._whole_number(raw, self.page_query_param)
        self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        self.validate(request)
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            # DRF answers 404 for a page past the end; it is a bad parameter, not a missing record.
            raise exceptions.ValidationError({self.page_query_param: ["This page does not exist."]}) from None

    @staticmethod
    def _whole_number(raw, name, maximum=None):
        message = f"Give a whole number from 1 to {maximum}." if maximum else "Give a whole number from 1."
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise exceptions.ValidationError({name: [message]})
        value = int(raw)
        if value < 1 or (maximum is not None and value > maximum):
            raise exceptions.ValidationError({name: [message]})
        return value

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
