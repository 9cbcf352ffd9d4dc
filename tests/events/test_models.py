import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Claim, Event, EventLink, Place, Source, Tie
from events.selectors import corroboration
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    EventFactory,
    ParticipantFactory,
    PlaceFactory,
    SourceFactory,
    TieFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def rejected_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()
    return True


def invalid_fields(instance):
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return set(error.value.message_dict)


# Periods and their covered interval


def test_a_day_precision_event_covers_that_day():
    event = EventFactory(start_date=D(2025, 5, 9))
    assert (event.date_lo, event.date_hi) == (D(2025, 5, 9), D(2025, 5, 9))


def test_a_month_precision_event_covers_the_whole_month():
    event = EventFactory(start_date=D(2023, 9, 17), start_precision="month")
    assert event.start_date == D(2023, 9, 1)
    assert (event.date_lo, event.date_hi) == (D(2023, 9, 1), D(2023, 9, 30))


def test_a_year_precision_start_with_a_day_end_covers_up_to_that_day():
    event = EventFactory(
        kind="visit",
        start_date=D(2025, 3, 3),
        start_precision="year",
        end_date=D(2025, 5, 7),
        end_precision="day",
        date_uncertain=True,
    )
    assert (event.date_lo, event.date_hi) == (D(2025, 1, 1), D(2025, 5, 7))


def test_an_end_precision_defaults_to_the_start_precision():
    event = EventFactory(start_date=D(2024, 2, 1), start_precision="month", end_date=D(2024, 4, 9))
    assert event.end_precision == "month"
    assert event.date_hi == D(2024, 4, 30)


def test_overlapping_finds_a_month_precision_event_from_a_day_inside_it():
    september = EventFactory(start_date=D(2023, 9, 1), start_precision="month")
    EventFactory(start_date=D(2023, 10, 2))
    assert list(Event.objects.overlapping(D(2023, 9, 15), D(2023, 9, 15))) == [september]


def test_overlapping_treats_an_open_tie_as_covering_all_time():
    tie = TieFactory()
    assert list(Tie.objects.overlapping(D(1990, 1, 1), D(1990, 1, 2))) == [tie]


def test_the_database_rejects_an_end_before_the_start():
    assert rejected_by_database(lambda: EventFactory(start_date=D(2025, 5, 9), end_date=D(2025, 5, 1)))


def test_validation_rejects_an_end_before_the_start():
    event = EventFactory.build(start_date=D(2025, 5, 9), end_date=D(2025, 5, 1))
    assert "end_date" in invalid_fields(event)


def test_an_uncertain_date_needs_an_end():
    event = EventFactory.build(start_date=D(2025, 5, 7), date_uncertain=True)
    assert "end_date" in invalid_fields(event)


def test_a_valid_uncertain_range_saves():
    event = EventFactory.build(start_date=D(2025, 5, 7), end_date=D(2025, 5, 10), date_uncertain=True)
    event.full_clean()
    event.save()
    assert event.period_display == "between 2025-05-07 – 2025-05-10"


# Events


def test_kind_specific_fields_are_rejected_on_other_kinds_by_the_database():
    # The latest stage is cleared on save for another kind (Event.fill_latest_stage): written past it.
    meeting = EventFactory(kind="meeting")
    assert rejected_by_database(lambda: Event.objects.filter(pk=meeting.pk).update(agreement_stage="signed"))
    assert rejected_by_database(lambda: EventFactory(kind="visit", deployment_size_min=3))
    assert rejected_by_database(lambda: EventFactory(kind="agreement", visit_on_invitation=True))


def test_kind_specific_fields_are_a_validation_error_on_other_kinds():
    event = EventFactory.build(kind="meeting", agreement_type="treaty")
    assert "agreement_type" in invalid_fields(event)
    # Not the latest stage, which no form shows (a form error on it was a 500): cleared on save.
    assert "agreement_stage" not in invalid_fields(
        EventFactory.build(kind="meeting", agreement_stage="signed")
    )


def test_a_deployment_keeps_its_size_range():
    event = EventFactory(
        kind="deployment", deployment_personnel=["trainers"], deployment_size_min=10, deployment_size_max=40
    )
    assert (event.deployment_size_min, event.deployment_size_max) == (10, 40)


def test_the_database_rejects_a_reversed_size_range():
    assert rejected_by_database(
        lambda: EventFactory(kind="deployment", deployment_size_min=40, deployment_size_max=10)
    )


