"""What every admin class of the project shares.

- ``AutoDirectionMixin``: every text box gets ``dir="auto"``, so Arabic is typed and shown
  right-to-left and Latin left-to-right, in the same form.
- ``NormalizedSearchMixin``: the changelist search and the autocomplete widgets match the
  normalized keys (``actors.search``), so حفتر, حَفْتَر, Haftar and Hifter find one person.
- ``HistoryAdmin`` and ``CheckedAutocompleteMixin``: a bad id in a URL or a posted form is a
  404 or a form error, never a 500.
- ``DuplicateWarningForm``, ``MarkedDuplicateFilter`` and ``MergeAdminMixin``: actors, places
  and sources warn of likely duplicates on save, editors mark them, reviewers merge them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from simple_history.admin import SimpleHistoryAdmin

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


def is_valid_value(field, value):
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class KnownValuesAutocompleteMixin:
    """Leave out of the redisplayed form a posted value that cannot be an id (``place=abc``).

    Django looks the selected values up to label them, and a value of the wrong type raised
    there: a 500 where the form already says "Select a valid choice".
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        return super().optgroups(name, [item for item in value if is_valid_value(target, item)], attr)


class CheckedAutocompleteSelect(KnownValuesAutocompleteMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(KnownValuesAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class CheckedAutocompleteMixin:
    """Autocomplete widgets that redisplay a bad posted value as an error, not a crash."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HistoryAdmin(CheckedAutocompleteMixin, SimpleHistoryAdmin):
    """The history pages answer 404 to an id that is not one of the record's versions.

    django-simple-history passes the ids from the URL to the database as they are, and a
    non-numeric one raised there (a 500).
    """

    def history_is_addressable(self, object_id, version_id=None):
        history_model = self.model.history.model
        if not is_valid_value(self.model._meta.pk, unquote(object_id)):
            return False
        return version_id is None or is_valid_value(history_model._meta.pk, version_id)

    def history_view(self, request, object_id, extra_context=None):
        if not self.history_is_addressable(object_id):
            raise Http404(f"No {self.model._meta.verbose_name} with the id {object_id!r}.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.history_is_addressable(object_id, version_id):
            raise Http404(f"No version {version_id!r} of this {self.model._meta.verbose_name}.")
        return super().history_form_view(request, object_id, version_id, extra_context)


def posted_inline_names(data, prefix="names"):
    """The names typed in a names inline, read from the POST before the formset validates."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return []
    names = []
    for index in range(min(total, 1000)):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        name = (data.get(f"{prefix}-{index}-name") or "").strip()
        if name:
            names.append(name)
    return names


class DuplicateWarningForm(forms.ModelForm):
    """A record warns of likely duplicates before it is saved (actors, places, sources).

    By default the record has names: the model's queryset answers
    ``likely_duplicates(names, exclude=pk)`` (same search or sound key), the names being the
    record's own and those typed in its ``names`` inline. A form for another kind of record
    overrides ``find_duplicates``. A warning, never a block: the editor ticks "save anyway",
    which appears with the warning, or marks the record as a duplicate (``duplicate_of``).
    """

    not_a_duplicate = forms.BooleanField(
        label="This is not a duplicate: save anyway", required=False, widget=forms.HiddenInput
    )
    advice = "Open it to check, mark this one as a duplicate of it, or tick “This is not a duplicate: save anyway”."
    duplicate_ordering = ("name", "pk")

    def settled(self, cleaned):
        """Whether the editor already said what this record is, so there is nothing to warn of.

        A record marked as a duplicate waits for a reviewer to merge it.
        """
        return bool(cleaned.get("not_a_duplicate")) or bool(cleaned.get("duplicate_of"))

    def clean_duplicate_of(self):
        """A mark a reviewer could act on: not the record itself, nor one already merged away."""
        original = self.cleaned_data.get("duplicate_of")
        if original is None:
            return original
        noun = self._meta.model._meta.verbose_name
        if self.instance.pk and original.pk == self.instance.pk:
            raise ValidationError(f"A {noun} cannot be a duplicate of itself.")
        if original.merged_into_id:
            survivor = original.final_survivor
            raise ValidationError(
                f"“{original}” was merged into “{survivor}”: mark this {noun} a duplicate of that one."
            )
        return original

    def clean(self):
        cleaned = super().clean()
        if not self.is_bound or self.settled(cleaned):
            return cleaned
        candidates = self.find_duplicates(cleaned)
        if self.instance.pk:
            # Those already marked as the same record were settled: the reviewer merges them.
            candidates = candidates.exclude(duplicate_of=self.instance.pk)
        duplicates = list(candidates.order_by(*self.duplicate_ordering)[:10])
        if duplicates:
            opts = self._meta.model._meta
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
                        self.duplicate_label(record),
                    )
                    for record in duplicates
                ),
            )
            self.fields["not_a_duplicate"].widget = forms.CheckboxInput()
            self.add_error(
                None,
                format_html(
                    "This {} may already be recorded as {}. {}", opts.verbose_name, links, self.advice
                ),
            )
        return cleaned

    def find_duplicates(self, cleaned):
        """The records this one is likely to duplicate, as the model's queryset finds them."""
        names = [cleaned.get("name") or "", *posted_inline_names(self.data)]
        return self.likely_duplicates(names)

    def likely_duplicates(self, names):
        return self._meta.model.objects.likely_duplicates(names, exclude=self.instance.pk)

    def duplicate_label(self, record):
        return record.name


