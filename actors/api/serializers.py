from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from actors.models import Actor, ActorName
from alliance_tracker.citation import CitationField
from alliance_tracker.links import RecordLinkField
from alliance_tracker.parents import public_parent


@extend_schema_field({"type": "string", "nullable": True, "description": "ISO 3166-1 alpha-2 code."})
class CountryCodeField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        code = getattr(value, "code", value)
        return code or None


class ActorBriefSerializer(serializers.ModelSerializer):
    """An actor nested in another record: enough to name it and follow it."""

    url = RecordLinkField(view_name="actor-detail")

    class Meta:
        model = Actor
        fields = ["id", "url", "slug", "name", "kind"]


class ActorNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActorName
        fields = ["name", "language", "kind"]


class ActorSerializer(serializers.ModelSerializer):
    url = RecordLinkField(view_name="actor-detail")
    country = CountryCodeField()
    parent = serializers.SerializerMethodField(help_text="The organization this one is part of, when public.")
    names = ActorNameSerializer(many=True, read_only=True, help_text="Every name, by language and kind.")
    events_url = serializers.SerializerMethodField(help_text="The actor's events in the API.")
    ties_url = serializers.SerializerMethodField(help_text="The actor's ties in the API.")
    citation = CitationField()

    class Meta:
        model = Actor
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "category",
            "country",
            "parent",
            "wikidata_id",
            "description",
            "names",
            "events_url",
            "ties_url",
            "updated_at",
            "citation",
        ]

    @extend_schema_field(ActorBriefSerializer(allow_null=True))
    def get_parent(self, actor):
        parent = public_parent(actor)
        return self.parent_serializer.to_representation(parent) if parent else None

    @cached_property
    def parent_serializer(self):
        # One for the whole page: building a serializer's fields costs more than using them.
        return ActorBriefSerializer(context=self.context)

    def _list_url(self, view_name, actor):
        return f"{reverse(view_name, request=self.context.get('request'))}?actor={actor.pk}"

    def get_events_url(self, actor) -> str:
        return self._list_url("event-list", actor)

    def get_ties_url(self, actor) -> str:
        return self._list_url("tie-list", actor)
