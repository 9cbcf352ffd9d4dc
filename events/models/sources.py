from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from actors.choices import Language
from actors.models import MergeableRecord
from actors.search import normalize
from alliance_tracker.bidi import isolated
from events.choices import Reliability, SourceKind

sha256_validator = RegexValidator(r"^[0-9a-f]{64}$", "A SHA-256 is 64 lowercase hexadecimal characters.")


# Query parameters that say how a reader came to a page, not which page it is.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid"}
    | {"_ga", "_gl", "ref_src"}
)
URL_KEY_LENGTH = 1000


def url_key(url: str) -> str:
    """What two addresses of one document have in common, to tell that a source is entered twice.

    The scheme, a leading ``www.``, a default port, a trailing slash, the fragment, tracking
    parameters (``utm_*``, ``fbclid``…) and the order of the others are ignored, and percent
    escapes are read (an Arabic path pasted as text or escaped is one path). The path keeps its
    case: on most sites ``/News`` and ``/news`` are different pages.
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        port = parts.port
    except ValueError:
        return url.casefold()[:URL_KEY_LENGTH]
    host = (parts.hostname or "").removeprefix("www.")
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = unquote(parts.path).rstrip("/")
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith("utm_") and name.lower() not in TRACKING_PARAMETERS
    )
    key = host + path
    if query:
        key += "?" + "&".join(f"{name}={value}" for name, value in query)
    return key[:URL_KEY_LENGTH]


def public_source(outer: str = "pk") -> Exists:
    """True where the source named by the outer column ``outer`` is quoted on a published record."""
    from events.models.claims import Claim

    return Exists(Claim.objects.public().filter(source=OuterRef(outer)))


class SourceQuerySet(models.QuerySet):
    def search(self, text: str) -> "SourceQuerySet":
        key = normalize(text)
        return self.filter(search_key__contains=key) if key else self

    def likely_duplicates(
        self,
        *,
        urls=(),
        title: str = "",
        publisher: str = "",
        published_on=None,
        exclude=None,
    ) -> "SourceQuerySet":
        """Sources that are probably this document entered again.

        Either one of ``urls`` (its address and its archive address) is, once normalized
        (``url_key``), the address or the archive address of another source; or the title has
        the same search key (``حفتر`` and ``حَفْتَر`` alike) and so does the publisher, or the day
        of publication is the same. A title alone is not enough: "Statement" or "بيان" recur.
        Sources already merged are not candidates: their survivors are.
        """
        match = Q()
        keys = {url_key(url) for url in urls} - {""}
        if keys:
            match |= Q(url_key__in=keys) | Q(archive_url_key__in=keys)
        title_key = normalize(title)
        publisher_key = normalize(publisher)
        same_occasion = Q()
        if publisher_key:
            same_occasion |= Q(publisher_key=publisher_key)
        if published_on is not None:
            same_occasion |= Q(published_on=published_on)
        if title_key and same_occasion:
            match |= Q(title_key=title_key) & same_occasion
        if not match:
            return self.none()
        queryset = self.filter(match).filter(merged_into__isnull=True)
        return queryset.exclude(pk=exclude) if exclude is not None else queryset

    def public(self) -> "SourceQuerySet":
        """Sources that researchers may see: those quoted by a claim on a published record."""
        return self.filter(public_source())

    def for_api(self) -> "SourceQuerySet":
        return self


class Source(MergeableRecord):
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
    text = models.TextField(
        "text of the document",
        blank=True,
        help_text="The document's own text, pasted or uploaded: quotes are checked against it. "
        "Kept for verification; not published unless the source is licensed for republication.",
    )
    notes = models.TextField(blank=True)
    search_key = models.CharField(max_length=800, editable=False)
    # The keys a source entered twice is recognised by (``SourceQuerySet.likely_duplicates``).
    title_key = models.CharField(max_length=500, editable=False)
    publisher_key = models.CharField(max_length=200, editable=False)
    url_key = models.CharField(max_length=URL_KEY_LENGTH, editable=False)
    archive_url_key = models.CharField(max_length=URL_KEY_LENGTH, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        permissions = [("merge_source", "Can merge a duplicate source into another")]
        indexes = [
            models.Index(fields=["title_key"], name="events_source_title_key"),
            models.Index(fields=["url_key"], name="events_source_url_key"),
            models.Index(fields=["archive_url_key"], name="events_source_archive_url_key"),
        ]
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
        self.title_key = normalize(self.title)[:500]
        self.publisher_key = normalize(self.publisher)[:200]
        self.url_key = url_key(self.url)
        self.archive_url_key = url_key(self.archive_url)
