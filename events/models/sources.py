from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from simple_history.models import HistoricalRecords

from actors.choices import Language
from actors.search import normalize
from alliance_tracker.bidi import isolated
from events.choices import Reliability, SourceKind

sha256_validator = RegexValidator(r"^[0-9a-f]{64}$", "A SHA-256 is 64 lowercase hexadecimal characters.")


class SourceQuerySet(models.QuerySet):
    def search(self, text: str) -> "SourceQuerySet":
        key = normalize(text)
        return self.filter(search_key__contains=key) if key else self

    def public(self) -> "SourceQuerySet":
        """Sources that researchers may see: those quoted by a claim on a published record."""
        from events.models.claims import Claim

        return self.filter(Exists(Claim.objects.public().filter(source=OuterRef("pk"))))

    def for_api(self) -> "SourceQuerySet":
        return self


class Source(models.Model):
    """A document in hand: an article, a post, a statement. Claims quote from it."""

    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS_ARTICLE)
    title = models.CharField(max_length=500, help_text="In the original language.")
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Leave empty when unknown; never guess."
    )
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    archive_url = models.URLField("archive URL", max_length=1000, blank=True)
    language = models.CharField(max_length=3, choices=Language.choices)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    accessed_on = models.DateField(null=True, blank=True)
    content_sha256 = models.CharField(
        "SHA-256 of the retrieved text",
        max_length=64,
        blank=True,
        validators=[sha256_validator],
        help_text="Proves which text the quotes were taken from.",
    )
    reliability = models.CharField(
        max_length=1,
        choices=Reliability.choices,
        default=Reliability.F,
        db_index=True,
        help_text="Admiralty grade of the source: A best, F cannot be judged.",
    )
    notes = models.TextField(blank=True)
    search_key = models.CharField(max_length=800, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reliability__in=Reliability.values),
                name="%(app_label)s_%(class)s_reliability_a_to_f",
                violation_error_message="Reliability is a grade from A to F.",
            ),
        ]

    def __str__(self):
        when = f", {self.published_on.isoformat()}" if self.published_on else ""
        by = f"{isolated(self.publisher)}: " if self.publisher else ""
        return f"{by}{isolated(self.title)}{when}"

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.search_key = normalize(f"{self.title} {self.publisher} {self.author}")
