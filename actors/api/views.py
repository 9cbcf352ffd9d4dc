from actors.api.serializers import ActorSerializer
from actors.exports import ACTOR_COLUMNS
from actors.filtersets import ActorFilterSet
from actors.models import Actor
from alliance_tracker.api import MergedRedirectMixin, ReadOnlyViewSet


class ActorViewSet(MergedRedirectMixin, ReadOnlyViewSet):
    """People, states and organizations named in published records, with every name they go by.

    A duplicate merged into another actor answers 301 with the address of the one that stayed.
    """

    queryset = Actor.objects.public()
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    export_columns = ACTOR_COLUMNS
    export_name = "actors"
