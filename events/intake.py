"""Intake help: what a source's text already says that an editor would otherwise type.

Entering one story by hand takes a trained editor about 90 minutes, much of it spent searching
for the actors and places the article names and working out which day "Wednesday evening" was.
Two readings of the text help, and both are *suggestions only*: the editor decides.

- ``mentions(text)``: the known actors and places whose names occur in the text, found by the
  same keys as every search (``actors.search``), so "حَفْتَر" in the text finds the name "حفتر",
  and "Hafter" finds "Hifter" by its sound key. The text is read once into its words; every run
  of one to ``MAX_NAME_WORDS`` words (a name's key is words joined by spaces) is looked up with
  ``search_key__in`` in batches: the number of queries grows with the text's size, never with
  its words one by one nor with the number of actors. Arabic proclitics (و، ف، ب، ل، ك, and
  لل for ل + ال) are taken off a run's first word as a second reading: "وحفتر", "بموسكو" and
  "للقيادة العامة…" find "حفتر", "موسكو" and "القيادة العامة…".
- ``relative_dates(text, published_on)``: weekdays ("مساء الأربعاء", "Friday"), "yesterday",
  "last week"… resolved against the publication date (a weekday is the most recent such day on
  or before it), and explicit dates ("9 مايو", "9 May 2025", "9/5/2025", "سبتمبر 2023"), each
  with the words it came from and a date note written as the demo data's notes are.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from actors.models import Actor, ActorName
from actors.search import ARABIC_LETTER_VARIANTS, is_searchable_sound_key, normalize, sound_key
from events.anchoring import paragraph_at, paragraph_starts
from events.choices import DatePrecision
from events.models import Place, PlaceName
from events.models.records import EARLIEST_YEAR, LATEST_YEAR

# The longest name, in words, looked for: "General Command of the Libyan Armed Forces" has 7.
MAX_NAME_WORDS = 7
# Keys per query: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
LOOKUP_BATCH = 5000
# Up to this many runs of words (an article of some 7,000 words), the runs are looked up in
# batches; beyond, every name is read once (``_read_every_name``).
FULL_READ_KEYS = 50_000
# What one mention or date suggestion lists of its occurrences (the count says how many in all).
MAX_OCCURRENCES = 20
MAX_DATE_SUGGESTIONS = 100

# A word as written: letters and digits with the Arabic marks and tatweel inside it, which
# ``\w`` alone would split "حَفْتَر" at.
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed])+")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")


# --- where a mention stands (paragraphs as events.anchoring counts them) ------------------------


@dataclass(frozen=True)
class Occurrence:
    """Where in the text: the words as written, their paragraph and character offsets."""

    words: str
    paragraph: int
    start: int
    end: int


# --- mentions of actors and places ------------------------------------------------------------


@dataclass
class Mention:
    """A known actor or place the text names, with where it does."""

    kind: str  # "actor" or "place"
    record: Actor | Place
    names: set[str] = field(default_factory=set)
    matched_by: str = "sound"  # "name" when a name's search key matched, else its sound key
    occurrences: list[Occurrence] = field(default_factory=list)
    count: int = 0

    @property
    def first(self) -> int:
        return self.occurrences[0].start if self.occurrences else 0


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    key: str
    sound: str
    paragraph: int
    readings: tuple[tuple[str, str], ...]  # (search key, sound key) of each reading as a first word


def _first_word_readings(key: str) -> list[str]:
    """The word, and the word without Arabic proclitics: وحفتر → حفتر, للقياده → القياده."""
    if not ARABIC_LETTER.match(key):
        return [key]
    stems = [key]
    if key.startswith(CONJUNCTIONS) and len(key) > 3:
        stems.append(key[1:])
    for stem in list(stems):
        if stem.startswith("لل") and len(stem) > 3:
            stems.append("ال" + stem[2:])
        elif stem.startswith(PREPOSITIONS) and len(stem) > 3:
            stems.append(stem[1:])
    return list(dict.fromkeys(stems))


def _words(text: str) -> list[_Word]:
    """The text's words with their keys, each distinct word read once."""
    starts = paragraph_starts(text)
    read: dict[str, tuple] = {}
    words = []
    for match in WORD.finditer(text):
        written = match.group()
        if written not in read:
            key = normalize(written)
            # Arabic is matched by its search key alone: with its vowels unwritten, the
            # consonants of a run of Arabic words match too many names by chance.
            sounds = bool(key) and not _is_arabic(key)
            readings = tuple(
                (reading, sound_key(reading) if sounds else "") for reading in _first_word_readings(key)
            )
            read[written] = (key, readings[0][1] if readings else "", readings)
        key, sound, readings = read[written]
        if key:
            words.append(
                _Word(match.start(), match.end(), key, sound, paragraph_at(starts, match.start()), readings)
            )
    return words


