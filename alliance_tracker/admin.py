"""Site-wide admin set-up, found by the admin's autodiscovery (the project package is an app)."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class RecordAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, letting a model admin word its results (``autocomplete_text``)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        text = getattr(self.model_admin, "autocomplete_text", None)
        return result | {"text": text(obj)} if text else result


def autocomplete_view(request):
    return RecordAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# The site's autocomplete is one view for every model; only admins with autocomplete_text change.
admin.site.autocomplete_view = autocomplete_view
