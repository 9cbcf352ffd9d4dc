"""``manage.py merge_sources DUPLICATE SURVIVOR``: the admin's merge of sources, for scripts."""

from events.management.commands.merge_actors import MergeCommand
from events.models import Source


class Command(MergeCommand):
    model = Source
