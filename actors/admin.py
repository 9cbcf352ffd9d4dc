"""Admin for actors, and the two habits every admin class of the project shares.

- ``AutoDirectionMixin``: every text box gets ``dir="auto"``, so Arabic is typed and shown
  right-to-left and Latin left-to-right, in the same form.
- ``NormalizedSearchMixin``: the changelist search and the autocomplete widgets match the
  normalized keys (``actors.search``), so حفتر, حَفْتَر, Haftar and Hifter find one person.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from actors.models import Actor, ActorName
from alliance_tracker.paginator import LargeListAdminMixin

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


class ActorNameInline(AutoDirectionMixin, admin.TabularInline):
    model = ActorName
    fields = ["name", "language", "kind"]
    extra = 1


@admin.register(Actor)
class ActorAdmin(LargeListAdminMixin, NormalizedSearchMixin, AutoDirectionMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "category", "country", "parent", "record_links"]
    list_filter = ["kind", "category", ("country", CountryFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "wikidata_id"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["records", "created_at", "updated_at"]
    inlines = [ActorNameInline]
    view_on_site = False  # actors have no public page; their absolute URL is this admin page
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "category",
                    "name",
                    "slug",
                    "country",
                    "parent",
                    "wikidata_id",
                    "description",
                ]
            },
        ),
        ("Records", {"fields": ["records", "created_at", "updated_at"]}),
    ]

    @staticmethod
    def record_urls(actor):
        # Named URLs, not imports: the actors app does not depend on the events app.
        return (
            reverse("admin:events_event_changelist") + f"?actor={actor.pk}",
            reverse("admin:events_tie_changelist") + f"?actor={actor.pk}",
        )

    @admin.display(description="records")
    def record_links(self, actor):
        events_url, ties_url = self.record_urls(actor)
        return format_html('<a href="{}">events</a> · <a href="{}">ties</a>', events_url, ties_url)

    @admin.display(description="events and ties")
    def records(self, actor):
        if actor.pk is None:
            return "Save the actor first."
        events_url, ties_url = self.record_urls(actor)
        event_count = actor.participations.values("event").distinct().count()
        tie_count = actor.ties_out.count() + actor.ties_in.count()
        links = [
            (events_url, f"{event_count} event{'' if event_count == 1 else 's'}"),
            (ties_url, f"{tie_count} tie{'' if tie_count == 1 else 's'}"),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)
