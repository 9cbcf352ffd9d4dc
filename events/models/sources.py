from urllib.parse import parse_qsl, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actors.choices import Language
from actors.models import MergeableRecord
from actors.search import normalize
from alliance_tracker.bidi import isolated
from events.anchoring import sha256_of
from events.choices import Derivation, Reliability, SourceKind
from events.models.records import EARLIEST_YEAR, LATEST_YEAR, raise_if
from events.temporal import update_with_history, write_history

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
        """With whether the source it is derived from, and the origin of its chain, are public."""
        # The text (up to SOURCE_TEXT_MAX_BYTES each) is read only where it is shown.
        return self.defer("text").annotate(
            derived_from_is_public=public_source("derived_from"),
            origin_is_public=public_source("origin_source"),
        )


def text_size_problems(text: str) -> list[str]:
    """Why ``text`` cannot be a source's text: too large for ``SOURCE_TEXT_MAX_BYTES``, or NUL.

    A NUL character is refused rather than stripped: it means the file is not plain UTF-8 text
    (UTF-16, a word processor's file), and the rest of it would be garbled too.
    """
    problems = []
    limit = settings.SOURCE_TEXT_MAX_BYTES
    size = len(text.encode("utf-8"))
    if size > limit:
        problems.append(
            f"The text is {size:,} bytes in UTF-8; a source's text may be at most {limit:,} bytes "
            f"({limit / 1024 / 1024:g} MB, the SOURCE_TEXT_MAX_BYTES setting). "
            "Keep the part of the document the claims quote."
        )
    nul = text.find("\x00")
    if nul >= 0:
        problems.append(
            f"The text holds a NUL character (character {nul + 1:,}): it is not plain text. "
            "Save the document as UTF-8 text and paste or upload that."
        )
    return problems


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
        "SHA-256 of the text",
        max_length=64,
        blank=True,
        editable=False,
        validators=[sha256_validator],
        help_text="Computed from the text below (its UTF-8 bytes): proves which text the quotes "
        "were checked against. A source without text keeps the hash it was given before texts were kept.",
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
    licensed_for_republication = models.BooleanField(
        default=False,
        help_text="The API publishes the text only when this is ticked: quotes may be cited, "
        "a whole article usually may not.",
    )
    notes = models.TextField(blank=True)
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_sources",
        help_text="The source this one relays, translates or republishes: its claims then come from "
        "that source's origin and add no independent one.",
    )
    derivation = models.CharField(
        max_length=12,
        choices=Derivation.choices,
        blank=True,
        help_text="How it is derived from that source; required when it is.",
    )
    # The first source of the chain of derivations (a relay of a relay of a monitor: the
    # monitor), or empty when this source is derived from none. Kept on save, with those
    # derived from this one, so that the COPY export reads it as a column.
    origin_source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
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

    @property
    def origin(self) -> "Source":
        """The first source of this one's chain of derivations: itself when derived from none."""
        return self.origin_source if self.origin_source_id else self

    def clean(self):
        errors = {}
        if self.derived_from_id and not self.derivation:
            errors["derivation"] = (
                "Say how this source is derived from the other: relays, translates or republishes it."
            )
        if self.derivation and not self.derived_from_id:
            errors["derived_from"] = (
                "Choose the source this one is derived from, or leave “derivation” empty."
            )
        if self.derived_from_id and self.derived_from.merged_into_id:
            errors["derived_from"] = (
                f"“{self.derived_from}” was merged into “{self.derived_from.final_survivor}”: choose that one."
            )
        if "derived_from" not in errors:
            try:
                self.chain()
            except ValidationError as error:
                errors["derived_from"] = error.messages
        problems = text_size_problems(self.text or "")
        if problems:
            errors["text"] = problems
        for field in ("published_on", "accessed_on"):
            day = getattr(self, field)
            if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                errors[field] = f"Give a year between {EARLIEST_YEAR} and {LATEST_YEAR}."
        raise_if(errors)

    def chain(self) -> list["Source"]:
        """The sources this one is derived from, nearest first, up to the origin of the chain.

        A chain that comes back to this source (A from B and B from A, or A from itself) is a
        ``ValidationError`` naming the way back: copies of copies must start somewhere.
        """
        ancestors, seen = [], {self.pk} if self.pk is not None else set()
        # Each ancestor read without its text (up to megabytes): the chain needs ids and titles.
        ancestors_of = Source.objects.defer("text")
        current = ancestors_of.filter(pk=self.derived_from_id).first() if self.derived_from_id else None
        while current is not None:
            if current.pk in seen:
                if current.pk == self.pk and not ancestors:
                    raise ValidationError("A source cannot be derived from itself.")
                path = " → ".join(["this source", *(f"“{source}”" for source in ancestors)])
                raise ValidationError(
                    f"A source cannot be derived from its own copy: {path} → this source. "
                    "Choose another source, or change “derived from” on the other one first."
                    if current.pk == self.pk
                    else f"These sources are derived from each other in a circle: {path} → “{current}”."
                )
            seen.add(current.pk)
            ancestors.append(current)
            current = (
                ancestors_of.filter(pk=current.derived_from_id).first() if current.derived_from_id else None
            )
        return ancestors

    def save(self, *args, **kwargs):
        previous = None
        if self.pk is not None:
            reads_text = "text" not in self.get_deferred_fields()
            previous = (
                Source.objects.filter(pk=self.pk)
                .values(
                    *CORROBORATION_INPUTS, "origin_source_id", "content_sha256", text_length=Length("text")
                )
                .first()
            )
        self.fill_derived()
        super().save(*args, **kwargs)
        if previous:
            self.derivation_saved(previous)
            text_before = (previous["content_sha256"], bool(previous["text_length"]))
            if reads_text and text_before != (self.content_sha256, bool(self.text)):
                self.recheck_claims()

    def recheck_claims(self) -> int:
        """Anchor every claim quoting this source in its text again, after the text changed.

        A claim whose quote is still found is re-anchored (its selector and paragraph follow the
        new text); one whose quote is no longer there is flagged ``needs_recheck`` until an
        editor corrects it. Returns how many are flagged. Derived fields only: no history entry,
        no review; ``updated_at`` moves so that a synced copy sees the flag.
        """
        from events.models.claims import ANCHOR_FIELDS, Claim

        changed, flagged = [], 0
        now = timezone.now()
        for claim in Claim.objects.filter(source=self):
            claim.source = self
            before = [getattr(claim, name) for name in ANCHOR_FIELDS]
            claim.anchor()
            flagged += claim.needs_recheck
            if [getattr(claim, name) for name in ANCHOR_FIELDS] != before:
                claim.updated_at = now
                changed.append(claim)
        Claim.objects.bulk_update(changed, [*ANCHOR_FIELDS, "updated_at"], batch_size=500)
        write_history(Claim, [claim.pk for claim in changed])
        if changed:
            # The records show their claims: a synced copy of them sees the flag too.
            touch_records_quoting([self.pk], now)
        return flagged

    def fill_derived(self):
        if self.text:
            self.content_sha256 = sha256_of(self.text)
        chain = self.chain()
        self.origin_source = chain[-1] if chain else None
        self.search_key = normalize(f"{self.title} {self.publisher} {self.author}")
        self.title_key = normalize(self.title)[:500]
        self.publisher_key = normalize(self.publisher)[:200]
        self.url_key = url_key(self.url)
        self.archive_url_key = url_key(self.archive_url)

    def derivation_saved(self, previous: dict) -> None:
        """Keep what depends on this source current after a save.

        The sources derived from it (and from those) take its origin; the events and ties that
        quote any of them change their corroboration, so their ``updated_at`` moves and
        ``?updated_since=`` finds them.
        """
        inputs_changed = any(previous[field] != getattr(self, field) for field in CORROBORATION_INPUTS)
        chain_changed = (
            previous["origin_source_id"] != self.origin_source_id
            or previous["publisher_key"] != self.publisher_key
        )
        if not inputs_changed:
            return
        now = timezone.now()
        affected = [self.pk]
        if chain_changed:
            descendants = self.descendant_ids()
            update_with_history(
                Source.objects.filter(pk__in=descendants),
                origin_source=self.origin_source_id or self.pk,
                updated_at=now,
            )
            affected += descendants
        touch_records_quoting(affected, now)

    def descendant_ids(self) -> list[int]:
        """Ids of the sources derived from this one, directly or through others."""
        found, frontier = [], [self.pk]
        while frontier:
            frontier = list(
                Source.objects.filter(derived_from__in=frontier)
                .exclude(pk__in=[self.pk, *found])
                .values_list("pk", flat=True)
            )
            found += frontier
        return found


# What the corroboration of a record quoting a source reads from it (events.selectors).
CORROBORATION_INPUTS = ("derived_from_id", "publisher_key", "published_on", "reliability")


def touch_records_quoting(source_ids, now=None) -> None:
    """Move the ``updated_at`` of the events and ties whose claims quote these sources."""
    from events.models import Event, Tie

    now = now or timezone.now()
    update_with_history(Event.objects.filter(claims__source__in=source_ids), updated_at=now)
    update_with_history(Tie.objects.filter(claims__source__in=source_ids), updated_at=now)
