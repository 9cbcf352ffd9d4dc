"""A realistic, reproducible synthetic dataset for benchmarks and scale tests.

The same seed gives the same records. Rows are built as unsaved model instances, so every
derived column (search keys, covered intervals) comes from the models' own ``fill_derived``
and each event's search documents from ``events.search``, then written in chunks: ``COPY … FROM STDIN`` on PostgreSQL, ``executemany`` on SQLite.
No history rows are written: this is bulk data, not editors' work.
"""

import bisect
import datetime
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django_countries.fields import CountryField

from actors.choices import ActorKind, Language, NameKind, OrganizationCategory
from actors.models import Actor, ActorName
from events.choices import (
    AgreementStage,
    AgreementSubject,
    AgreementType,
    CoordinatePrecision,
    DecisionOutcome,
    DecisionType,
    EventKind,
    EventLinkKind,
    ItemCategory,
    OperationOutcome,
    OperationType,
    ParticipantRole,
    PersonnelKind,
    PlaceKind,
    RecordStatus,
    SourceKind,
    Stance,
    StatementStance,
    TieKind,
    TransferStatus,
)
from events.claimed_values import refresh_disputes
from events.fields import ChoiceListField
from events.models import Claim, Event, EventLink, Participant, Place, PlaceName, Source, Stage, Tie
from events.search import search_documents

# (ISO code, English, Arabic, Russian, latitude, longitude)
COUNTRIES = [
    ("LY", "Libya", "ليبيا", "Ливия", 27.0, 17.0),
    ("RU", "Russia", "روسيا", "Россия", 55.7, 37.6),
    ("BY", "Belarus", "بيلاروسيا", "Беларусь", 53.9, 27.6),
    ("US", "United States", "الولايات المتحدة", "США", 38.9, -77.0),
    ("EG", "Egypt", "مصر", "Египет", 30.0, 31.2),
    ("TR", "Turkey", "تركيا", "Турция", 39.9, 32.9),
    ("AE", "United Arab Emirates", "الإمارات", "ОАЭ", 24.5, 54.4),
    ("SA", "Saudi Arabia", "السعودية", "Саудовская Аравия", 24.7, 46.7),
    ("QA", "Qatar", "قطر", "Катар", 25.3, 51.5),
    ("SY", "Syria", "سوريا", "Сирия", 33.5, 36.3),
    ("IQ", "Iraq", "العراق", "Ирак", 33.3, 44.4),
    ("SD", "Sudan", "السودان", "Судан", 15.6, 32.5),
    ("TN", "Tunisia", "تونس", "Тунис", 36.8, 10.2),
    ("DZ", "Algeria", "الجزائر", "Алжир", 36.7, 3.1),
    ("FR", "France", "فرنسا", "Франция", 48.9, 2.4),
    ("IT", "Italy", "إيطاليا", "Италия", 41.9, 12.5),
    ("CN", "China", "الصين", "Китай", 39.9, 116.4),
    ("IR", "Iran", "إيران", "Иран", 35.7, 51.4),
    ("ML", "Mali", "مالي", "Мали", 12.6, -8.0),
    ("NE", "Niger", "النيجر", "Нигер", 13.5, 2.1),
    ("TD", "Chad", "تشاد", "Чад", 12.1, 15.0),
    ("CF", "Central African Republic", "جمهورية أفريقيا الوسطى", "ЦАР", 4.4, 18.6),
    ("YE", "Yemen", "اليمن", "Йемен", 15.4, 44.2),
    ("JO", "Jordan", "الأردن", "Иордания", 31.9, 35.9),
]