def test_a_meeting_can_sit_inside_a_visit():
    visit = EventFactory(kind="visit", start_date=D(2025, 5, 7), end_date=D(2025, 5, 11))
    meeting = EventFactory.build(parent=visit, start_date=D(2025, 5, 9))
    meeting.full_clean()
    meeting.save()
    assert list(visit.children.all()) == [meeting]


def test_only_a_visit_can_contain_other_events():
    meeting = EventFactory()
    other = EventFactory.build(parent=meeting)
    assert "parent" in invalid_fields(other)


def test_a_meeting_outside_its_visits_dates_is_rejected():
    visit = EventFactory(kind="visit", start_date=D(2025, 5, 7), end_date=D(2025, 5, 11))
    meeting = EventFactory.build(parent=visit, start_date=D(2025, 6, 1))
    assert "start_date" in invalid_fields(meeting)


def test_the_database_rejects_an_event_as_its_own_parent():
    event = EventFactory()
    event.parent_id = event.pk
    assert rejected_by_database(event.save)


def test_one_participant_per_actor_and_role():
    participant = ParticipantFactory(role="host")
    assert rejected_by_database(
        lambda: ParticipantFactory(event=participant.event, actor=participant.actor, role="host")
    )
    ParticipantFactory(event=participant.event, actor=participant.actor, role="signatory")


def test_an_event_cannot_lead_to_itself():
    event = EventFactory()
    assert rejected_by_database(lambda: EventLink.objects.create(from_event=event, to_event=event))


def test_an_event_can_lead_to_another():
    meeting, agreement = EventFactory(), EventFactory(kind="agreement")
    EventLink.objects.create(from_event=meeting, to_event=agreement)
    assert list(meeting.related_events.all()) == [agreement]


def test_involving_finds_the_events_of_an_actor_in_any_role():
    haftar = ActorFactory()
    visit = ParticipantFactory(actor=haftar, role="visitor").event
    meeting = ParticipantFactory(actor=haftar, role="attendee").event
    ParticipantFactory()
    assert set(Event.objects.involving(haftar)) == {visit, meeting}


def test_event_search_matches_titles_quotes_and_participant_names():
    by_title = EventFactory(title="Haftar visits Moscow")
    by_quote = ClaimFactory(quote="التقى حَفْتَر الرئيس الروسي").event
    by_name = ParticipantFactory(actor=ActorFactory(name="Saddam Haftar")).event
    EventFactory(title="Unrelated")
    # The Arabic query matches the quote, and the English name through its transliteration.
    assert set(Event.objects.search("حفتر")) == {by_quote, by_name}
    assert set(Event.objects.search("Hifter")) == {by_name}
    assert set(Event.objects.search("haftar")) == {by_title, by_name}


# Ties, places, sources, claims


def test_a_tie_joins_two_different_actors():
    actor = ActorFactory()
    assert rejected_by_database(lambda: TieFactory(subject=actor, object=actor))


def test_a_place_needs_both_coordinates_and_a_precision():
    assert rejected_by_database(lambda: PlaceFactory(latitude=27.24, longitude=None))
    assert rejected_by_database(
        lambda: PlaceFactory(latitude=27.24, longitude=14.65, coordinate_precision="")
    )
    place = PlaceFactory(latitude=27.24, longitude=14.65, coordinate_precision="local")
    assert place.pk


def test_validation_rejects_a_latitude_out_of_range():
    place = PlaceFactory.build(latitude=95, longitude=10, coordinate_precision="exact")
    assert "latitude" in invalid_fields(place)


def test_place_search_finds_a_base_by_an_alias_spelling():
    base = PlaceFactory(name="Tamanhint Air Base")
    base.names.create(name="قاعدة تمنتات", language="ar", kind="alias")
    PlaceFactory(name="Moscow")
    assert list(Place.objects.search("تمنتات")) == [base]


def test_the_database_rejects_a_reliability_outside_a_to_f():
    assert rejected_by_database(lambda: SourceFactory(reliability="Z"))


def test_validation_rejects_a_malformed_url_and_hash():
    source = SourceFactory.build(url="not a url", content_sha256="abc")
    assert {"url", "content_sha256"} <= invalid_fields(source)


@pytest.mark.parametrize("credibility", [0, 7, 9])
def test_the_database_rejects_a_credibility_outside_1_to_6(credibility):
    assert rejected_by_database(lambda: ClaimFactory(credibility=credibility))


def test_a_claim_supports_exactly_one_record():
    event, tie = EventFactory(), TieFactory()
    assert rejected_by_database(lambda: ClaimFactory(event=event, tie=tie))
    assert rejected_by_database(lambda: ClaimFactory(event=None, tie=None))
    assert ClaimFactory(event=None, tie=tie).record == tie


