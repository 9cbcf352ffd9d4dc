"""Links to API records, reversed once per request rather than once per record.

A page of 100 events links about a thousand records (each event, its place, participants,
claims and their sources); Django's ``reverse`` for each took a third of the page's time. The
URL of a view is reversed once per request with a placeholder id, then the ids are filled in.
"""

from rest_framework import serializers
from rest_framework.reverse import reverse

PLACEHOLDER = "__id__"


def record_url(view_name, pk, request, format=None):
    """The absolute URL of the record ``pk`` at the detail view ``view_name``."""
    if request is None:
        return reverse(view_name, args=[pk], format=format)
    templates = request.__dict__.setdefault("_record_url_templates", {})
    key = (view_name, format)
    if key not in templates:
        templates[key] = reverse(view_name, kwargs={"pk": PLACEHOLDER}, request=request, format=format)
    return templates[key].replace(PLACEHOLDER, str(pk), 1)


class RecordLinkField(serializers.HyperlinkedIdentityField):
    """DRF's link to the record itself, through ``record_url``."""

    def get_url(self, obj, view_name, request, format):
        if obj.pk is None:
            return None
        return record_url(view_name, obj.pk, request, format)
