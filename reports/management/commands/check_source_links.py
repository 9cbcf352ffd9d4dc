from django.core.management.base import BaseCommand

from reports import linkcheck


class Command(BaseCommand):
    help = "Visit source URLs politely and record whether they answer (beat does it nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="At most this many sources.")

    def handle(self, *args, limit=None, **options):
        checked = linkcheck.check_source_links(limit=limit)
        self.stdout.write(self.style.SUCCESS(f"{checked} source link(s) checked."))