# (English, Arabic, Russian): combined into people's names.
GIVEN_NAMES = [
    ("Khalifa", "خليفة", "Халифа"),
    ("Khaled", "خالد", "Халед"),
    ("Saddam", "صدام", "Саддам"),
    ("Mohammed", "محمد", "Мухаммед"),
    ("Ahmed", "أحمد", "Ахмед"),
    ("Ali", "علي", "Али"),
    ("Omar", "عمر", "Омар"),
    ("Youssef", "يوسف", "Юсуф"),
    ("Ibrahim", "إبراهيم", "Ибрагим"),
    ("Hassan", "حسن", "Хасан"),
    ("Mustafa", "مصطفى", "Мустафа"),
    ("Abdullah", "عبد الله", "Абдулла"),
    ("Fathi", "فتحي", "Фатхи"),
    ("Aguila", "عقيلة", "Агила"),
    ("Osama", "أسامة", "Усама"),
    ("Belqasem", "بلقاسم", "Белькасем"),
    ("Hamza", "حمزة", "Хамза"),
    ("Tareq", "طارق", "Тарек"),
    ("Sergei", "سيرغي", "Сергей"),
    ("Andrei", "أندريه", "Андрей"),
    ("Dmitry", "دميتري", "Дмитрий"),
    ("Yunus-Bek", "يونس بك", "Юнус-Бек"),
    ("Mikhail", "ميخائيل", "Михаил"),
    ("Viktor", "فيكتور", "Виктор"),
]
FAMILY_NAMES = [
    ("Haftar", "حفتر", "Хафтар"),
    ("Dbeibah", "الدبيبة", "Дбейба"),
    ("Bashagha", "باشاغا", "Башага"),
    ("Saleh", "صالح", "Салех"),
    ("Mangoush", "المنقوش", "Мангуш"),
    ("Zawi", "الزاوي", "Зауи"),
    ("Obeidi", "العبيدي", "Обейди"),
    ("Naduri", "الناظوري", "Надури"),
    ("Tarhouni", "الترهوني", "Тархуни"),
    ("Sewehli", "السويحلي", "Сувейхли"),
    ("Mishri", "المشري", "Мишри"),
    ("Kabir", "الكبير", "Кабир"),
    ("Belousov", "بيلوسوف", "Белоусов"),
    ("Shoigu", "شويغو", "Шойгу"),
    ("Yevkurov", "يفكيروف", "Евкуров"),
    ("Lavrov", "لافروف", "Лавров"),
    ("Bogdanov", "بوغدانوف", "Богданов"),
    ("Volkov", "فولكوف", "Волков"),
    ("Ivanov", "إيفانوف", "Иванов"),
    ("Petrov", "بيتروف", "Петров"),
    ("Sokolov", "سوكولوف", "Соколов"),
    ("Kuznetsov", "كوزنتسوف", "Кузнецов"),
    ("Morozov", "موروزوف", "Морозов"),
    ("Orlov", "أورلوف", "Орлов"),
]
# (category, English pattern, Arabic pattern)
STATE_BODIES = [
    (OrganizationCategory.GOVERNMENT_BODY, "{country} Ministry of Defence", "وزارة الدفاع في {country}"),
    (
        OrganizationCategory.GOVERNMENT_BODY,
        "{country} Ministry of Foreign Affairs",
        "وزارة الخارجية في {country}",
    ),
    (OrganizationCategory.GOVERNMENT_BODY, "{country} Security Council", "مجلس الأمن القومي في {country}"),
    (
        OrganizationCategory.GOVERNMENT_BODY,
        "{country} Presidential Press Office",
        "المكتب الإعلامي للرئاسة في {country}",
    ),
    (OrganizationCategory.ARMED_FORCE, "{country} Armed Forces", "القوات المسلحة في {country}"),
    (OrganizationCategory.ARMED_FORCE, "{country} Ground Forces", "القوات البرية في {country}"),
    (
        OrganizationCategory.PRIVATE_MILITARY_COMPANY,
        "{country} Security Contractors",
        "شركة أمنية خاصة من {country}",
    ),
]
PLACE_WORDS = [
    ("Air Base", "قاعدة", PlaceKind.BASE),
    ("Port", "ميناء", PlaceKind.PORT),
    ("City", "مدينة", PlaceKind.CITY),
    ("Region", "منطقة", PlaceKind.REGION),
]
PLACE_STEMS = [
    ("Tamanhint", "تمنهنت"),
    ("Jufra", "الجفرة"),
    ("Brak", "براك"),
    ("Sabha", "سبها"),
    ("Sirte", "سرت"),
    ("Benghazi", "بنغازي"),
    ("Tobruk", "طبرق"),
    ("Misrata", "مصراتة"),
    ("Kufra", "الكفرة"),
    ("Ghat", "غات"),
    ("Derna", "درنة"),
    ("Ajdabiya", "أجدابيا"),
    ("Hmeimim", "حميميم"),
    ("Tartus", "طرطوس"),
    ("Latakia", "اللاذقية"),
    ("Bamako", "باماكو"),
]
QUOTE_TEMPLATES = {
    EventKind.MEETING: "التقى {a} مع {b} في {place} وبحث الجانبان سبل تعزيز التعاون العسكري",
    EventKind.VISIT: "وصل {a} إلى {place} في زيارة رسمية بناءً على دعوة من {b}",
    EventKind.AGREEMENT: "وقّع {a} و{b} اتفاقية تهدف إلى تعزيز القدرات العسكرية عبر الدعم اللوجستي والتدريب",
    EventKind.DEPLOYMENT: "كشفت تقارير عن نشر {a} مدربين في {place} بالتنسيق مع {b}",
    EventKind.DECISION: "أعلن {a} قرارا بشأن {b} بعد تصويت في {place}",
    EventKind.OPERATION: "شنت قوات {a} هجوما على مواقع {b} قرب {place}",
    EventKind.TRANSFER: "كشفت تقارير عن نقل شحنات أسلحة من {a} إلى {b} عبر {place}",
    EventKind.STATEMENT: "أعرب {a} في بيان صدر في {place} عن موقفه من {b}",
}
TITLE_TEMPLATES = {
    EventKind.MEETING: ("{a} meets {b}", "لقاء {a} و{b}"),
    EventKind.VISIT: ("{a} visits {place}", "زيارة {a} إلى {place}"),
    EventKind.AGREEMENT: ("{a} and {b} sign an agreement", "اتفاقية بين {a} و{b}"),
    EventKind.DEPLOYMENT: ("{a} deploys to {place}", "انتشار {a} في {place}"),
    EventKind.DECISION: ("{a} decides on {b}", "قرار {a} بشأن {b}"),
    EventKind.OPERATION: ("{a} attacks {b} near {place}", "هجوم {a} على {b} قرب {place}"),
    EventKind.TRANSFER: ("{a} supplies arms to {b}", "نقل أسلحة من {a} إلى {b}"),
    EventKind.STATEMENT: ("{a} speaks about {b}", "تصريح {a} بشأن {b}"),
}
# Per kind: the first participant's role (one of events.choices.REQUIRED_ROLES where the kind
# has any), then the roles the others take: the second the first of them, any further one
# a random one. Every role is one ROLES_OF_KIND allows.
ROLES = {
    EventKind.MEETING: (ParticipantRole.ATTENDEE, (ParticipantRole.ATTENDEE,)),
    EventKind.VISIT: (ParticipantRole.VISITOR, (ParticipantRole.HOST, ParticipantRole.RECEIVED_BY)),
    EventKind.AGREEMENT: (
        ParticipantRole.SIGNATORY,
        (ParticipantRole.SIGNATORY, ParticipantRole.WITNESS, ParticipantRole.MEDIATOR),
    ),
    EventKind.DEPLOYMENT: (ParticipantRole.DEPLOYING, (ParticipantRole.HOSTING, ParticipantRole.SUPPORTER)),
    EventKind.DECISION: (ParticipantRole.DECIDING_BODY, (ParticipantRole.SUBJECT, ParticipantRole.TARGET)),
    EventKind.OPERATION: (
        ParticipantRole.ATTACKER,
        (ParticipantRole.DEFENDER, ParticipantRole.SUPPORTER, ParticipantRole.TARGET),
    ),
    EventKind.TRANSFER: (ParticipantRole.SUPPLIER, (ParticipantRole.RECIPIENT, ParticipantRole.MEDIATOR)),
    EventKind.STATEMENT: (ParticipantRole.SPEAKER, (ParticipantRole.SUBJECT, ParticipantRole.TARGET)),
}
KIND_WEIGHTS = [
    (EventKind.MEETING, 36),
    (EventKind.VISIT, 15),
    (EventKind.AGREEMENT, 12),
    (EventKind.DEPLOYMENT, 10),
    (EventKind.DECISION, 7),
    (EventKind.OPERATION, 8),
    (EventKind.TRANSFER, 7),
    (EventKind.STATEMENT, 5),
]
TRANSFER_ITEMS = [
    (ItemCategory.AIRCRAFT, "Bayraktar TB2 drones"),
    (ItemCategory.AIR_DEFENCE, "Pantsir-S1 air-defence systems"),
    (ItemCategory.ARMOURED_VEHICLES, "armoured personnel carriers"),
    (ItemCategory.ARTILLERY, "self-propelled howitzers"),
    (ItemCategory.MISSILES, "anti-tank missiles"),
    (ItemCategory.SMALL_ARMS, "assault rifles"),
    (ItemCategory.AMMUNITION, "artillery shells"),
    (ItemCategory.EQUIPMENT, "military equipment"),
]
STATUS_WEIGHTS = [
    (RecordStatus.PUBLISHED, 85),
    (RecordStatus.DRAFT, 8),
    (RecordStatus.IN_REVIEW, 4),
    (RecordStatus.RETRACTED, 3),
]
EPOCH = datetime.date(1995, 1, 1)
DAYS = (datetime.date(2026, 10, 31) - EPOCH).days


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


