"""Intake help: the actors, places and dates a source's text gives (events.intake), and the admin's
JSON view for the panel "From the source's text"."""

import datetime
import random
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import events.intake
from actors.choices import Language
from actors.models import Actor
from events.demo.seed_story import CORPUS_FILE
from events.intake import mentions, paragraph_starts, relative_dates
from events.models import Place, Source
from tests.factories import ActorFactory, ActorNameFactory, SourceFactory, UserFactory

ARTICLE = (Path(events.demo.__file__).parent / CORPUS_FILE).read_text(encoding="utf-8")
PUBLISHED_ON = datetime.date(2025, 5, 11)  # Sunday

# The demo actors the article names, in its own spelling, or with a clitic (وروسيا, للجيش…).
NAMED_ACTORS = {
    "khalifa-haftar",
    "khaled-haftar",
    "saddam-haftar",
    "vladimir-putin",
    "andrei-belousov",
    "sergei-shoigu",
    "yunus-bek-yevkurov",
    "russian-federation",
    "united-states",
    "libyan-national-army",
    "security-council-of-russia",
    "kremlin-press-office",
}
# Demo actors it does not name: "بيلاروسيين" is an adjective, "وزير الدفاع" is the minister
# (not "وزارة الدفاع الروسية"), "وزارة الخارجية" lacks "الأمريكية".
UNNAMED_ACTORS = {"belarus", "russian-ministry-of-defence", "us-state-department"}
NAMED_PLACES = {
    "moscow",
    "moscow-kremlin",
    "red-square",
    "tamanhint-air-base",
    "washington",
    "united-states",
    "libya",
}


def by_slug(found, kind):
    return {mention.record.slug: mention for mention in found if mention.kind == kind}


@pytest.fixture
def article_source(demo_data):
    source = Source.objects.get(published_on=PUBLISHED_ON)
    source.text = ARTICLE
    source.save()
    return source


# --- mentions ---------------------------------------------------------------------------------


def test_the_seed_article_names_the_demo_actors_and_places_it_speaks_of(demo_data):
    unrelated = ActorFactory(name="Recep Tayyip Erdoğan", slug="erdogan")
    ActorNameFactory(actor=unrelated, name="رجب طيب أردوغان", language=Language.ARABIC)

    found = mentions(ARTICLE)

    actors, places = by_slug(found, "actor"), by_slug(found, "place")
    assert set(actors) == NAMED_ACTORS
    assert not set(actors) & (UNNAMED_ACTORS | {"erdogan"})
    assert set(places) == NAMED_PLACES
    assert all(mention.matched_by == "name" for mention in found)


def test_each_mention_says_where_with_the_words_as_written(demo_data):
    actors, places = by_slug(mentions(ARTICLE), "actor"), by_slug(mentions(ARTICLE), "place")
    starts = paragraph_starts(ARTICLE)

    shoigu = actors["sergei-shoigu"]
    assert shoigu.count == 2
    assert [occurrence.words for occurrence in shoigu.occurrences] == ["سيرغي شويغو"] * 2
    for occurrence in shoigu.occurrences:
        assert ARTICLE[occurrence.start : occurrence.end] == "سيرغي شويغو"
        assert starts[occurrence.paragraph - 1] <= occurrence.start
    # Paragraphs are the blocks between blank lines: the headline, the standfirst (with the
    # dateline and subheading), then the body, whose "paragraph 10" is block 12.
    assert {occurrence.paragraph for occurrence in shoigu.occurrences} == {3, 12}
    # The article's own spelling of the base is an alias.
    assert places["tamanhint-air-base"].occurrences[0].words == "قاعدة تمنتات"
    # Proclitics: "وروسيا" and "للقيادة العامة للقوات المسلحة الليبية".
    assert "وروسيا" in {occurrence.words for occurrence in actors["russian-federation"].occurrences}
    lna_words = {occurrence.words for occurrence in actors["libyan-national-army"].occurrences}
    assert "للقيادة العامة للقوات المسلحة الليبية" in lna_words
    # Moscow is named 12 times; a mention lists where, in the order of the text.
    moscow = places["moscow"]
    assert moscow.count == 12
    assert [o.start for o in moscow.occurrences] == sorted(o.start for o in moscow.occurrences)


