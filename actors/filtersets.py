import django_filters

from actors.choices import ActorKind, OrganizationCategory
from actors.models import Actor, RecordRules
from alliance_tracker.api import (
    BaseFilterSet,
    CountryFilter,
    IdFilter,
    RefFilter,
    StableOrderingFilter,
    TextFilter,
    ref_condition,
)


class ActorFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices)
    category = django_filters.ChoiceFilter(choices=OrganizationCategory.choices)
    country = CountryFilter(help_text="ISO 3166-1 alpha-2 code of the actor's country, e.g. LY.")
    parent = IdFilter(method="filter_parent", help_text="Id of the organization the actor is part of.")
    q = TextFilter(
        label="Name",
        method="filter_q",
        help_text="Any name in any script and spelling: حفتر, حَفْتَر, Haftar, Hifter, Хафтар.",
    )
    tied_to = RefFilter(
        label="Tied to actor",
        method="filter_tied_to",
        help_text="Id or slug of an actor: only actors joined to it by a published tie, in either direction.",
    )
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("id", "id"), ("updated_at", "updated_at")),
        help_text="name, id or updated_at; prefix with - to reverse.",
    )

    class Meta:
        model = Actor
        fields = ["kind", "category", "country", "parent", "q", "tied_to", "updated_since"]

    def filter_parent(self, queryset, name, value):
        # Only a public parent can be asked for, as only a public parent is shown.
        return queryset.filter(parent=value, parent__in=Actor.objects.public())

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_tied_to(self, queryset, name, value):
        others = Actor.objects.filter(ref_condition([value])).values("pk")
        return queryset.filter(RecordRules.require().tied_condition(others))
