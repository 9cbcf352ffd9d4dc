"""What every admin class of the project shares.

- ``AutoDirectionMixin``: every text box gets ``dir="auto"``, so Arabic is typed and shown
  right-to-left and Latin left-to-right, in the same form.
- ``NormalizedSearchMixin``: the changelist search and the autocomplete widgets match the
  normalized keys (``actors.search``), so حفتر, حَفْتَر, Haftar and Hifter find one person.
- ``HistoryAdmin`` and ``CheckedAutocompleteMixin``: a bad id in a URL or a posted form is a
  404 or a form error, never a 500.
- ``StaleEditMixin`` (in ``HistoryAdmin``): a save from a page opened before someone else saved
  the record is refused, with what the editor typed still in the form.
- ``DuplicateWarningForm``, ``MarkedDuplicateFilter`` and ``MergeAdminMixin``: actors, places
  and sources warn of likely duplicates on save, editors mark them, reviewers merge them.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
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
    """Whether ``value`` can be looked up as ``field``: of its type, and within the range the
    database holds (an id of 20 digits crashed the lookup that labels the selected values)."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class KnownValuesAutocompleteMixin:
    """Leave out of the redisplayed form a posted value that cannot be an id (``place=abc``).

    Django looks the selected values up to label them, and a value of the wrong type or out of
    the id's range raised there: a 500 where the form already says "Select a valid choice".
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


# The form fields of the check; the first two are hidden, the box shows with the warning.
STALE_EDIT_FIELDS = ("opened_version", "warned_version", "save_over_newer")
SAVE_OVER_LABEL = "Save over the newer version"
# A token the page could have been given is short and printable; anything else is a hand-made
# POST, refused as stale and not written back into the page.
LONGEST_VERSION = 100


def is_plausible_version(value):
    return isinstance(value, str) and len(value) <= LONGEST_VERSION and value.isprintable()


class StaleEditForm(forms.ModelForm):
    """A change form that refuses a save from a page opened before the record last changed.

    ``opened_version`` carries the record's version as the page was shown. When it is not the
    version now, the form is refused and redisplayed with what was typed, so nothing is lost; the
    hidden version stays the old one, so pressing Save again does not overwrite either. Only
    ticking ``save_over_newer``, which appears with the warning, saves over the newer version:
    the version the warning named (``warned_version``), not one saved after it.

    The admin sets ``record_version`` (the version now, read from the database),
    ``lock_record`` and ``newer_version_warning`` on the form class it builds for each request.
    """

    opened_version = forms.Field(required=False, widget=forms.HiddenInput)
    warned_version = forms.Field(required=False, widget=forms.HiddenInput)
    save_over_newer = forms.BooleanField(label=SAVE_OVER_LABEL, required=False, widget=forms.HiddenInput)

    record_version = staticmethod(lambda: "")
    lock_record = staticmethod(lambda: None)
    newer_version_warning = staticmethod(lambda: "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # Before the version is read: a save posted at the same moment waits for this one.
            self.lock_record()
        self.version_now = self.record_version()
        self.fields["opened_version"].initial = self.version_now

    @cached_property
    def changed_data(self):
        # The versions say nothing about the record; a save over a newer one is kept in the log.
        return [name for name in super().changed_data if name not in ("opened_version", "warned_version")]

    def clean(self):
        cleaned = super().clean()
        if not self.is_bound or not self.version_now or cleaned.get("opened_version") == self.version_now:
            return cleaned
        self.fields["save_over_newer"].widget = forms.CheckboxInput()
        if cleaned.get("save_over_newer") and cleaned.get("warned_version") == self.version_now:
            return cleaned
        # Redisplayed: the version the warning names, the box unticked (a version saved after
        # a first warning is warned of again), and a token the page never held left out.
        self.data = self.data.copy()
        self.data["warned_version"] = self.version_now
        self.data.pop("save_over_newer", None)
        if not is_plausible_version(cleaned.get("opened_version")):
            self.data["opened_version"] = ""
        self.add_error(None, self.newer_version_warning())
        return cleaned


class StaleEditMixin:
    """Two editors saving the same record from pages opened before either save: the second is told.

    Optimistic locking: every change form of an existing record (and the history's revert form)
    carries the record's version as it was shown, and ``StaleEditForm`` refuses a save whose
    version is no longer the record's. Nothing is checked on the add page.
    """

    def edit_version(self, request, obj) -> str:
        """The record's version now, as a short string; empty when there is nothing to compare.

        Read from the database, never from ``obj``, which may hold posted values or (on the
        revert page) an old version. The one definition of the version: an admin whose records
        change in other ways overrides this. By default the record's ``updated_at``, which
        moves on every save, and for events and ties also when one of their claims (or an
        event's participants) changes on another page (``events.signals``); without it, the
        latest history row's id.
        """
        model = self.model
        field_names = {field.name for field in model._meta.concrete_fields}
        if "updated_at" in field_names:
            updated_at = model._base_manager.filter(pk=obj.pk).values_list("updated_at", flat=True).first()
            return updated_at.isoformat() if updated_at else ""
        history = getattr(model, "history", None)
        if history is None:
            return ""
        latest = (
            history.filter(**{model._meta.pk.attname: obj.pk})
            .order_by("-history_id")
            .values_list("history_id", flat=True)
            .first()
        )
        return "" if latest is None else str(latest)

    def lock_for_edit(self, request, obj):
        """Hold the record's row until this save commits, where the database can (PostgreSQL).

        Without it, two saves posted at the same moment could both find the version they
        opened and both be written. SQLite writes one transaction at a time anyway.
        """
        using = router.db_for_write(self.model)
        connection = transaction.get_connection(using)
        if connection.features.has_select_for_update and connection.in_atomic_block:
            list(
                self.model._base_manager.using(using).select_for_update().filter(pk=obj.pk).values_list("pk")
            )

    def newer_version_warning(self, request, obj):
        """The form error: changed since opened, by whom and when if the history knows."""
        opts = self.model._meta
        latest = None
        history = getattr(self.model, "history", None)
        if history is not None:
            from events.history import edits

            latest = (
                edits(self.model).filter(**{opts.pk.attname: obj.pk}).select_related("history_user").first()
            )
        who = ""
        if latest is not None:
            when = date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
            user = latest.history_user
            by = f"by {user.get_username()}, " if user else ""
            who = f" (the latest change in its history: {by}{when})"
        site = self.admin_site.name
        change_url = reverse(f"{site}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        history_url = reverse(f"{site}:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)])
        return format_html(
            "This {} was changed since you opened it{}. Nothing was saved. Open "
            '<a href="{}" target="_blank" rel="noopener">the current version</a> in a new tab '
            '(or <a href="{}" target="_blank" rel="noopener">its history</a>) to see what changed, '
            "and copy what you typed below into it; or tick “{}” to save this page as it is.",
            opts.verbose_name,
            who,
            change_url,
            history_url,
            SAVE_OVER_LABEL,
        )

    def checks_stale_edits(self, request, obj):
        # No record yet (the add page, "save as new"), or a page that only shows the record.
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.checks_stale_edits(request, obj):
            return fieldsets
        shown = {
            name
            for _, options in fieldsets
            for line in options["fields"]
            for name in (line if isinstance(line, list | tuple) else [line])
        }
        missing = [name for name in STALE_EDIT_FIELDS if name not in shown]
        if not missing:
            return fieldsets
        # At the end of the first fieldset: hidden until the warning shows the box.
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], *missing]}), *others]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.checks_stale_edits(request, obj):
            base = kwargs.get("form", self.form)
            # As ModelAdmin.get_form does for the form it builds: declared fields shown read-only
            # are not form fields.
            readonly = dict.fromkeys(
                name for name in self.get_readonly_fields(request, obj) if name in base.declared_fields
            )
            kwargs["form"] = type(
                base.__name__,
                (StaleEditForm, base),
                {
                    **readonly,
                    "record_version": staticmethod(partial(self.edit_version, request, obj)),
                    "lock_record": staticmethod(partial(self.lock_for_edit, request, obj)),
                    "newer_version_warning": staticmethod(partial(self.newer_version_warning, request, obj)),
                },
            )
        return super().get_form(request, obj, change, **kwargs)


class HistoryAdmin(StaleEditMixin, CheckedAutocompleteMixin, SimpleHistoryAdmin):
    """The history pages answer 404 to an id that is not one of the record's versions.

    django-simple-history passes the ids from the URL to the database as they are, and a
    non-numeric one raised there (a 500). Its revert form is one transaction, as the change
    form is, so that the stale-edit check holds the record until the revert is saved.
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
        with transaction.atomic(using=router.db_for_write(self.model)):
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
