from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from reports.choices import ReportKind, ReportStatus


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        """Reports ``user`` may see: their own, or every one for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(requested_by=user)

    def public_snapshots(self) -> "ReportQuerySet":
        """Finished snapshots, whoever asks: those still kept and the tombstones of deleted ones."""
        return self.filter(kind=ReportKind.SNAPSHOT, status=ReportStatus.DONE).order_by("-finished_at", "-pk")


class Report(models.Model):
    """A CSV (or zip of CSVs) built in the background, with its progress and its file.

    The file is written to a temporary name and renamed into place at the end, so ``file`` is
    only ever set on a finished, complete report.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Empty for reports the system makes itself (nightly snapshots).",
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    preset = models.CharField(max_length=40, blank=True, help_text="Name of the preset, for preset reports.")
    endpoint = models.CharField(max_length=40, blank=True, help_text="The list exported, for exports.")
    filters = models.JSONField(default=dict, blank=True, help_text="Filters or preset parameters, as given.")
    columns = models.JSONField(default=list, blank=True, help_text="Columns asked for; empty means all.")
    selection = models.JSONField(
        null=True,
        blank=True,
        help_text="Ids of the records picked in the admin, when the export is a selection.",
    )

    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True
    )
    rows_written = models.PositiveIntegerField(default=0)
    rows_expected = models.PositiveIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Data rows in the finished file(s)."
    )
    file = models.FileField(upload_to="reports/", max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    metadata = models.JSONField(default=dict, blank=True, help_text="Row counts and checksums of each file.")
    error = models.TextField(blank=True)

    task_id = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker started it.")
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life from its worker.")
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)
    expired_at = models.DateTimeField(null=True, blank=True, help_text="When its file was cleaned up.")
    expiry_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why its file was deleted; a deleted snapshot's row stays, as its tombstone.",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="%(app_label)s_%(class)s_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DONE) | Q(file=""),
                name="%(app_label)s_%(class)s_file_only_when_done",
                violation_error_message="Only a finished report has a file.",
            ),
            models.CheckConstraint(
                condition=(Q(kind=ReportKind.PRESET) & ~Q(preset=""))
                | (Q(kind=ReportKind.EXPORT) & ~Q(endpoint=""))
                | Q(kind=ReportKind.SNAPSHOT),
                name="%(app_label)s_%(class)s_says_what",
                violation_error_message="A preset report names its preset; an export names its list.",
            ),
        ]

    def __str__(self):
        return f"Report {self.pk}: {self.subject} ({self.get_status_display().lower()})"

    @property
    def subject(self):
        if self.kind == ReportKind.PRESET:
            return self.preset.replace("_", " ")
        if self.kind == ReportKind.EXPORT:
            return f"{self.endpoint} export"
        return "snapshot"

    @property
    def progress(self):
        """Share of the expected rows written, from 0 to 1; ``None`` while unknown."""
        if self.status == ReportStatus.DONE:
            return 1.0
        if not self.rows_expected:
            return None
        return min(self.rows_written / self.rows_expected, 1.0)

    @property
    def downloadable(self):
        return self.status == ReportStatus.DONE and bool(self.file) and self.expired_at is None

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    def get_absolute_url(self):
        return reverse("admin:reports_report_change", args=[self.pk])


class LinkCheck(models.Model):
    """One visit to a source's URL: did it answer, where did it end up, how long did it take."""

    source = models.ForeignKey("events.Source", on_delete=models.CASCADE, related_name="link_checks")
    url = models.URLField("URL checked", max_length=1000)
    checked_at = models.DateTimeField(db_index=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField("URL after redirects", max_length=1000, blank=True)
    error = models.CharField(max_length=500, blank=True)
    elapsed_ms = models.PositiveIntegerField(null=True, blank=True)
    # Only where the address serves plain text (text/plain): an HTML page's text cannot be told
    # from its menus and advertisements, so its hash would differ every time.
    content_sha256 = models.CharField(
        "SHA-256 of the text retrieved",
        max_length=64,
        blank=True,
        help_text="Of the plain text the address served, as a source's text is hashed; empty for other pages.",
    )
    text_changed = models.BooleanField(
        default=False,
        help_text="The text retrieved is not the one the source holds: its claims were flagged for re-checking.",
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        get_latest_by = "checked_at"

    def __str__(self):
        outcome = self.status_code or self.error or "?"
        return f"{self.url}: {outcome}"

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 400