def test_any_spelling_of_a_name_is_found(demo_data):
    text = "التقى المشير خليفة حَفْتَر.\n\nKhalifa Hafter met Халифа Хафтар in Москва."
    found = mentions(text)

    haftar = by_slug(found, "actor")["khalifa-haftar"]
    assert [occurrence.words for occurrence in haftar.occurrences] == [
        "خليفة حَفْتَر",
        "Khalifa Hafter",
        "Халифа Хафтар",
    ]
    assert haftar.matched_by == "name"  # the Arabic and the Russian match by name
    assert set(by_slug(found, "place")) == {"moscow"}
    hafter_alone = mentions("Khalifa Hafter arrived.")
    assert [mention.matched_by for mention in hafter_alone] == ["sound"]


def test_a_merged_actor_is_not_offered_but_the_one_it_went_to_is(demo_data):
    survivor = Actor.objects.get(slug="sergei-shoigu")
    merged = ActorFactory(name="S. K. Shoigu", slug="old-shoigu")
    ActorNameFactory(actor=merged, name="سيرغي شويغو", language=Language.ARABIC, kind="alias")
    Actor.objects.filter(pk=merged.pk).update(merged_into=survivor, merged_at=timezone.now())

    actors = by_slug(mentions(ARTICLE), "actor")

    assert "sergei-shoigu" in actors and "old-shoigu" not in actors


def test_a_long_text_is_read_in_one_pass_over_the_names_with_the_same_answer(demo_data, monkeypatch):
    by_look_ups = mentions(ARTICLE)
    monkeypatch.setattr(events.intake, "FULL_READ_KEYS", 0)
    by_one_pass = mentions(ARTICLE)

    def summary(found):
        return [(m.kind, m.record.pk, m.count, m.matched_by, m.occurrences) for m in found]

    assert summary(by_one_pass) == summary(by_look_ups)


def test_empty_and_unknown_texts_name_nothing(demo_data):
    assert mentions("") == []
    assert mentions("لا شيء هنا عن أحد.") == []


