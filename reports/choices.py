from django.db import models


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ReportKind(models.TextChoices):
    PRESET = "preset", "Preset"
    EXPORT = "export", "Export of a list"
    SNAPSHOT = "snapshot", "Snapshot of the published dataset"
