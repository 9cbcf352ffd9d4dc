import time

from django.core.management.base import BaseCommand, CommandError

from events.generator import DatasetGenerator


class Command(BaseCommand):
    help = "Fill the database with a realistic, reproducible synthetic dataset (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10000, help="How many events to create.")
        parser.add_argument("--seed", type=int, default=7, help="The same seed gives the same data.")

    def handle(self, *args, events, seed, **options):
        if events < 1:
            raise CommandError("--events must be at least 1.")
        started = time.perf_counter()
        counts = DatasetGenerator(events, seed=seed, log=self.stdout.write).run()
        elapsed = time.perf_counter() - started
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:24} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f} s."))