def random_text(size):
    """The article, then paragraphs of its words and of made-up ones, to ``size`` bytes."""
    rng = random.Random(11)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    vocabulary = ARTICLE.split() + ["".join(rng.choices(letters, k=rng.randint(2, 7))) for _ in range(30_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    parts, length = [ARTICLE], len(ARTICLE.encode())
    while length < size:
        paragraph = " ".join(rng.choices(vocabulary, weights, k=80)) + ".\n\n"
        parts.append(paragraph)
        length += len(paragraph.encode())
    return "".join(parts).encode()[:size].decode(errors="ignore")


def test_a_two_megabyte_text_is_read_in_a_few_queries(demo_data, capsys):
    text = random_text(2_000_000)

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        found = mentions(text)
        dates = relative_dates(text, PUBLISHED_ON)
        elapsed = time.perf_counter() - started

    with capsys.disabled():
        print(f"\n2 MB text: mentions and dates in {elapsed:.2f} s, {len(queries)} queries")
    # One pass over each table of names, then the records found: however long the text.
    assert len(queries) <= 8
    assert set(by_slug(found, "actor")) >= NAMED_ACTORS
    assert any(suggestion.start_date == datetime.date(2025, 5, 7) for suggestion in dates)


# --- dates ------------------------------------------------------------------------------------


def suggestion_for(words, found):
    return next(suggestion for suggestion in found if suggestion.words == words)


def test_wednesday_evening_in_an_article_of_sunday_11_may_2025_is_7_may():
    found = relative_dates(ARTICLE, PUBLISHED_ON)

    wednesday = suggestion_for("مساء الأربعاء", found)
    assert wednesday.start_date == datetime.date(2025, 5, 7)
    assert wednesday.precision == "day"
    assert wednesday.note(PUBLISHED_ON) == (
        '"مساء الأربعاء" (Wednesday evening, paragraph 3) in an article dated Sunday 11 May 2025 '
        "→ Wednesday 7 May 2025."
    )
    friday = suggestion_for("الجمعة", found)
    assert friday.start_date == datetime.date(2025, 5, 9)
    assert friday.count == 2  # "الجمعة" in paragraphs 10 and 11 of the body
    assert suggestion_for("الخميس", found).start_date == datetime.date(2025, 5, 8)
    assert suggestion_for("مساء السبت", found).start_date == datetime.date(2025, 5, 10)
    # The day of publication itself is the most recent Sunday on or before it.
    assert suggestion_for("الأحد", found).start_date == PUBLISHED_ON
    # Dates the article spells out.
    may_9 = suggestion_for("9 مايو", found)
    assert (may_9.start_date, may_9.year_assumed) == (datetime.date(2025, 5, 9), True)
    september = suggestion_for("سبتمبر 2023", found)
    assert (september.start_date, september.precision) == (datetime.date(2023, 9, 1), "month")
    assert suggestion_for("2025/05/11", found).start_date == PUBLISHED_ON


@pytest.mark.parametrize(
    ("text", "words", "start", "end"),
    [
        ("He arrived on Wednesday evening.", "on Wednesday evening", datetime.date(2025, 5, 7), None),
        ("Talks were held yesterday.", "yesterday", datetime.date(2025, 5, 10), None),
        ("وصل أمس إلى موسكو", "أمس", datetime.date(2025, 5, 10), None),
        ("يوم الجمعة", "يوم الجمعة", datetime.date(2025, 5, 9), None),
        ("اليوم", "اليوم", PUBLISHED_ON, None),
        ("signed on 9 May 2025", "9 May 2025", datetime.date(2025, 5, 9), None),
        ("signed on May 9, 2025", "May 9, 2025", datetime.date(2025, 5, 9), None),
        ("بتاريخ 9/5/2025", "9/5/2025", datetime.date(2025, 5, 9), None),
        ("في ٩ أيار ٢٠٢٥", "٩ أيار ٢٠٢٥", datetime.date(2025, 5, 9), None),
        ("last week", "last week", datetime.date(2025, 4, 28), datetime.date(2025, 5, 4)),
        ("الأسبوع الماضي", "الأسبوع الماضي", datetime.date(2025, 4, 28), datetime.date(2025, 5, 4)),
    ],
)
def test_dates_in_both_languages(text, words, start, end):
    (suggestion,) = relative_dates(text, PUBLISHED_ON)

    assert suggestion.words == words
    assert (suggestion.start_date, suggestion.end_date) == (start, end)
    assert suggestion.uncertain == (end is not None)


def test_without_a_publication_date_only_dates_spelled_out_in_full_are_read():
    found = relative_dates("مساء الأربعاء، 9 مايو، وفي 9 May 2025", None)

    assert [suggestion.words for suggestion in found] == ["9 May 2025"]


def test_impossible_dates_are_not_suggested():
    assert relative_dates("31/2/2025 and 45 May 2025 and 1/1/1700", PUBLISHED_ON) == []


# --- the admin's JSON view --------------------------------------------------------------------


def intake_url(source_id):
    return reverse("admin:events_source_intake", args=[source_id])


def test_the_intake_view_lists_what_the_source_text_gives(editor_client, article_source):
    response = editor_client.get(intake_url(article_source.pk))

    assert response.status_code == 200
    data = response.json()
    assert data["has_text"] is True
    assert data["source"] == {
        "id": article_source.pk,
        "title": article_source.title,
        "published_on": "2025-05-11",
    }
    shoigu = next(actor for actor in data["actors"] if actor["name"] == "Sergei Shoigu")
    assert shoigu["id"] == Actor.objects.get(slug="sergei-shoigu").pk
    assert shoigu["text"].startswith("Sergei Shoigu — person, RU")  # as its autocomplete shows it
    assert shoigu["occurrences"][0]["words"] == "سيرغي شويغو"
    moscow = next(place for place in data["places"] if place["name"] == "Moscow")
    assert moscow["id"] == Place.objects.get(slug="moscow").pk
    wednesday = next(date for date in data["dates"] if date["words"] == "مساء الأربعاء")
    assert wednesday["start_date"] == "2025-05-07"
    assert wednesday["start_precision"] == "day"
    assert "→ Wednesday 7 May 2025." in wednesday["note"]
    # Arabic is sent as itself, not as \\u escapes.
    assert "سيرغي شويغو".encode() in response.content


def test_a_source_without_text_says_so(editor_client, db):
    source = SourceFactory()

    data = editor_client.get(intake_url(source.pk)).json()

    assert data["has_text"] is False
    assert (data["actors"], data["places"], data["dates"]) == ([], [], [])


def test_the_intake_view_is_for_staff_only(client, article_source):
    url = intake_url(article_source.pk)
    assert client.get(url).status_code == 302  # to the admin's login

    client.force_login(UserFactory(username="reader", is_staff=False))
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

    client.force_login(UserFactory(username="staff-without-rights", is_staff=True))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("source_id", ["999999", "abc", "-1", "1.5"])
def test_a_bad_source_id_is_a_404(editor_client, db, source_id):
    url = intake_url(1).replace("/1/intake/", f"/{source_id}/intake/")

    assert editor_client.get(url).status_code == 404


def test_the_intake_view_makes_as_many_queries_however_many_actors_exist(editor_client, article_source):
    url = intake_url(article_source.pk)
    editor_client.get(url)  # the session and permissions, read once

    with CaptureQueriesContext(connection) as first:
        assert editor_client.get(url).status_code == 200
    for number in range(30):
        actor = ActorFactory(name=f"Someone {number}", slug=f"someone-{number}")
        ActorNameFactory(actor=actor, name=f"شخص رقم {number}", language=Language.ARABIC)
    with CaptureQueriesContext(connection) as second:
        assert editor_client.get(url).status_code == 200

    assert len(second) == len(first)
    assert len(first) <= 16


# --- the panel on the admin's pages -----------------------------------------------------------


def test_the_event_page_has_the_panel_and_its_script(editor_client, db):
    page = editor_client.get(reverse("admin:events_event_add")).content.decode()

    assert 'id="intake-panel"' in page
    assert f'data-url="{intake_url(0)}"' in page
    assert "events/intake.js" in page
    assert "<script>" not in page  # no inline script: the CSP allows none


def test_the_source_page_has_the_panel_for_its_own_text(editor_client, article_source):
    page = editor_client.get(reverse("admin:events_source_change", args=[article_source.pk])).content.decode()

    assert f'data-url="{intake_url(article_source.pk)}"' in page
    assert 'data-mode="source"' in page
    assert "events/intake.js" in page


def test_a_tie_page_has_no_panel(editor_client, db):
    page = editor_client.get(reverse("admin:events_tie_add")).content.decode()

    assert 'id="intake-panel"' not in page


@pytest.mark.parametrize(
    "published_on", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)], ids=["first day", "last day"]
)
def test_dates_reckoned_past_the_ends_of_the_calendar_are_no_suggestion(published_on):
    text = "last year, last month, last week, yesterday, today and tomorrow; أمس"

    suggestions = relative_dates(text, published_on)

    assert all(1 <= suggestion.start_date.year <= 9999 for suggestion in suggestions)


def test_a_source_dated_outside_the_years_the_records_take_is_a_form_error(db):
    source = SourceFactory.build(published_on=datetime.date(1, 1, 1))

    with pytest.raises(ValidationError) as error:
        source.full_clean()

    assert "published_on" in error.value.message_dict
