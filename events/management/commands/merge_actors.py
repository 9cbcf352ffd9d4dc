"""``manage.py merge_actors DUPLICATE SURVIVOR``: the admin's merge, for scripts.

``MergeCommand`` is shared with ``merge_places`` and ``merge_sources``: one merge
(``events.merging.merge_records``), named records looked up the same way, the same refusals.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actors.models import Actor
from events.merging import MergeRefused, merge_records


class MergeCommand(BaseCommand):
    model = Actor

    @property
    def noun(self):
        return self.model._meta.verbose_name

    @property
    def has_slug(self):
        return any(field.name == "slug" for field in self.model._meta.fields)

    @property
    def permission(self):
        return f"{self.model._meta.app_label}.merge_{self.model._meta.model_name}"

    @property
    def help(self):
        named = "each named by id or slug" if self.has_slug else "each named by id"
        return f"Merge a duplicate {self.noun} into the {self.noun} that stays ({named})."

    def add_arguments(self, parser):
        ref = "Id or slug" if self.has_slug else "Id"
        parser.add_argument("duplicate", help=f"{ref} of the {self.noun} that goes.")
        parser.add_argument("survivor", help=f"{ref} of the {self.noun} that stays.")
        parser.add_argument("--by", metavar="USERNAME", help="Reviewer the history names as author.")

    def find(self, ref):
        if ref.isdigit():
            lookup = {"pk": int(ref)}
        elif self.has_slug:
            lookup = {"slug": ref}
        else:
            raise CommandError(f"“{ref}” is not the id of a {self.noun}.")
        try:
            return self.model.objects.get(**lookup)
        except self.model.DoesNotExist:
            named = "the id or slug" if self.has_slug else "the id"
            raise CommandError(f"No {self.noun} has {named} “{ref}”.") from None

    def handle(self, *args, duplicate, survivor, by=None, **options):
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"No user is called “{by}”.")
            if not user.has_perm(self.permission):
                raise CommandError(f"“{by}” may not merge {self.model._meta.verbose_name_plural}.")
        duplicate, survivor = self.find(duplicate), self.find(survivor)
        try:
            merge_records(duplicate, survivor, user=user)
        except MergeRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Merged {self.noun} {duplicate.pk} ({duplicate}) into {survivor.pk} ({survivor}).")


class Command(MergeCommand):
    model = Actor
