"""Admin for actors and their names."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django_countries.filters import CountryFilter

from actors.models import Actor, ActorName
from alliance_tracker.admin_mixins import (
    AutoDirectionMixin,
    DuplicateWarningForm,
    HistoryAdmin,
    MarkedDuplicateFilter,
    MergeAdminMixin,
    NormalizedSearchMixin,
)
from alliance_tracker.paginator import LargeListAdminMixin


class ActorNameInline(AutoDirectionMixin, admin.TabularInline):
    model = ActorName
    fields = ["name", "language", "kind"]
    extra = 1


class ActorAdminForm(DuplicateWarningForm):
    """Warns of likely duplicates before saving; the editor may confirm and save anyway."""

    class Meta:
        model = Actor
        # The admin passes the fields of its fieldsets; these are what the form checks.
        fields = ["name", "duplicate_of"]


def actor_choice_text(actor):
    """“Turkey — state, TR — تركيا — Republic spanning Anatolia…”: enough to pick the right one."""
    details = ", ".join(part for part in [actor.get_kind_display().lower(), actor.country.code] if part)
    other = next((name.name for name in actor.names.all() if name.name != actor.name), "")
    description = Truncator(actor.description).words(8) if actor.description else ""
    return " — ".join(part for part in [actor.name, details, other, description] if part)


@admin.register(Actor)
class ActorAdmin(
    MergeAdminMixin, LargeListAdminMixin, NormalizedSearchMixin, AutoDirectionMixin, HistoryAdmin
):
    list_display = ["name", "kind", "category", "country", "parent", "record_links"]
    list_filter = ["kind", "category", ("country", CountryFilter), MarkedDuplicateFilter]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "wikidata_id"]
    autocomplete_fields = ["parent", "duplicate_of"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["records", "merged", "created_at", "updated_at"]
    form = ActorAdminForm
    actions = ["merge_into_marked"]
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
                    "not_a_duplicate",
                ]
            },
        ),
        ("Duplicates", {"fields": ["duplicate_of", "merged"]}),
        ("Records", {"fields": ["records", "created_at", "updated_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            # For the other name each choice shows (the mixin leaves merged actors out).
            queryset = queryset.prefetch_related("names")
        return queryset, may_have_duplicates

    def autocomplete_text(self, actor):
        return actor_choice_text(actor)

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
            (f"{events_url}&include_ties=yes", "events with those standing for it"),
            (ties_url, f"{tie_count} tie{'' if tie_count == 1 else 's'}"),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)