class ChunkedWriter:
    """Insert rows of one model in chunks, with the fastest path the database offers."""

    def __init__(self, model, chunk_size=20000):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.chunk_size = chunk_size
        self.rows = []
        self.count = 0
        # Country objects and lists of choices (stored as ",a,b,") need converting everywhere;
        # SQLite's driver also cannot bind Decimal, and wants naive UTC datetimes.
        needs_preparing = (CountryField, models.JSONField, ChoiceListField)
        if connection.vendor != "postgresql":
            needs_preparing += (models.DecimalField, models.DateTimeField)
        self.prepared = {i for i, f in enumerate(self.fields) if isinstance(f, needs_preparing)}

    def add(self, instance):
        row = [getattr(instance, f.attname) for f in self.fields]
        for i in self.prepared:
            row[i] = self.fields[i].get_db_prep_save(row[i], connection)
        self.rows.append(row)
        if len(self.rows) >= self.chunk_size:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", self.rows)  # noqa: S608
        self.count += len(self.rows)
        self.rows = []


@dataclass
class GeneratedActor:
    id: int
    names: tuple  # (English, Arabic)
    country: str
    keys: tuple  # (search keys, sound keys) of all its names, as events/search.py reads them


class DatasetGenerator:
    """Fill the database with ``events`` events and everything around them."""

    def __init__(self, events, seed=7, log=None):
        self.event_total = events
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.now = timezone.now()
        self.writers = {}
        self.next_ids = {}

    def writer(self, model):
        if model not in self.writers:
            self.writers[model] = ChunkedWriter(model)
        return self.writers[model]

    def new_id(self, model):
        if model not in self.next_ids:
            last = model.objects.aggregate(models.Max("pk"))["pk__max"] or 0
            self.next_ids[model] = itertools.count(last + 1)
        return next(self.next_ids[model])

    def save(self, instance, derive=True, roles=None):
        """Write ``instance``, with its derived columns unless ``derive`` is false (the caller
        filled them); an event's crosswalk codes read the ``roles`` given, when given, since its
        participants are not in the database yet."""
        if instance.pk is None:
            instance.pk = self.new_id(type(instance))
        if derive and hasattr(instance, "fill_derived"):
            instance.fill_derived()
        if roles is not None:
            instance.fill_codes(roles)
        for name in ("created_at", "updated_at"):
            if hasattr(instance, name):
                setattr(instance, name, self.now)
        self.writer(type(instance)).add(instance)
        return instance

    @transaction.atomic
    def run(self):
        self.make_actors()
        self.make_places()
        self.make_sources()
        self.make_ties()
        self.make_events()
        for writer in self.writers.values():
            writer.flush()
        # Denied events are disputed, with the reason "denied by …": from the rows written, by
        # the one rule of events.claimed_values (none of the generated claims states a value).
        refresh_disputes(event_ids=self.denied_events)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.writers)):
                    cursor.execute(sql)
        return {model._meta.label: writer.count for model, writer in self.writers.items()}

    # Actors: states, their bodies, and people, with names in three scripts.

    def add_names(self, actor, english, arabic, russian, alias=None):
        """Save the actor's names; returns the keys its events' search documents hold."""
        names = [
            ActorName(actor=actor, name=english, language=Language.ENGLISH, kind=NameKind.OFFICIAL),
            ActorName(actor=actor, name=arabic, language=Language.ARABIC, kind=NameKind.OFFICIAL),
            ActorName(actor=actor, name=russian, language=Language.RUSSIAN, kind=NameKind.TRANSLITERATION),
        ]
        if alias:
            names.append(ActorName(actor=actor, name=alias, language=Language.ENGLISH, kind=NameKind.ALIAS))
        for name in names:
            self.save(name)
        return (
            [actor.search_key, *(name.search_key for name in names)],
            [actor.sound_key, *(name.sound_key for name in names)],
        )

    def make_actors(self):
        rng = self.rng
        people_total = max(40, self.event_total // 200)
        self.states, self.bodies, self.people = [], [], []
        for code, english, arabic, russian, *_ in COUNTRIES:
            state = self.save(
                Actor(kind=ActorKind.STATE, name=english, slug=f"state-{code.lower()}", country=code)
            )
            keys = self.add_names(state, english, arabic, russian)
            self.states.append(GeneratedActor(state.pk, (english, arabic), code, keys))
            for category, pattern_en, pattern_ar in STATE_BODIES:
                name_en, name_ar = pattern_en.format(country=english), pattern_ar.format(country=arabic)
                body = self.save(
                    Actor(
                        kind=ActorKind.ORGANIZATION,
                        category=category,
                        name=name_en,
                        slug=f"body-{state.pk}-{len(self.bodies)}",
                        country=code,
                        parent=state,
                    )
                )
                keys = self.add_names(body, name_en, name_ar, name_en)
                self.bodies.append(GeneratedActor(body.pk, (name_en, name_ar), code, keys))
        for number in range(people_total):
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            code = rng.choice(COUNTRIES)[0]
            english = f"{given[0]} {family[0]}"
            person = self.save(
                Actor(kind=ActorKind.PERSON, name=english, slug=f"person-{number}", country=code)
            )
            # A spelling that differs in its vowels, as reporting often has.
            alias = english.replace("a", "e", 1) if "a" in english else english + "e"
            keys = self.add_names(
                person, english, f"{given[1]} {family[1]}", f"{given[2]} {family[2]}", alias
            )
            self.people.append(GeneratedActor(person.pk, (english, f"{given[1]} {family[1]}"), code, keys))
        # A few actors take part in most events: weights fall off with rank (Zipf-like).
        self.actors = self.states + self.bodies + self.people
        rng.shuffle(self.actors)
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(self.actors)))
        )

    def pick_actors(self, count):
        chosen = {}
        while len(chosen) < count:
            point = self.rng.random() * self.cumulative[-1]
            actor = self.actors[bisect.bisect(self.cumulative, point)]
            chosen[actor.id] = actor
        return list(chosen.values())

    def make_places(self):
        rng = self.rng
        self.places = []
        self.place_keys = {}
        total = max(20, self.event_total // 500)
        for number in range(total):
            code, _, _, _, lat, lon = rng.choice(COUNTRIES)
            stem_en, stem_ar = rng.choice(PLACE_STEMS)
            word_en, word_ar, kind = rng.choice(PLACE_WORDS)
            place = self.save(
                Place(
                    name=f"{stem_en} {word_en} {number}",
                    slug=f"place-{number}",
                    kind=kind,
                    country=code,
                    latitude=Decimal(f"{lat + rng.uniform(-3, 3):.5f}"),
                    longitude=Decimal(f"{lon + rng.uniform(-3, 3):.5f}"),
                    coordinate_precision=rng.choice(CoordinatePrecision.values),
                )
            )
            arabic = f"{word_ar} {stem_ar}"
            alias = self.save(PlaceName(place=place, name=arabic, language=Language.ARABIC))
            self.places.append((place.pk, place.name, arabic))
            # What finds an event by its place (events.search), as for actors' names.
            self.place_keys[place.pk] = (
                [place.search_key, alias.search_key],
                [place.sound_key, alias.sound_key],
            )

    def make_sources(self):
        rng = self.rng
        self.sources = []
        grades = [("A", 3), ("B", 20), ("C", 35), ("D", 20), ("E", 7), ("F", 15)]
        for number in range(max(10, self.event_total // 10)):
            published = EPOCH + datetime.timedelta(days=rng.randrange(DAYS))
            source = self.save(
                Source(
                    kind=rng.choice(SourceKind.values),
                    title=f"تقرير رقم {number} عن التطورات العسكرية والسياسية",
                    publisher=f"Publisher {rng.randrange(200)}",
                    url=f"https://news.example.org/{number}",
                    language=rng.choice(
                        [Language.ARABIC, Language.ARABIC, Language.ENGLISH, Language.RUSSIAN]
                    ),
                    published_on=published,
                    reliability=weighted(rng, grades),
                )
            )
            # Objects, not ids: a claim anchors its quote in its source's text (none here) on save.
            self.sources.append(source)

    def make_ties(self):
        rng = self.rng
        for person in self.people:
            body = rng.choice(self.bodies)
            kind = weighted(
                rng,
                [
                    (TieKind.MEMBER_OF, 4),
                    (TieKind.HOLDS_OFFICE_IN, 3),
                    (TieKind.COMMANDS, 2),
                    (TieKind.LEADS, 1),
                ],
            )
            self.make_tie(person.id, kind, body.id)
            if rng.random() < 0.3:
                other = rng.choice(self.people)
                if other.id != person.id:
                    self.make_tie(person.id, TieKind.CHILD_OF, other.id)

    def make_tie(self, subject_id, kind, object_id):
        rng = self.rng
        start = EPOCH + datetime.timedelta(days=rng.randrange(DAYS)) if rng.random() < 0.6 else None
        tie = self.save(
            Tie(
                subject_id=subject_id,
                kind=kind,
                object_id=object_id,
                start_date=start,
                start_precision=rng.choice(["day", "month", "year"]),
                status=weighted(rng, STATUS_WEIGHTS),
            )
        )
        self.stamp(tie)
        self.save(
            Claim(
                source=rng.choice(self.sources),
                tie=tie,
                quote="وأكد المصدر أن العلاقة بين الطرفين قائمة منذ سنوات",
                quote_language=Language.ARABIC,
                credibility=rng.randint(1, 6),
            )
        )

    def stamp(self, record):
        if record.status in (RecordStatus.PUBLISHED, RecordStatus.RETRACTED):
            record.published_at = self.now
        if record.status == RecordStatus.RETRACTED:
            record.withdrawn_at = self.now

    # Events with their participants and claims.

    def make_events(self):
        self.made, reported = 0, 0
        self.denied_events = []
        while self.made < self.event_total:
            self.make_event(kind=weighted(self.rng, KIND_WEIGHTS))
            if self.made - reported >= 100000:
                reported = self.made
                self.log(f"{self.made:,} events")

    def make_event(self, kind, parent=None, within=None):
        rng = self.rng
        actors = self.pick_actors(rng.choice([2, 2, 2, 3, 3, 4]))
        place_id, place_en, place_ar = rng.choice(self.places)
        first, second = actors[0], actors[1]
        if within:
            start = within[0] + datetime.timedelta(days=rng.randrange((within[1] - within[0]).days + 1))
            precision, end, uncertain = "day", None, False
        else:
            start = EPOCH + datetime.timedelta(days=int(DAYS * rng.random() ** 0.5))
            precision = weighted(rng, [("day", 80), ("month", 15), ("year", 5)])
            end, uncertain = None, False
            if kind == EventKind.VISIT or rng.random() < 0.05:
                end = start + datetime.timedelta(days=rng.randint(1, 6))
                uncertain = kind != EventKind.VISIT
                precision = "day"
        title_en, title_ar = TITLE_TEMPLATES[kind]
        details = self.details(kind, start, end)
        # The event's row is written last, once its search documents can be built; its id is
        # taken first, for its participants and claims to point to, once its derived columns
        # are filled (with no id, fill_derived reads no participants from the database).
        event = Event(
            kind=kind,
            title=title_en.format(a=first.names[0], b=second.names[0], place=place_en),
            title_ar=title_ar.format(a=first.names[1], b=second.names[1], place=place_ar),
            start_date=start,
            start_precision=precision,
            end_date=end,
            date_uncertain=uncertain,
            place_id=place_id,
            parent_id=parent,
            status=weighted(rng, STATUS_WEIGHTS),
            **details,
        )
        event.fill_derived()
        event.pk = self.new_id(Event)
        self.stamp(event)
        first_role, other_roles = ROLES[kind]
        roles = [first_role, other_roles[0]]
        roles += [rng.choice(other_roles) for _ in actors[2:]]
        for actor, role in zip(actors, roles, strict=True):
            self.save(Participant(event=event, actor_id=actor.id, role=role))
        if kind == EventKind.AGREEMENT:
            event.agreement_stage = self.make_stages(event)
        # The crosswalk's codes from the roles just generated (no query per event), and from the
        # latest stage, which they read.
        event.fill_codes(roles=set(roles))
        quote = QUOTE_TEMPLATES[kind].format(a=first.names[1], b=second.names[1], place=place_ar)
        claim_keys = []
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            speaker = rng.choice(self.bodies).id if rng.random() < 0.4 else None
            claim = self.save(
                Claim(
                    source=rng.choice(self.sources),
                    event=event,
                    quote=quote,
                    quote_language=Language.ARABIC,
                    translation=event.title,
                    locator=f"paragraph {rng.randint(1, 20)}",
                    credibility=weighted(rng, [(1, 10), (2, 25), (3, 30), (4, 15), (5, 5), (6, 15)]),
                    stance=weighted(rng, [(Stance.ASSERTS, 88), (Stance.CONFIRMS, 8), (Stance.DENIES, 4)]),
                    speaker_id=speaker,
                )
            )
            claim_keys.append(claim.search_key)
            if claim.stance == Stance.DENIES:
                self.denied_events.append(event.pk)
        event.search_document, event.sound_document = search_documents(
            event.search_key, claim_keys, [actor.keys for actor in actors], self.place_keys[place_id]
        )
        self.save(event, derive=False)
        self.made += 1
        if kind == EventKind.VISIT:
            meetings = min(rng.choice([0, 1, 1, 2, 3]), self.event_total - self.made)
            for _ in range(meetings):
                self.make_event(EventKind.MEETING, parent=event.pk, within=(event.date_lo, event.date_hi))
        if kind == EventKind.AGREEMENT and rng.random() < 0.2 and getattr(self, "last_meeting", None):
            self.save(EventLink(from_event_id=self.last_meeting, to_event=event, kind=EventLinkKind.LED_TO))
        if kind == EventKind.DECISION and rng.random() < 0.4 and getattr(self, "last_agreement", None):
            self.save(
                EventLink(
                    from_event_id=event.pk, to_event_id=self.last_agreement, kind=EventLinkKind.CONCERNS
                )
            )
        if kind == EventKind.MEETING:
            self.last_meeting = event.pk
        if kind == EventKind.AGREEMENT:
            self.last_agreement = event.pk

    def details(self, kind, start, end):
        """The kind's own columns, in the proportions real records show."""
        rng = self.rng
        if kind == EventKind.VISIT:
            return {"visit_on_invitation": rng.random() < 0.7, "visit_occasion": "official visit"}
        if kind == EventKind.AGREEMENT:
            subjects = rng.sample(AgreementSubject.values, rng.choice([1, 1, 2, 3]))
            return {"agreement_type": rng.choice(AgreementType.values), "agreement_subjects": subjects}
        if kind == EventKind.DEPLOYMENT:
            low = rng.randint(5, 500)
            return {
                "deployment_personnel": rng.sample(PersonnelKind.values, rng.choice([1, 1, 1, 2, 3])),
                "deployment_size_min": low,
                "deployment_size_max": low * rng.randint(1, 4),
                "ongoing": end is None and rng.random() < 0.2,
            }
        if kind == EventKind.DECISION:
            decision_type = rng.choice(DecisionType.values)
            details = {"decision_type": decision_type, "decision_outcome": rng.choice(DecisionOutcome.values)}
            if decision_type in (DecisionType.VOTE, DecisionType.RATIFICATION, DecisionType.RESOLUTION):
                votes_for = rng.randint(20, 400)
                details.update(
                    votes_for=votes_for,
                    votes_against=rng.randint(0, votes_for),
                    votes_abstaining=rng.randint(0, 30),
                )
            return details
        if kind == EventKind.OPERATION:
            return {
                "operation_type": rng.choice(OperationType.values),
                "operation_outcome": rng.choice(OperationOutcome.values),
                "ongoing": end is None and rng.random() < 0.15,
            }
        if kind == EventKind.TRANSFER:
            category, item = rng.choice(TRANSFER_ITEMS)
            low = rng.randint(1, 50)
            return {
                "transfer_item_category": category,
                "transfer_item": item,
                "transfer_status": weighted(
                    rng, [(TransferStatus.DELIVERED, 70), (TransferStatus.ORDERED, 30)]
                ),
                "transfer_quantity_min": low,
                "transfer_quantity_max": low * rng.randint(1, 3),
            }
        if kind == EventKind.STATEMENT:
            return {"statement_stance": rng.choice(StatementStance.values)}
        return {}

    def make_stages(self, agreement):
        """An agreement's stages, written in bulk like every row here: mostly signed at its start,
        then often ratified and in force, now and then suspended or terminated; a few only
        proposed. Returns the latest, which Stage.save would otherwise store on the agreement."""
        rng = self.rng
        if rng.random() < 0.1:
            steps = [(AgreementStage.PROPOSED, 0)]
        else:
            steps = [(AgreementStage.SIGNED, 0)]
            if rng.random() < 0.5:
                steps.append((AgreementStage.RATIFIED, rng.randint(20, 200)))
                if rng.random() < 0.8:
                    steps.append((AgreementStage.IN_FORCE, rng.randint(0, 60)))
                    if rng.random() < 0.1:
                        steps.append(
                            (
                                rng.choice([AgreementStage.SUSPENDED, AgreementStage.TERMINATED]),
                                rng.randint(100, 2000),
                            )
                        )
        # Later steps count from the end of the period the first one may stand for.
        day = agreement.date_lo
        for position, (stage, after) in enumerate(steps):
            day = (agreement.date_hi if position == 1 else day) + datetime.timedelta(days=after)
            precision = agreement.start_precision if position == 0 else "day"
            self.save(Stage(agreement_id=agreement.pk, stage=stage, date=day, date_precision=precision))
        return steps[-1][0]
