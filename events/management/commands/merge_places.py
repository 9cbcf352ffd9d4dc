"""``manage.py merge_places DUPLICATE SURVIVOR``: the admin's merge of places, for scripts."""

from events.management.commands.merge_actors import MergeCommand
from events.models import Place


class Command(MergeCommand):
    model = Place