def _is_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text))


def _runs(words: list[_Word], search_prefixes=None, sound_prefixes=None):
    """Every run of 1 to ``MAX_NAME_WORDS`` words inside one paragraph, in each reading of its
    first word: (first index, last index, search key, sound key or "").

    Given the prefixes (whole words) of the keys that matter, a run stops growing as soon as
    it is no longer the start of one of them, so a long text is read in one quick pass.
    """
    for i, first in enumerate(words):
        last = min(i + MAX_NAME_WORDS, len(words))
        for reading, reading_sound in first.readings:
            key, skeleton = reading, reading_sound
            keys_alive = search_prefixes is None or key in search_prefixes
            sounds_alive = sound_prefixes is None or skeleton in sound_prefixes
            j = i
            while keys_alive or sounds_alive:
                # As in every search: a sound key too short to mean anything is not matched on.
                audible = sounds_alive and is_searchable_sound_key(skeleton)
                yield i, j, key if keys_alive else "", skeleton if audible else ""
                j += 1
                if j >= last or words[j].paragraph != first.paragraph:
                    break
                key = f"{key} {words[j].key}"
                if words[j].sound:
                    skeleton = f"{skeleton} {words[j].sound}" if skeleton else words[j].sound
                keys_alive = keys_alive and (search_prefixes is None or key in search_prefixes)
                sounds_alive = sounds_alive and (sound_prefixes is None or skeleton in sound_prefixes)


def _prefixes(keys) -> set[str]:
    """Each key and its starts at word boundaries: "a b c" → "a", "a b", "a b c"."""
    prefixes = set()
    for key in keys:
        words = key.split(" ")
        prefixes.update(" ".join(words[:end]) for end in range(1, len(words) + 1))
    return prefixes


def _batches(keys: set[str]) -> Iterator[list[str]]:
    ordered = sorted(keys)
    for at in range(0, len(ordered), LOOKUP_BATCH):
        yield ordered[at : at + LOOKUP_BATCH]


# Where names are kept: (kind, table, the record's id column, whether its sound key is indexed).
# Only the names tables index their sound keys; a record's own name is, by convention, also
# among its names in some spelling.
NAME_TABLES = [
    ("actor", Actor, "pk", False),
    ("actor", ActorName, "actor_id", True),
    ("place", Place, "pk", False),
    ("place", PlaceName, "place_id", True),
]


def _look_up(search_keys: set[str], sound_keys: set[str]):
    """Which of the keys are names: key → {(kind, id, name)}, for each of the two keys.

    Plain ``__in`` look-ups on the indexed key columns, in batches, without ordering and
    without a join, so that each database answers from the key's index.
    """
    by_name: dict[str, set] = {}
    by_sound: dict[str, set] = {}
    for kind, model, id_field, sound_indexed in NAME_TABLES:
        columns = [("search_key", search_keys, by_name)]
        if sound_indexed:
            columns.append(("sound_key", sound_keys, by_sound))
        for column, keys, found in columns:
            for batch in _batches(keys):
                rows = model._base_manager.filter(**{f"{column}__in": batch}).order_by()
                for record_id, key, name in rows.values_list(id_field, column, "name"):
                    found.setdefault(key, set()).add((kind, record_id, name))
    return by_name, by_sound


