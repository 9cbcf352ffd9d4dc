from django.conf import settings
from django.db import models
from django.db.models import Q

from events.choices import RevisionStatus


class RevisionQuerySet(models.QuerySet):
    def pending(self) -> "RevisionQuerySet":
        return self.filter(status=RevisionStatus.PENDING)

    def of(self, record) -> "RevisionQuerySet":
        """The revisions of one event or tie."""
        return self.filter(**{record._meta.model_name: record})


class Revision(models.Model):
    """A change to a published event or tie, kept aside until a reviewer approves it.

    ``state`` is the whole record as the change would leave it: its own fields and every claim,
    participant and link (``events.revisions`` reads, compares and writes it). The published
    rows are not touched until approval, so nothing that serves the public record can show it.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    tie = models.ForeignKey(
        "events.Tie", on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    status = models.CharField(
        max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING, db_index=True
    )
    state = models.JSONField(help_text="The whole record as this change would leave it.")
    # The record's updated_at when the change was proposed: a later change of the published
    # version (a merge, a retraction) makes this one stale, to be saved again by an editor.
    based_on = models.DateTimeField(help_text="When the published version this change starts from was saved.")
    reason = models.TextField("why this change", help_text="The editor's reason, shown to the reviewer.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="revisions_proposed"
    )
    # Everyone who saved this change: none of them approves it (four eyes).
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="revisions_contributed")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(
        "reviewer's note", blank=True, help_text="Why it was sent back, for the editor."
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, tie__isnull=True) | Q(event__isnull=True, tie__isnull=False),
                name="%(app_label)s_%(class)s_of_one_record",
                violation_error_message="A change is to exactly one event or one tie.",
            ),
            # One change awaits review per record: a second save adds to it.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status=RevisionStatus.PENDING, event__isnull=False),
                name="%(app_label)s_%(class)s_one_pending_per_event",
            ),
            models.UniqueConstraint(
                fields=["tie"],
                condition=Q(status=RevisionStatus.PENDING, tie__isnull=False),
                name="%(app_label)s_%(class)s_one_pending_per_tie",
            ),
        ]

    def __str__(self):
        return f"Change to “{self.record}” ({self.get_status_display().lower()})"

    @property
    def record(self):
        return self.event if self.event_id else self.tie

    @property
    def is_pending(self):
        return self.status == RevisionStatus.PENDING
