from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from events.demo.loader import default_corpus_dir, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the seed article of 11 May 2025 as published records (events/demo/seed_story.py). "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus-dir",
            default=None,
            help=f"Folder holding the article's text, to hash it (default: {default_corpus_dir()}).",
        )

    def handle(self, *args, corpus_dir=None, **options):
        try:
            report = load_demo_data(corpus_dir=corpus_dir)
        except (ValidationError, ValueError) as error:
            raise CommandError(str(error)) from error
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(report.summary()))
