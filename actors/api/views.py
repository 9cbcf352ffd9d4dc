from django.http import Http404, HttpResponsePermanentRedirect
from rest_framework.reverse import reverse

from actors.api.serializers import ActorSerializer
from actors.exports import ACTOR_COLUMNS
from actors.filtersets import ActorFilterSet
from actors.models import Actor
from alliance_tracker.api import REF, REF_MAX_LENGTH, ReadOnlyViewSet


class ActorViewSet(ReadOnlyViewSet):
    """People, states and organizations named in published records, with every name they go by.

    A duplicate merged into another actor answers 301 with the address of the one that stayed.
    """

    queryset = Actor.objects.public()
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    export_columns = ACTOR_COLUMNS
    export_name = "actors"

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            # Looked for only once the actor is not found: a public actor costs no extra query.
            survivor = self.merged_survivor(str(kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")))
            if survivor is None:
                raise
        url = reverse("actor-detail", kwargs={"pk": survivor.pk}, request=request)
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    @staticmethod
    def merged_survivor(ref):
        """The actor a merged duplicate's records went to, following merges; else ``None``."""
        if len(ref) > REF_MAX_LENGTH or not REF.match(ref):
            return None
        lookup = {"pk": int(ref)} if ref.isdigit() else {"slug": ref}
        duplicate = Actor.objects.filter(merged_into__isnull=False, **lookup).first()
        if duplicate is None:
            return None
        survivor = duplicate.final_survivor
        return survivor if Actor.objects.public().filter(pk=survivor.pk).exists() else None
