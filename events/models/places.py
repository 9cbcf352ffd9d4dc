from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actors.models import MergeableRecord, NameSearchQuerySet, SearchKeyedName
from actors.search import normalize, sound_key
from events.choices import CoordinatePrecision, PlaceKind, RecordStatus


def public_place(outer: str = "pk") -> Exists:
    """True where the place named by the outer column ``outer`` saw at least one published event."""
    from events.models.events import Event

    return Exists(Event.objects.filter(place=OuterRef(outer), status=RecordStatus.PUBLISHED))


class PlaceQuerySet(NameSearchQuerySet):
    def public(self) -> "PlaceQuerySet":
        """Places that researchers may see: where at least one published event happened."""
        return self.filter(public_place())

    def for_api(self) -> "PlaceQuerySet":
        return self.prefetch_related("names")


class Place(MergeableRecord):
    """A city, base, port or region where events happen."""

    name = models.CharField("English name", max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=PlaceKind.choices)
    country = CountryField()
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinate_precision = models.CharField(max_length=10, choices=CoordinatePrecision.choices, blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)
    sound_key = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("merge_place", "Can merge a duplicate place into another")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_coordinates_in_range",
                violation_error_message="Give both latitude (−90…90) and longitude (−180…180), or neither.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, coordinate_precision="")
                | Q(latitude__isnull=False, longitude__isnull=False) & ~Q(coordinate_precision=""),
                name="%(app_label)s_%(class)s_coordinates_with_precision",
                violation_error_message="Coordinates need both latitude and longitude and a precision.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.code})" if self.country else self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.search_key = normalize(self.name)
        self.sound_key = sound_key(self.name)


class PlaceName(SearchKeyedName):
    """Other names of a place: its Arabic name, and spellings such as قاعدة تمنتات."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")

    history = HistoricalRecords()

    class Meta(SearchKeyedName.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["place", "language", "name"],
                name="%(app_label)s_%(class)s_unique_name_per_language",
                violation_error_message="This place already has this name in this language.",
            ),
        ]
