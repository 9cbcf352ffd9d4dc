from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from actors.choices import Language
from actors.models import Actor
from actors.search import normalize
from alliance_tracker.bidi import isolated
from events.choices import Credibility, RecordStatus, Stance

# A claim supports what it is about unless it takes this stance: the one definition of
# "supporting", for the ORM (supporting()), Python (is_supporting) and the COPY SQL alike.
AGAINST = Stance.DENIES


def is_supporting(claim):
    return claim.stance != AGAINST


class ClaimQuerySet(models.QuerySet):
    def supporting(self) -> "ClaimQuerySet":
        """Claims that assert or confirm what they are about, rather than deny it."""
        return self.exclude(stance=AGAINST)

    def public(self) -> "ClaimQuerySet":
        """Claims on published records; a claim on a draft or retracted record is not shown."""
        return self.filter(Q(event__status=RecordStatus.PUBLISHED) | Q(tie__status=RecordStatus.PUBLISHED))

    def for_corroboration(self) -> "ClaimQuerySet":
        """Claims with what ``events.selectors.corroboration`` reads, loaded in bulk: the source and
        the origin of its chain, the speaker, and the speaker's offices (``office_ties``), one
        query for a whole page of records whatever the number of claims."""
        from events.models.ties import Tie

        return self.select_related("source__origin_source", "speaker").prefetch_related(
            Prefetch(
                "speaker__ties_out",
                queryset=Tie.objects.offices().select_related("object"),
                to_attr="office_ties",
            )
        )

    def for_api(self) -> "ClaimQuerySet":
        return self.select_related("source", "speaker", "event", "tie__subject", "tie__object")


class Claim(models.Model):
    """One quote from one source that supports (or denies) one event or tie."""

    source = models.ForeignKey("events.Source", on_delete=models.PROTECT, related_name="claims")
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="claims"
    )
    tie = models.ForeignKey(
        "events.Tie", on_delete=models.CASCADE, null=True, blank=True, related_name="claims"
    )
    quote = models.TextField(help_text="Exactly as in the source, in its original language.")
    quote_language = models.CharField(max_length=3, choices=Language.choices)
    translation = models.TextField(blank=True)
    translation_language = models.CharField(
        max_length=3, choices=Language.choices, default=Language.ENGLISH, blank=True
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where the quote stands: paragraph, page or timestamp."
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices,
        default=Credibility.CANNOT_BE_JUDGED,
        help_text="Admiralty grade of this piece of information: 1 best, 6 cannot be judged.",
    )
    stance = models.CharField(max_length=8, choices=Stance.choices, default=Stance.ASSERTS)
    speaker = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Who said it, when that is not the source itself (e.g. a ministry the article quotes).",
    )
    attribution = models.CharField(
        max_length=300,
        blank=True,
        help_text='How the source attributes it, e.g. "Facebook post on Saturday evening" or "unnamed Western reports".',
    )
    search_key = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_key"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        # Sync order: what changed since, every row once however many share one time.
        indexes = [models.Index(fields=["updated_at", "id"], name="events_claim_changes")]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, tie__isnull=True) | Q(event__isnull=True, tie__isnull=False),
                name="%(app_label)s_%(class)s_supports_one_record",
                violation_error_message="A claim supports exactly one event or one tie.",
            ),
            models.CheckConstraint(
                condition=Q(credibility__gte=1, credibility__lte=6),
                name="%(app_label)s_%(class)s_credibility_1_to_6",
                violation_error_message="Credibility is a grade from 1 to 6.",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values),
                name="%(app_label)s_%(class)s_stance_known",
            ),
        ]

    def __str__(self):
        quote = self.quote if len(self.quote) <= 60 else f"{self.quote[:59]}…"
        return f"“{isolated(quote)}” ({self.source})"

    @property
    def record(self):
        return self.event if self.event_id else self.tie

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.search_key = normalize(f"{self.quote} {self.translation}")

    def clean(self):
        # A claim added in the same admin save as its record holds the record, not yet its id.
        has_event = self.event_id is not None or self.event is not None
        has_tie = self.tie_id is not None or self.tie is not None
        if has_event == has_tie:
            raise ValidationError("A claim supports exactly one event or one tie.")
