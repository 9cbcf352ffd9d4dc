from django.db import models


class WithdrawalKind(models.TextChoices):
    EVENT = "event", "Event"
    TIE = "tie", "Tie"
    CLAIM = "claim", "Claim"
    ACTOR = "actor", "Actor"
    PLACE = "place", "Place"
    SOURCE = "source", "Source"


class WithdrawalReason(models.TextChoices):
    RETRACTED = "retracted", "Retracted"
    SENT_BACK = "sent_back", "Sent back"
    DELETED = "deleted", "Deleted"
    MERGED = "merged", "Merged"
    NO_LONGER_PUBLIC = "no_longer_public", "No longer public"


class Withdrawal(models.Model):
    """A claim, actor, place or source (or a deleted event or tie) that left the public record.

    Written by ``events.feed`` at the moment it happens, because whether such a record is
    public is derived from others (an actor is public while a published record names it) and
    leaves no trace of its own once it stops being true. Events and ties still in the database
    keep their own ``withdrawn_at``; merges their ``merged_at``. One row per record: the last
    time it left. The feed (``/api/v1/withdrawn/``) shows a row only while the record is still
    not public.
    """

    kind = models.CharField(max_length=6, choices=WithdrawalKind.choices)
    record_id = models.BigIntegerField()
    withdrawn_at = models.DateTimeField(db_index=True)
    reason = models.CharField(max_length=16, choices=WithdrawalReason.choices)

    class Meta:
        ordering = ["withdrawn_at", "kind", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="events_withdrawal_one_per_record")
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id} {self.reason} at {self.withdrawn_at:%Y-%m-%d %H:%M}"
