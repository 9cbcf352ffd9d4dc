"""What every admin class of the project shares.

- ``AutoDirectionMixin``: every text box gets ``dir="auto"``, so Arabic is typed and shown
  right-to-left and Latin left-to-right, in the same form.
- ``NormalizedSearchMixin``: the changelist search and the autocomplete widgets match the
  normalized keys (``actors.search``), so حفتر, حَفْتَر, Haftar and Hifter find one person.
"""

from django import forms
from django.db import models
from django.db.models import Q

TEXT_WIDGETS = (forms.TextInput, forms.Textarea, forms.URLInput, forms.EmailInput)

SEARCH_HELP = "Any spelling finds the record: Arabic with or without diacritics, Latin transliterations."


class AutoDirectionMixin:
    """Let the browser pick each text box's direction from what is typed in it."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            # Django 6's default; a URL typed without a scheme is read as https.
            kwargs.setdefault("assume_scheme", "https")
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, TEXT_WIDGETS):
            formfield.widget.attrs.setdefault("dir", "auto")
        return formfield


class NormalizedSearchMixin:
    """Search through the normalized keys as well as ``search_fields``.

    Autocomplete widgets call ``get_search_results`` too, so they find Arabic names the same way.
    """

    search_help_text = SEARCH_HELP
    # True where the normalized keys already hold every text of ``search_fields``: the plain
    # search would add nothing but a pass over every row of the table.
    normalized_search_only = False

    def normalized_search(self, queryset, search_term):
        return queryset.search(search_term)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        if self.normalized_search_only:
            return self.normalized_search(queryset, search_term), False
        plain, _ = super().get_search_results(request, queryset, search_term)
        normalized = self.normalized_search(queryset, search_term)
        # Subqueries on the primary key: no join, so no duplicate rows to remove.
        matches = Q(pk__in=plain.values("pk")) | Q(pk__in=normalized.values("pk"))
        return queryset.filter(matches), False