def _read_every_name(words: list[_Word]):
    """The same answer as ``_look_up`` for a long text, in one pass over every name.

    Over a few hundred thousand distinct runs of words, batches of look-ups cost more than
    reading each name once (and keeping those whose first word is one of the text's).
    """
    first_keys = {reading for word in words for reading, _ in word.readings}
    first_sounds = {sound.split(" ", 1)[0] for word in words for _, sound in word.readings if sound}
    by_name: dict[str, set] = {}
    by_sound: dict[str, set] = {}
    for kind, model, id_field, sound_indexed in NAME_TABLES:
        columns = [id_field, "search_key", "sound_key" if sound_indexed else "search_key", "name"]
        rows = model._base_manager.order_by().values_list(*columns).iterator(chunk_size=LOOKUP_BATCH)
        for record_id, key, skeleton, name in rows:
            if key.split(" ", 1)[0] in first_keys:
                by_name.setdefault(key, set()).add((kind, record_id, name))
            if sound_indexed and skeleton and skeleton.split(" ", 1)[0] in first_sounds:
                by_sound.setdefault(skeleton, set()).add((kind, record_id, name))
    return by_name, by_sound


def mentions(text: str) -> list[Mention]:
    """The known actors and places ``text`` names, in the order it first names them.

    A run of words matches a record when its search key is the key of one of the record's
    names (or of its own name), or failing that, for words in Latin or Cyrillic letters, when
    its sound key is that of one of its names in those letters ("Hafter" for "Hifter").
    ``matched_by`` says which. An occurrence inside a longer one of the same
    record counts once ("Moscow" inside "Moscow Kremlin" stays, being another place's).
    Merged records are left out: their names went to the records that took them over.
    """
    words = _words(text or "")
    if not words:
        return []
    if len(words) * MAX_NAME_WORDS <= FULL_READ_KEYS:
        search_keys: set[str] = set()
        sound_keys: set[str] = set()
        for _, _, key, skeleton in _runs(words):
            search_keys.add(key)
            if skeleton:
                sound_keys.add(skeleton)
        by_name, by_sound = _look_up(search_keys, sound_keys)
    else:
        by_name, by_sound = _read_every_name(words)
    if not by_name and not by_sound:
        return []

    spans: dict[tuple[str, int], dict[tuple[int, int], str]] = {}
    names: dict[tuple[str, int], set[str]] = {}
    for i, j, key, skeleton in _runs(words, _prefixes(by_name), _prefixes(by_sound)):
        hits = [(hit, "name") for hit in by_name.get(key, ())]
        if skeleton in by_sound:
            hits += [(hit, "sound") for hit in by_sound[skeleton] if not _is_arabic(hit[2])]
        for (kind, record_id, name), how in hits:
            span = (words[i].start, words[j].end)
            record_spans = spans.setdefault((kind, record_id), {})
            if record_spans.get(span) != "name":
                record_spans[span] = how
            names.setdefault((kind, record_id), set()).add(name)

    actor_ids = [record_id for kind, record_id in spans if kind == "actor"]
    place_ids = [record_id for kind, record_id in spans if kind == "place"]
    live = {"merged_into__isnull": True}
    records = {
        ("actor", actor.pk): actor
        for actor in Actor.objects.filter(pk__in=actor_ids, **live).prefetch_related("names")
    }
    records |= {("place", place.pk): place for place in Place.objects.filter(pk__in=place_ids, **live)}

    starts = paragraph_starts(text)
    found = []
    for (kind, record_id), record_spans in spans.items():
        if (kind, record_id) not in records:
            continue
        mention = Mention(kind, records[(kind, record_id)], names[(kind, record_id)])
        kept_end = -1
        for (start, end), how in sorted(record_spans.items(), key=lambda item: (item[0][0], -item[0][1])):
            if end <= kept_end:
                continue  # inside a longer occurrence of the same record
            kept_end = end
            mention.count += 1
            if how == "name":
                mention.matched_by = "name"
            if len(mention.occurrences) < MAX_OCCURRENCES:
                mention.occurrences.append(
                    Occurrence(text[start:end], paragraph_at(starts, start), start, end)
                )
        found.append(mention)
    return sorted(found, key=lambda mention: (mention.first, mention.kind, mention.record.pk))


# --- dates ------------------------------------------------------------------------------------

WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Written as the folded text has them (``_fold``): alef forms unified, ة as ه, no marks.
ARABIC_WEEKDAYS = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}
ARABIC_TIMES_OF_DAY = {
    "مساء": "evening",
    "صباح": "morning",
    "ليله": "night",
    "ظهر": "noon",
    "عصر": "afternoon",
    "فجر": "dawn",
    "يوم": "",
    "نهار": "day",
}
ARABIC_MONTHS = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "اغسطس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    # The Levantine and Iraqi names.
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
}
ENGLISH_MONTHS = (
    {name.lower(): number for number, name in enumerate(MONTHS_EN, 1)}
    | {name.lower()[:3]: number for number, name in enumerate(MONTHS_EN, 1)}
    | {"sept": 9}
)


def _alternatives(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


B, E = r"(?<!\w)", r"(?!\w)"
AR_MONTH = _alternatives(ARABIC_MONTHS)
EN_MONTH = _alternatives(ENGLISH_MONTHS) + r"\.?"
EN_WEEKDAY = _alternatives(day.lower() for day in WEEKDAYS_EN)
DAY, YEAR = r"(?P<day>\d{1,2})", r"(?P<year>\d{4})"

# Most specific first: a match is not read again by a later pattern.
DATE_PATTERNS = [
    ("iso", re.compile(rf"{B}{YEAR}[-/.](?P<month>\d{{1,2}})[-/.]{DAY}{E}")),
    ("numeric", re.compile(rf"{B}{DAY}[-/.](?P<month>\d{{1,2}})[-/.]{YEAR}{E}")),
    (
        "day_month",
        re.compile(
            rf"{B}{DAY}\s+(?:من\s+)?(?:شهر\s+)?(?P<month>{AR_MONTH})(?:\s+(?:من\s+)?(?:عام\s+|سنه\s+)?{YEAR})?{E}"
        ),
    ),
    (
        "day_month",
        re.compile(rf"{B}{DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{EN_MONTH})(?:,?\s+{YEAR})?{E}"),
    ),
    ("day_month", re.compile(rf"{B}(?P<month>{EN_MONTH})\s+{DAY}(?:st|nd|rd|th)?(?:,?\s+{YEAR})?{E}")),
    (
        "month_year",
        re.compile(rf"{B}(?:شهر\s+)?[بف]?(?P<month>{AR_MONTH})\s+(?:من\s+)?(?:عام\s+|سنه\s+)?{YEAR}{E}"),
    ),
    ("month_year", re.compile(rf"{B}(?P<month>{EN_MONTH})\s+(?:of\s+)?{YEAR}{E}")),
    (
        "weekday",
        re.compile(
            rf"{B}(?:(?P<time>[وف]?(?:{_alternatives(ARABIC_TIMES_OF_DAY)}))\s+)?[وبلف]?"
            rf"(?P<weekday>{_alternatives(ARABIC_WEEKDAYS)}){E}"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"{B}(?:(?:last|this past|on)\s+)?(?P<weekday>{EN_WEEKDAY})"
            rf"(?:\s+(?P<time>morning|afternoon|evening|night))?{E}"
        ),
    ),
    ("relative", re.compile(rf"{B}(?P<words>اول\s+امس|امس\s+الاول|the day before yesterday){E}")),
    (
        "relative",
        re.compile(
            rf"{B}[وف]?(?P<words>امس|الامس|البارحه|اليوم|غدا|الاسبوع الماضي|الاسبوع الفائت|الشهر الماضي"
            rf"|العام الماضي|السنه الماضيه|yesterday|today|tomorrow|last week|last month|last year){E}"
        ),
    ),
]
SPELLED_OUT = ("iso", "numeric", "day_month")
RELATIVE = {
    "اول امس": ("days", -2, "the day before yesterday"),
    "امس الاول": ("days", -2, "the day before yesterday"),
    "the day before yesterday": ("days", -2, "the day before yesterday"),
    "امس": ("days", -1, "yesterday"),
    "الامس": ("days", -1, "yesterday"),
    "البارحه": ("days", -1, "yesterday"),
    "yesterday": ("days", -1, "yesterday"),
    "اليوم": ("days", 0, "today"),
    "today": ("days", 0, "today"),
    "غدا": ("days", 1, "tomorrow"),
    "tomorrow": ("days", 1, "tomorrow"),
    "الاسبوع الماضي": ("week", -1, "last week"),
    "الاسبوع الفائت": ("week", -1, "last week"),
    "last week": ("week", -1, "last week"),
    "الشهر الماضي": ("month", -1, "last month"),
    "last month": ("month", -1, "last month"),
    "العام الماضي": ("year", -1, "last year"),
    "السنه الماضيه": ("year", -1, "last year"),
    "last year": ("year", -1, "last year"),
}
SPACES = re.compile(r"\s+")


@dataclass
class DateSuggestion:
    """A date the text gives, read or resolved, for the event's date fields and its note."""

    start_date: datetime.date
    precision: str
    reading: str  # in English: "Wednesday evening", "9 May 2025"
    end_date: datetime.date | None = None
    end_precision: str = ""
    uncertain: bool = False
    relative: bool = False  # resolved against the publication date
    year_assumed: bool = False  # a day and month without a year: the publication's year
    occurrences: list[Occurrence] = field(default_factory=list)
    count: int = 0

    @property
    def words(self) -> str:
        return self.occurrences[0].words if self.occurrences else ""

    def note(self, published_on: datetime.date | None) -> str:
        """The date note, in the demo data's words: where the date comes from and how it was read."""
        paragraphs = sorted({occurrence.paragraph for occurrence in self.occurrences})
        where = ", ".join(str(number) for number in paragraphs)
        where = f"paragraph{'s' if len(paragraphs) > 1 else ''} {where}"
        gloss = f"{self.reading}, " if self.relative else ""
        said = f'"{self.words}" ({gloss}{where})'
        result = self.result()
        if self.relative and published_on is not None:
            return f"{said} in an article dated {long_date(published_on)} → {result}."
        if self.year_assumed and published_on is not None:
            return f"{said}, in an article of {published_on.year} → {result}."
        if self.precision == DatePrecision.MONTH:
            return f"{said}: the month is known, the day is not → {result}."
        if self.precision == DatePrecision.YEAR:
            return f"{said}: the year is known → {result}."
        return f"The article gives the date itself: {said} → {result}."

    def result(self) -> str:
        start = _reading_of(self.start_date, self.precision)
        if self.end_date is None:
            return start
        return f"between {start} and {_reading_of(self.end_date, self.end_precision or self.precision)}"


def long_date(day: datetime.date) -> str:
    """ "Sunday 11 May 2025"."""
    return f"{WEEKDAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _reading_of(day: datetime.date, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS_EN[day.month - 1]} {day.year}"
    return long_date(day)


def _fold(text: str) -> tuple[str, list[int]]:
    """The text as the date patterns read it (lower case, Arabic marks and tatweel dropped,
    letter variants unified), with the offset in ``text`` of each of its characters."""
    folded, offsets = [], []
    for offset, char in enumerate(text):
        if unicodedata.combining(char) or char == "\u0640":
            continue
        lower = char.lower()
        folded.append((lower if len(lower) == 1 else char).translate(ARABIC_LETTER_VARIANTS))
        offsets.append(offset)
    return "".join(folded), offsets


def _in_bounds(day: datetime.date) -> bool:
    return EARLIEST_YEAR <= day.year <= LATEST_YEAR


def _month_number(written: str) -> int | None:
    return ARABIC_MONTHS.get(written) or ENGLISH_MONTHS.get(written.rstrip("."))


def _read(kind: str, match: re.Match, published_on: datetime.date | None) -> DateSuggestion | None:
    # Reckoning back or forth from a publication date at the ends of the calendar (1 January
    # of year 1, "last year") has no answer: no suggestion, rather than an error.
    try:
        return _reading(kind, match, published_on)
    except (OverflowError, ValueError):
        return None


def _reading(kind: str, match: re.Match, published_on: datetime.date | None) -> DateSuggestion | None:
    groups = match.groupdict()
    try:
        if kind in ("iso", "numeric", "day_month"):
            month = int(groups["month"]) if groups["month"].isdigit() else _month_number(groups["month"])
            year_assumed = not groups.get("year")
            if year_assumed and published_on is None:
                return None
            year = published_on.year if year_assumed else int(groups["year"])
            day = datetime.date(year, month, int(groups["day"]))
            return DateSuggestion(day, DatePrecision.DAY, long_date(day), year_assumed=year_assumed)
        if kind == "month_year":
            day = datetime.date(int(groups["year"]), _month_number(groups["month"]), 1)
            return DateSuggestion(day, DatePrecision.MONTH, _reading_of(day, DatePrecision.MONTH))
    except (TypeError, ValueError):
        return None
    if published_on is None:
        return None
    if kind == "weekday":
        weekday = ARABIC_WEEKDAYS.get(groups["weekday"])
        if weekday is None:
            weekday = WEEKDAYS_EN.index(groups["weekday"].capitalize())
        time = groups.get("time") or ""
        if time[1:] in ARABIC_TIMES_OF_DAY and time[:1] in CONJUNCTIONS:
            time = time[1:]  # "ومساء الأربعاء"
        time = ARABIC_TIMES_OF_DAY.get(time, time)
        day = published_on - datetime.timedelta(days=(published_on.weekday() - weekday) % 7)
        reading = f"{WEEKDAYS_EN[weekday]} {time}".strip()
        return DateSuggestion(day, DatePrecision.DAY, reading, relative=True)
    unit, amount, reading = RELATIVE[SPACES.sub(" ", groups["words"])]
    if unit == "days":
        day = published_on + datetime.timedelta(days=amount)
        return DateSuggestion(day, DatePrecision.DAY, reading, relative=True)
    if unit == "week":
        monday = published_on - datetime.timedelta(days=published_on.weekday() + 7)
        return DateSuggestion(
            monday,
            DatePrecision.DAY,
            reading,
            end_date=monday + datetime.timedelta(days=6),
            end_precision=DatePrecision.DAY,
            uncertain=True,
            relative=True,
        )
    if unit == "month":
        last_month = published_on.replace(day=1) - datetime.timedelta(days=1)
        return DateSuggestion(last_month.replace(day=1), DatePrecision.MONTH, reading, relative=True)
    return DateSuggestion(
        datetime.date(published_on.year - 1, 1, 1), DatePrecision.YEAR, reading, relative=True
    )


def relative_dates(text: str, published_on: datetime.date | None) -> list[DateSuggestion]:
    """The dates ``text`` gives, in the order it first gives them: one suggestion per reading
    of the same words ("الجمعة" in paragraphs 10 and 11 is one), with every place it occurs.

    Weekdays are the most recent such day on or before ``published_on`` (an article of Sunday
    11 May 2025: "مساء الأربعاء" → Wednesday 7 May, "الأحد" → 11 May); "last week" is the
    week (Monday to Sunday) before the publication's, as a range of uncertain days. Without a
    publication date only dates the text spells out with their year are read.
    """
    text = text or ""
    folded, offsets = _fold(text)
    starts = paragraph_starts(text)
    taken: list[tuple[int, int]] = []
    found: dict[tuple, DateSuggestion] = {}
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(folded):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            suggestion = _read(kind, match, published_on)
            if kind in SPELLED_OUT or suggestion is not None:
                # "45 May 2025" is no date, nor is its "May 2025" one.
                taken.append((match.start(), match.end()))
            if suggestion is None or not _in_bounds(suggestion.start_date):
                continue
            start, end = offsets[match.start()], offsets[match.end() - 1] + 1
            occurrence = Occurrence(text[start:end], paragraph_at(starts, start), start, end)
            same = (
                SPACES.sub(" ", folded[match.start() : match.end()]),
                suggestion.start_date,
                suggestion.end_date,
                suggestion.precision,
            )
            suggestion = found.setdefault(same, suggestion)
            suggestion.count += 1
            if len(suggestion.occurrences) < MAX_OCCURRENCES:
                suggestion.occurrences.append(occurrence)
    for suggestion in found.values():
        suggestion.occurrences.sort(key=lambda occurrence: occurrence.start)
    ordered = sorted(found.values(), key=lambda suggestion: suggestion.occurrences[0].start)
    return ordered[:MAX_DATE_SUGGESTIONS]
