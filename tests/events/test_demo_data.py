"""The demo data: the seed article as published records, loaded idempotently."""

import datetime
import hashlib
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from actors.models import Actor, ActorName
from events.choices import DatePrecision, RecordStatus, Stance
from events.demo import seed_story
from events.demo.loader import default_corpus_dir, load_demo_data
from events.models import Claim, Event, Participant, Place, Source, Tie
from events.services import publication_problems

CORPUS = default_corpus_dir() / seed_story.CORPUS_FILE
ARTICLE_TITLE = "حفتر يلتقي بوتين في موسكو وتعميق التحالف الاستراتيجي يتصدر المباحثات"


def load():
    out = StringIO()
    call_command("load_demo_data", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Loads the demo data once for the module, and takes it away again afterwards.

    Each test runs in a savepoint inside this transaction, so what a test changes is undone.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    """The output of the first load, with the demo data in the database."""
    return loaded


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def event(title):
    return Event.objects.get(title=title)


def article_text():
    assert CORPUS.is_file(), f"The seed article must be at {CORPUS}"
    return CORPUS.read_text(encoding="utf-8")


def article_paragraphs():
    """The article's blocks separated by blank lines, counted here without events.anchoring."""
    return [block.strip() for block in article_text().split("\n\n") if block.strip()]


class TestLoading:
    def test_the_first_load_reports_what_it_created(self, demo):
        assert re.match(r"Demo data: \d+ created, 0 updated, 0 unchanged \(sources: 1, actors: 15,", demo)

    def test_a_second_load_adds_no_row_to_any_table(self, demo):
        before = row_counts()
        load()
        assert row_counts() == before

    def test_a_second_load_reports_everything_unchanged(self, demo):
        assert re.fullmatch(r"Demo data: 0 created, 0 updated, \d+ unchanged\.\n", load())

    def test_a_second_load_keeps_the_publication_times(self, demo):
        before = dict(Event.objects.values_list("pk", "published_at"))
        load()
        assert dict(Event.objects.values_list("pk", "published_at")) == before

    def test_a_load_puts_back_a_value_changed_since_the_last_one(self, demo):
        Event.objects.filter(title="Khalifa Haftar meets Sergei Shoigu").update(
            start_date=datetime.date(2025, 5, 8)
        )
        assert re.match(r"Demo data: 0 created, 1 updated, \d+ unchanged \(events: 1\)", load())
        assert event("Khalifa Haftar meets Sergei Shoigu").start_date == datetime.date(2025, 5, 9)

    def test_it_keeps_the_stored_hash_when_the_article_file_is_not_at_hand(self, demo, monkeypatch, tmp_path):
        monkeypatch.setitem(seed_story.SOURCES[0], "content_sha256", "0" * 64)
        load_demo_data(corpus_dir=tmp_path)
        assert Source.objects.get().content_sha256 == "0" * 64

    def test_it_hashes_the_article_file_and_warns_when_it_differs_from_the_stored_hash(
        self, demo, monkeypatch
    ):
        monkeypatch.setitem(seed_story.SOURCES[0], "content_sha256", "0" * 64)
        report = load_demo_data(corpus_dir=CORPUS.parent)
        assert Source.objects.get().content_sha256 == hashlib.sha256(CORPUS.read_bytes()).hexdigest()
        assert [w for w in report.warnings if "has changed" in w] != []


class TestDates:
    def test_the_moscow_visit_runs_from_wednesday_7_to_saturday_10_may_2025(self, demo):
        visit = event("Khalifa Haftar's official visit to Moscow")
        assert (visit.date_lo, visit.date_hi, visit.date_uncertain) == (
            datetime.date(2025, 5, 7),
            datetime.date(2025, 5, 10),
            False,
        )

    def test_the_shoigu_meeting_is_on_friday_9_may_2025_to_the_day(self, demo):
        meeting = event("Khalifa Haftar meets Sergei Shoigu")
        assert (meeting.start_date, meeting.start_precision, meeting.date_lo, meeting.date_hi) == (
            datetime.date(2025, 5, 9),
            DatePrecision.DAY,
            datetime.date(2025, 5, 9),
            datetime.date(2025, 5, 9),
        )

    def test_the_belousov_meeting_is_on_saturday_10_may_2025(self, demo):
        meeting = event("Khalifa Haftar meets Andrei Belousov")
        assert (meeting.start_date, meeting.start_precision) == (
            datetime.date(2025, 5, 10),
            DatePrecision.DAY,
        )

    def test_the_putin_meeting_of_2025_is_a_range_from_7_to_10_may_with_an_uncertain_day(self, demo):
        meeting = event("Khalifa Haftar meets Vladimir Putin at the Kremlin")
        assert (meeting.date_lo, meeting.date_hi, meeting.date_uncertain) == (
            datetime.date(2025, 5, 7),
            datetime.date(2025, 5, 10),
            True,
        )

    def test_the_2023_putin_meeting_is_known_to_the_month(self, demo):
        meeting = event("Khalifa Haftar meets Vladimir Putin (September 2023)")
        assert (meeting.start_precision, meeting.date_lo, meeting.date_hi, meeting.parent) == (
            DatePrecision.MONTH,
            datetime.date(2023, 9, 1),
            datetime.date(2023, 9, 30),
            None,
        )

    def test_saddam_haftars_us_visit_is_known_only_as_before_the_moscow_trip(self, demo):
        visit = event("Saddam Haftar's official visit to the United States")
        assert (visit.start_precision, visit.date_uncertain, visit.date_lo, visit.date_hi) == (
            DatePrecision.YEAR,
            True,
            datetime.date(2025, 1, 1),
            datetime.date(2025, 5, 7),
        )

    def test_every_event_says_how_its_date_was_resolved(self, demo):
        assert not Event.objects.filter(date_note="").exists()


class TestRecords:
    def test_the_meetings_and_the_parade_sit_inside_the_moscow_visit(self, demo):
        visit = event("Khalifa Haftar's official visit to Moscow")
        assert set(visit.children.values_list("title", flat=True)) == {
            "Khalifa Haftar meets Sergei Shoigu",
            "Khalifa Haftar meets Andrei Belousov",
            "Khalifa Haftar meets Vladimir Putin at the Kremlin",
            "Khalifa Haftar attends the Victory Day parade on Red Square",
            "Andrei Belousov praises Khalifa Haftar's role in regional stability",
        }

    def test_the_moscow_visit_was_on_invitation_and_yevkurov_received_haftar(self, demo):
        visit = event("Khalifa Haftar's official visit to Moscow")
        roles = set(visit.participants.values_list("actor__slug", "role"))
        assert visit.visit_on_invitation is True
        assert {("khalifa-haftar", "visitor"), ("yunus-bek-yevkurov", "received_by")} <= roles

    def test_the_agreement_was_signed_by_khaled_haftar_and_yevkurov(self, demo):
        agreement = Event.objects.get(kind="agreement")
        assert (agreement.agreement_type, agreement.agreement_subjects) == (
            "",
            ["military_cooperation", "training", "arms", "logistics"],
        )
        assert set(agreement.participants.values_list("actor__slug", "role")) == {
            ("khaled-haftar", "signatory"),
            ("yunus-bek-yevkurov", "signatory"),
        }

    def test_the_agreement_has_one_stage_signed_in_2025_and_it_is_the_latest(self, demo):
        agreement = Event.objects.get(kind="agreement")
        stages = list(agreement.stages.values_list("stage", "date", "date_precision", "date_lo", "date_hi"))
        assert stages == [
            (
                "signed",
                datetime.date(2025, 1, 1),
                "year",
                datetime.date(2025, 1, 1),
                datetime.date(2025, 12, 31),
            )
        ]
        assert agreement.agreement_stage == "signed"

    def test_the_agreements_provisions_are_the_russian_sides_training_arms_and_logistics(self, demo):
        agreement = Event.objects.get(kind="agreement")
        assert list(agreement.provisions.values_list("obligation", "party__slug")) == [
            ("training", "yunus-bek-yevkurov"),
            ("arms_supply", "yunus-bek-yevkurov"),
            ("other", "yunus-bek-yevkurov"),
        ]

    def test_the_shipments_are_a_delivered_transfer_of_equipment_to_the_lna(self, demo):
        transfer = Event.objects.get(kind="transfer")
        assert (transfer.title, transfer.transfer_item_category, transfer.transfer_status) == (
            "Equipment shipments to the Libyan National Army",
            "equipment",
            "delivered",
        )
        assert (transfer.transfer_quantity_min, transfer.transfer_quantity_max) == (None, None)
        assert list(transfer.participants.values_list("actor__slug", "role")) == [
            ("libyan-national-army", "recipient")
        ]

    def test_belousovs_words_about_haftar_are_a_statement_of_support(self, demo):
        statement = Event.objects.get(kind="statement")
        assert (statement.title, statement.statement_stance, statement.start_date) == (
            "Andrei Belousov praises Khalifa Haftar's role in regional stability",
            "support",
            datetime.date(2025, 5, 10),
        )
        assert set(statement.participants.values_list("actor__slug", "role")) == {
            ("andrei-belousov", "speaker"),
            ("khalifa-haftar", "subject"),
        }
        assert set(statement.claims.values_list("speaker__slug", "credibility")) == {
            ("libyan-national-army", 2)
        }
        assert statement.claims.count() == 2

    def test_every_participant_has_a_role_its_kind_allows(self, demo):
        from events.choices import ROLES_OF_KIND

        wrong = [
            (p.event.title, p.role)
            for p in Participant.objects.select_related("event")
            if p.role not in ROLES_OF_KIND[p.event.kind]
        ]
        assert wrong == []

    def test_the_events_reported_only_by_unnamed_reports_are_graded_doubtful_at_best(self, demo):
        grades = Claim.objects.filter(event__kind__in=["deployment", "transfer"]).values_list(
            "credibility", flat=True
        )
        assert len(grades) == 2
        assert min(grades) >= 4

    def test_the_belarusian_trainers_are_at_tamanhint_air_base(self, demo):
        deployment = Event.objects.get(kind="deployment")
        assert deployment.deployment_personnel == ["trainers"]
        assert deployment.place.slug == "tamanhint-air-base"

    def test_the_putin_meeting_is_asserted_by_the_lna_and_confirmed_by_the_kremlin(self, demo):
        claims = event("Khalifa Haftar meets Vladimir Putin at the Kremlin").claims
        assert set(claims.values_list("speaker__slug", "stance")) == {
            ("libyan-national-army", Stance.ASSERTS),
            ("kremlin-press-office", Stance.CONFIRMS),
        }

    def test_the_ties_give_titles_in_english_and_arabic(self, demo):
        tie = Tie.objects.get(subject__slug="saddam-haftar", kind="commands")
        assert (tie.object.slug, tie.title, tie.title_ar) == (
            "libyan-national-army",
            "commander of the ground forces",
            "قائد القوات البرية",
        )

    def test_the_published_ties_leave_the_periods_the_article_does_not_give_open(self, demo):
        assert set(Tie.objects.published().values_list("start_date", "end_date")) == {(None, None)}

    def test_a_tie_the_article_does_not_support_stays_an_unpublished_draft(self, demo):
        tie = Tie.objects.get(subject__slug="saddam-haftar", kind="child_of")
        assert (tie.status, tie.claims.count()) == (RecordStatus.DRAFT, 0)


class TestPublication:
    def test_every_event_is_published_with_a_publication_time(self, demo):
        assert set(Event.objects.values_list("status", flat=True)) == {RecordStatus.PUBLISHED}
        assert not Event.objects.filter(published_at__isnull=True).exists()

    def test_every_published_event_has_a_claim_and_a_participant(self, demo):
        problems = {e.title: publication_problems(e) for e in Event.objects.published()}
        assert problems == {key: [] for key in problems}

    def test_every_published_tie_has_a_claim(self, demo):
        problems = {str(t): publication_problems(t) for t in Tie.objects.published()}
        assert len(problems) == 6
        assert problems == {key: [] for key in problems}

    def test_every_claim_quotes_the_article_in_arabic_with_an_english_translation(self, demo):
        claims = Claim.objects.all()
        assert {(c.source.title, c.quote_language, c.translation_language) for c in claims} == {
            (ARTICLE_TITLE, "ar", "en")
        }
        assert all(c.translation for c in claims)


class TestQuotes:
    def test_every_quote_is_word_for_word_in_the_article(self, demo):
        text = article_text()
        assert [c.quote for c in Claim.objects.all() if c.quote not in text] == []

    def test_the_article_has_a_headline_a_standfirst_and_23_paragraphs_of_body(self, demo):
        paragraphs = article_paragraphs()
        assert len(paragraphs) == 25
        assert paragraphs[0] == ARTICLE_TITLE
        assert paragraphs[2].startswith("موسكو - التقى")

    def test_all_24_claims_are_anchored_in_the_stored_article(self, demo):
        source = Source.objects.get()
        assert source.text == article_text()
        claims = list(Claim.objects.all())
        assert len(claims) == 24
        assert [c.quote for c in claims if c.selector is None or c.needs_recheck] == []

    def test_each_selector_finds_its_quote_in_the_stored_article(self, demo):
        text = Source.objects.get().text
        for claim in Claim.objects.all():
            start, end = claim.selector_start, claim.selector_end
            assert text[start:end] == claim.selector_exact == claim.quote
            assert text[:start].endswith(claim.selector["prefix"])
            assert text[end:].startswith(claim.selector["suffix"])
            assert len(claim.selector["prefix"]) == min(32, start)
            # The selector alone finds the quote again: prefix, exact and suffix stand together once.
            assert text.count(claim.selector_prefix + claim.selector_exact + claim.selector_suffix) == 1

    def test_each_paragraph_number_is_the_articles_paragraph_holding_the_quote(self, demo):
        paragraphs = article_paragraphs()
        misplaced = []
        for claim in Claim.objects.all():
            found = [n for n, text in enumerate(paragraphs, start=1) if claim.quote in text]
            if [claim.paragraph] != found or claim.locator != f"paragraph {claim.paragraph}":
                misplaced.append((claim.paragraph, claim.locator, found, claim.quote[:40]))
        assert misplaced == []

    def test_the_article_is_kept_for_checking_not_published(self, demo, client):
        source = Source.objects.get()
        assert source.licensed_for_republication is False
        assert client.get(f"/api/v1/sources/{source.pk}/").json()["text"] is None

    def test_every_persons_arabic_name_is_spelled_as_in_the_article(self, demo):
        text = article_text()
        names = ActorName.objects.filter(actor__kind="person", language="ar").values_list("name", flat=True)
        assert len(names) == 7
        assert [name for name in names if name not in text] == []


class TestSource:
    def test_the_source_names_no_publisher_and_no_url(self, demo):
        source = Source.objects.get()
        assert (source.publisher, source.url, source.author) == ("", "", "")

    def test_the_source_holds_the_articles_title_date_and_language(self, demo):
        source = Source.objects.get()
        assert (source.title, source.published_on, source.language, source.kind) == (
            ARTICLE_TITLE,
            datetime.date(2025, 5, 11),
            "ar",
            "news_article",
        )

    def test_the_source_hash_is_the_sha256_of_the_article_file(self, demo):
        assert CORPUS.is_file(), f"The seed article must be at {CORPUS}"
        expected = hashlib.sha256(CORPUS.read_bytes()).hexdigest()
        assert Source.objects.get().content_sha256 == expected

    def test_the_source_reliability_cannot_be_judged_and_the_notes_say_why(self, demo):
        source = Source.objects.get()
        assert source.reliability == "F"
        assert "publisher" in source.notes


class TestSearch:
    @pytest.mark.parametrize("query", ["حَفْتَر", "حفتر", "Hifter", "Haftar", "Хафтар"])
    def test_khalifa_haftar_is_found_by_any_spelling(self, demo, query):
        assert Actor.objects.search(query).filter(slug="khalifa-haftar").exists()

    def test_the_general_commands_name_finds_the_libyan_national_army(self, demo):
        found = Actor.objects.search("القيادة العامة للقوات المسلحة الليبية")
        assert list(found.values_list("slug", flat=True)) == ["libyan-national-army"]

    def test_tamanhint_air_base_is_found_by_the_articles_spelling(self, demo):
        assert list(Place.objects.search("تمنتات").values_list("slug", flat=True)) == ["tamanhint-air-base"]

    def test_tamanhint_air_base_is_found_by_the_usual_arabic_spelling(self, demo):
        assert list(Place.objects.search("تمنهنت").values_list("slug", flat=True)) == ["tamanhint-air-base"]