class MarkedDuplicateFilter(admin.SimpleListFilter):
    """Records an editor marked as a duplicate, for a reviewer to merge; and those merged."""

    title = "marked as duplicate"
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("marked", "Marked, to merge"), ("merged", "Merged"), ("no", "Not marked")]

    def queryset(self, request, queryset):
        if self.value() == "marked":
            return queryset.filter(duplicate_of__isnull=False, merged_into__isnull=True)
        if self.value() == "merged":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "no":
            return queryset.filter(duplicate_of__isnull=True)
        return queryset


# The events app owns what refers to actors, places and sources, so it owns the merge; named,
# not imported, since the actors app and this module do not depend on the events app.
MERGE_SERVICE = "events.merging.merge_records"
MERGE_REFUSED = "events.merging.MergeRefused"


class MergeAdminMixin:
    """The reviewer's action that merges each selected record into the one it is marked a duplicate of.

    Offered to those with the model's ``merge_<model>`` permission. A refusal (into itself,
    already merged, into a merged record, or what the kind forbids) is a message naming the
    record, and leaves it as it was; the other selected records are still merged. Merged
    records are no longer offered by autocompletes: their survivors are.
    """

    def has_merge_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.merge_{opts.model_name}")

    @admin.action(
        description="Merge into the %(verbose_name)s each is marked a duplicate of", permissions=["merge"]
    )
    def merge_into_marked(self, request, queryset):
        merge, refused = import_string(MERGE_SERVICE), import_string(MERGE_REFUSED)
        noun = self.model._meta.verbose_name
        for duplicate in queryset.select_related("duplicate_of"):
            if duplicate.duplicate_of is None:
                self.message_user(
                    request,
                    f"“{duplicate}” is not marked as a duplicate of another {noun}: nothing merged.",
                    messages.ERROR,
                )
                continue
            try:
                survivor = merge(duplicate, duplicate.duplicate_of, user=request.user)
            except refused as refusal:
                self.message_user(request, f"“{duplicate}” not merged: {refusal}", messages.ERROR)
            else:
                self.message_user(request, f"Merged “{duplicate}” into “{survivor}”.", messages.SUCCESS)

    @admin.display(description="merged into")
    def merged(self, record):
        if not record.merged_into_id:
            return "—"
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.merged_into_id])
        return format_html('<a href="{}">{}</a> on {}', url, record.merged_into, record.merged_at)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            # A merged record is never chosen again: its survivor is.
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, may_have_duplicates