def test_a_claim_keeps_its_original_arabic_text():
    quote = "وقّع اللواء خالد حفتر، نجل المشير، اتفاقية استراتيجية"
    claim = ClaimFactory(quote=quote, quote_language="ar")
    claim.refresh_from_db()
    assert claim.quote == quote


def test_a_cited_source_cannot_be_deleted():
    claim = ClaimFactory()
    with pytest.raises(Exception, match="protected"):
        claim.source.delete()
    assert Source.objects.filter(pk=claim.source_id).exists()


# Corroboration


def test_corroboration_counts_origins_not_quotes():
    event = EventFactory()
    article = SourceFactory(publisher="Al Example", reliability="C")
    lna = ActorFactory(kind="organization", category="armed_force")
    kremlin = ActorFactory(kind="organization", category="government_body")
    ClaimFactory(event=event, source=article, speaker=lna, credibility=3)
    ClaimFactory(event=event, source=article, speaker=kremlin, stance="confirms", credibility=2)
    ClaimFactory(event=event, source=SourceFactory(publisher="Other Paper", reliability="B"), speaker=kremlin)
    summary = corroboration(Claim.objects.filter(event=event).select_related("source", "speaker"))
    assert summary.claims == 3
    assert summary.independent_sources == 2
    assert summary.official_confirmation is True
    assert summary.best_reliability == "B"
    assert summary.disputed is False


def test_corroboration_of_anonymous_reports_is_not_official():
    event = EventFactory()
    ClaimFactory(event=event, credibility=5)
    summary = corroboration(event.claims.select_related("source", "speaker"))
    assert (summary.independent_sources, summary.official_confirmation, summary.best_credibility) == (
        1,
        False,
        5,
    )


def test_a_denial_makes_a_record_disputed():
    event = EventFactory()
    ClaimFactory(event=event)
    ClaimFactory(event=event, stance="denies", speaker=ActorFactory(kind="state"))
    summary = corroboration(event.claims.select_related("source", "speaker"))
    assert (summary.denials, summary.disputed, summary.official_confirmation) == (1, True, False)


def test_the_kind_constraints_know_which_detail_columns_are_nullable():
    from events.models.events import KIND_FIELDS, NULLABLE_KIND_FIELDS

    nullable = {
        name for fields in KIND_FIELDS.values() for name in fields if Event._meta.get_field(name).null
    }
    assert nullable == NULLABLE_KIND_FIELDS


# --- date filters bounded by the longest event -----------------------------------------------


def test_an_event_knows_how_many_days_it_may_cover():
    assert EventFactory(start_date=datetime.date(2025, 5, 9)).date_span == 0
    ranged = EventFactory(
        start_date=datetime.date(2025, 5, 7), end_date=datetime.date(2025, 5, 10), date_uncertain=True
    )
    assert ranged.date_span == 3
    assert EventFactory(start_date=datetime.date(2024, 1, 1), start_precision="year").date_span == 365


def test_a_long_event_reaching_the_date_is_found_whatever_its_start():
    decade = EventFactory(
        title="Decade",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2020, 12, 31),
        date_uncertain=True,
    )
    recent = EventFactory(title="Recent", start_date=datetime.date(2020, 6, 15))
    EventFactory(title="Over before", start_date=datetime.date(2020, 5, 1))

    assert set(Event.objects.overlapping(lo=datetime.date(2020, 6, 1))) == {decade, recent}
    assert set(Event.objects.overlapping(lo=datetime.date(2020, 6, 1), hi=datetime.date(2020, 6, 2))) == {
        decade
    }


def test_the_earliest_date_filters_without_error():
    event = EventFactory(start_date=datetime.date(2025, 5, 9))
    EventFactory(
        start_date=datetime.date(2001, 1, 1), end_date=datetime.date(2025, 1, 1), date_uncertain=True
    )
    assert event in Event.objects.overlapping(lo=datetime.date.min)


def test_a_source_and_a_quote_are_isolated_from_the_date_beside_them():
    # Without the isolate, the date after an Arabic title is drawn right to left: 11-05-2025.
    source = SourceFactory(title="بيان الكرملين", publisher="", published_on=datetime.date(2025, 5, 11))
    assert str(source) == "\u2068بيان الكرملين\u2069, 2025-05-11"
    claim = ClaimFactory(source=source, quote="وصل المشير")
    assert str(claim) == "“\u2068وصل المشير\u2069” (\u2068بيان الكرملين\u2069, 2025-05-11)"
