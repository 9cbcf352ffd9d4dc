from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from actors.choices import Language
from actors.models import Actor
from actors.search import normalize
from alliance_tracker.bidi import isolated
from events.anchoring import CONTEXT, not_found_message, text_index
from events.choices import Credibility, RecordStatus, Stance

# A claim supports what it is about unless it takes this stance: the one definition of
# "supporting", for the ORM (supporting()), Python (is_supporting) and the COPY SQL alike.
AGAINST = Stance.DENIES


def is_supporting(claim):
    return claim.stance != AGAINST


# What a claim derives from its source's text (``Claim.anchor``); the locator too, when there is text.
ANCHOR_FIELDS = [
    "selector_exact",
    "selector_prefix",
    "selector_suffix",
    "selector_start",
    "selector_end",
    "paragraph",
    "needs_recheck",
    "locator",
]


class ClaimQuerySet(models.QuerySet):
    def supporting(self) -> "ClaimQuerySet":
        """Claims that assert or confirm what they are about, rather than deny it."""
        return self.exclude(stance=AGAINST)

    def public(self) -> "ClaimQuerySet":
        """Claims on published records; a claim on a draft or retracted record is not shown."""
        return self.filter(Q(event__status=RecordStatus.PUBLISHED) | Q(tie__status=RecordStatus.PUBLISHED))

    def with_sources(self) -> "ClaimQuerySet":
        """Claims with their source and speaker, without the source's text (up to megabytes)."""
        return self.select_related("source", "speaker").defer("source__text")

    def for_corroboration(self) -> "ClaimQuerySet":
        """Claims with what ``events.selectors.corroboration`` reads, loaded in bulk: the source and
        the origin of its chain, the speaker, and the speaker's offices (``office_ties``), one
        query for a whole page of records whatever the number of claims."""
        from events.models.ties import Tie

        return (
            self.with_sources()
            .select_related("source__origin_source")
            .defer("source__origin_source__text")
            .prefetch_related(
                Prefetch(
                    "speaker__ties_out",
                    queryset=Tie.objects.offices().select_related("object"),
                    to_attr="office_ties",
                )
            )
        )

    def for_api(self) -> "ClaimQuerySet":
        return self.with_sources().select_related("event", "tie__subject", "tie__object")


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
        max_length=200,
        blank=True,
        help_text="Where the quote stands: paragraph, page or timestamp. Filled in from the paragraph "
        "when the source has text.",
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
    # Where the quote stands in the source's text (a W3C TextQuoteSelector and its offsets),
    # computed by ``anchor()``; empty where the source has no text.
    selector_exact = models.TextField(
        blank=True, editable=False, help_text="The quote as it stands in the source's text."
    )
    selector_prefix = models.CharField(max_length=CONTEXT, blank=True, editable=False)
    selector_suffix = models.CharField(max_length=CONTEXT, blank=True, editable=False)
    selector_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    selector_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    paragraph = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Paragraph of the source's text, from 1."
    )
    needs_recheck = models.BooleanField(
        "needs re-checking",
        default=False,
        editable=False,
        db_index=True,
        help_text="The source's text changed and the quote is no longer found in it.",
    )
    search_key = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Derived from the text: a source's new text moves them without a change to the claim.
    history = HistoricalRecords(excluded_fields=["search_key", *ANCHOR_FIELDS[:-1]])
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
        self.anchor()

    def source_text(self) -> str:
        return self.source.text if self.source_id is not None else ""

    def anchor(self) -> bool:
        """Find the quote in the source's text and keep where it stands; whether it was found.

        Without text there is nothing to find: the selector is empty and the locator is the
        editor's. A quote not found (the text changed since) keeps no selector and is flagged
        ``needs_recheck``; ``clean()`` refuses to save one from a form.
        """
        text = self.source_text()
        found = text_index(text).find(self.quote, near=self.selector_start) if text else None
        self.selector_exact = found.exact if found else ""
        self.selector_prefix = found.prefix if found else ""
        self.selector_suffix = found.suffix if found else ""
        self.selector_start = found.start if found else None
        self.selector_end = found.end if found else None
        self.paragraph = found.paragraph if found else None
        self.needs_recheck = bool(text) and found is None
        if found:
            self.locator = f"paragraph {found.paragraph}"
        return not self.needs_recheck

    @property
    def selector(self) -> dict | None:
        """The W3C Web Annotation TextQuoteSelector of the quote, or None (no text, or not found)."""
        if self.selector_start is None:
            return None
        return {"exact": self.selector_exact, "prefix": self.selector_prefix, "suffix": self.selector_suffix}

    def quote_problem(self) -> str | None:
        """Why the quote cannot stand (it is not in the source's text), naming the closest passage."""
        text = self.source_text()
        if text and self.quote and text_index(text).find(self.quote) is None:
            return not_found_message(text, self.quote)
        return None

    def clean(self):
        errors = {}
        # A claim added in the same admin save as its record holds the record, not yet its id.
        has_event = self.event_id is not None or self.event is not None
        has_tie = self.tie_id is not None or self.tie is not None
        if has_event == has_tie:
            errors[NON_FIELD_ERRORS] = ["A claim supports exactly one event or one tie."]
        problem = self.quote_problem()
        if problem:
            errors["quote"] = [problem]
        if errors:
            raise ValidationError(errors)
