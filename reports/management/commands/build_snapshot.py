from django.core.management.base import BaseCommand, CommandError

from reports import services


class Command(BaseCommand):
    help = "Build a snapshot of the published dataset now (beat does it nightly), as a zip of CSVs."

    def handle(self, *args, **options):
        report = services.build_snapshot()
        if report is None or report.status != "done":
            raise CommandError(f"The snapshot failed: {report.error if report else 'not started'}")
        self.stdout.write(
            self.style.SUCCESS(f"{report.file.path} ({report.row_count} rows, sha256 {report.sha256})")
        )
