"""``manage.py merge_actors DUPLICATE SURVIVOR``: the admin's merge, for scripts."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actors.models import Actor
from events.merging import MergeRefused, merge_actors


def find_actor(ref):
    lookup = {"pk": int(ref)} if ref.isdigit() else {"slug": ref}
    try:
        return Actor.objects.get(**lookup)
    except Actor.DoesNotExist:
        raise CommandError(f"No actor has the id or slug “{ref}”.") from None


class Command(BaseCommand):
    help = "Merge a duplicate actor into the actor that stays (each named by id or slug)."

    def add_arguments(self, parser):
        parser.add_argument("duplicate", help="Id or slug of the actor that goes.")
        parser.add_argument("survivor", help="Id or slug of the actor that stays.")
        parser.add_argument("--by", metavar="USERNAME", help="Reviewer the history names as author.")

    def handle(self, *args, duplicate, survivor, by=None, **options):
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"No user is called “{by}”.")
            if not user.has_perm("actors.merge_actor"):
                raise CommandError(f"“{by}” may not merge actors.")
        duplicate, survivor = find_actor(duplicate), find_actor(survivor)
        try:
            merge_actors(duplicate, survivor, user=user)
        except MergeRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Merged actor {duplicate.pk} ({duplicate}) into {survivor.pk} ({survivor}).")
