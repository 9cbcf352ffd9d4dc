from django.core.exceptions import ImproperlyConfigured
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actors.choices import ActorKind, Language, NameKind, OrganizationCategory
from actors.search import normalize, searchable_sound_key, sound_key


class SearchKeyedName(models.Model):
    """A name in one language, with the keys that let every spelling of it be found.

    Shared by actor names and place names (``events.PlaceName``).
    """

    name = models.CharField(max_length=200)
    language = models.CharField(max_length=3, choices=Language.choices)
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.OFFICIAL)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    sound_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["language", "kind", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        """Compute the keys; bulk inserts call this themselves since they skip ``save()``."""
        self.search_key = normalize(self.name)
        self.sound_key = sound_key(self.name)


class NameSearchQuerySet(models.QuerySet):
    def search(self, text: str) -> "NameSearchQuerySet":
        """Records any of whose names match ``text`` in any script and spelling."""
        key = normalize(text)
        if not key:
            return self
        match = Q(search_key__contains=key) | Q(names__search_key__contains=key)
        skeleton = searchable_sound_key(text)
        if skeleton:
            match |= Q(sound_key__contains=skeleton) | Q(names__sound_key__contains=skeleton)
        return self.filter(pk__in=self.model.objects.filter(match).values("pk"))

    def likely_duplicates(self, names, exclude=None):
        """Records with a name whose search key or sound key equals that of one of ``names``.

        Equal keys, not containment: "Hifter" and "حفتر" catch Haftar, "Libya" does not catch
        the Libyan National Army. Short sound keys are left out, as in ``search``.
        """
        search_keys = {normalize(name) for name in names} - {""}
        sound_keys = {searchable_sound_key(name) for name in names} - {""}
        if not search_keys:
            return self.none()
        match = Q(search_key__in=search_keys) | Q(names__search_key__in=search_keys)
        if sound_keys:
            match |= Q(sound_key__in=sound_keys) | Q(names__sound_key__in=sound_keys)
        queryset = self.filter(pk__in=self.model.objects.filter(match).values("pk"))
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude)
        # A record already merged is not a candidate: its survivor is.
        return queryset.filter(merged_into__isnull=True)


class MergeableRecord(models.Model):
    """A record a reviewer may merge into another: actors, places and sources.

    ``duplicate_of`` is an editor's mark; ``merged_into`` and ``merged_at`` are set by
    ``events.merging``. The merged record is kept so its id is never reused.
    """

    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="marked_duplicates",
        help_text="The record this one is another copy of; a reviewer merges it there.",
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_%(class)ss",
        help_text="The record that took over this one's references; this one stays so its id is never reused.",
    )
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def final_survivor(self):
        """The record this one's records now live on: itself, or the end of its merges."""
        record, seen = self, {self.pk}
        while record.merged_into_id and record.merged_into_id not in seen:
            seen.add(record.merged_into_id)
            record = record.merged_into
        return record


class RecordRules:
    """What actors learn from the records that name them, which the events app keeps.

    An actor has no status of its own: it is public when a published record names it, and the
    actors tied to it are those of published ties. ``actors`` never imports ``events``, so the
    events app installs both rules at start-up (``events.apps``, from ``events.visibility``).
    """

    public_condition = None  # (outer: str) -> an expression true for a public actor
    tied_condition = None  # (others: queryset of actor ids) -> a Q for actors tied to them

    @classmethod
    def install(cls, *, public_condition, tied_condition):
        cls.public_condition = staticmethod(public_condition)
        cls.tied_condition = staticmethod(tied_condition)

    @classmethod
    def require(cls):
        if cls.public_condition is None:
            raise ImproperlyConfigured(
                "The events app installs the rules of public actors; add it to INSTALLED_APPS."
            )
        return cls


class ActorQuerySet(NameSearchQuerySet):
    def public(self) -> "ActorQuerySet":
        """Actors that researchers may see: those named in a published record."""
        return self.filter(RecordRules.require().public_condition("pk"))

    def for_api(self) -> "ActorQuerySet":
        """What the API, the CSV export and the reports read for each actor, loaded in bulk.

        ``parent_is_public`` lets a serializer show the parent only when it is public itself.
        """
        return (
            self.select_related("parent")
            .prefetch_related("names")
            .annotate(parent_is_public=RecordRules.require().public_condition("parent"))
        )


wikidata_id_validator = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q12345.")


class Actor(MergeableRecord):
    """A person, state or organization that can take part in events and ties."""

    kind = models.CharField(max_length=20, choices=ActorKind.choices)
    category = models.CharField(
        max_length=30,
        choices=OrganizationCategory.choices,
        blank=True,
        help_text="For organizations only.",
    )
    name = models.CharField("canonical English name", max_length=200)
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Stable, readable identifier used in URLs."
    )
    country = CountryField(blank=True, help_text="ISO 3166 country the actor belongs to.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The organization this one is part of.",
    )
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, validators=[wikidata_id_validator]
    )
    description = models.TextField(blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    sound_key = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("merge_actor", "Can merge a duplicate actor into another")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ActorKind.ORGANIZATION) | Q(category=""),
                name="%(app_label)s_%(class)s_category_only_for_organizations",
                violation_error_message="Only organizations have a category.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message="An actor cannot be its own parent.",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="%(app_label)s_%(class)s_unique_wikidata_id",
                violation_error_message="Another actor already has this Wikidata id.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:actors_actor_change", args=[self.pk])

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.search_key = normalize(self.name)
        self.sound_key = sound_key(self.name)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind == ActorKind.ORGANIZATION and not self.category:
            errors["category"] = "Choose a category for an organization."
        if self.kind != ActorKind.ORGANIZATION and self.category:
            errors["category"] = "Only organizations have a category."
        if self.parent_id and self.pk:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    errors["parent"] = "This parent would make the actor part of itself."
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


class ActorName(SearchKeyedName):
    """Every name an actor is known by: "Haftar", "Hifter", "حفتر", "Хафтар"."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="names")

    history = HistoricalRecords()

    class Meta(SearchKeyedName.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "language", "name"],
                name="%(app_label)s_%(class)s_unique_name_per_language",
                violation_error_message="This actor already has this name in this language.",
            ),
        ]
