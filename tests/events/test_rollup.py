"""Roll-up (include_ties) respects time and structure: one definition, ``standing_for``.

A member's, commander's, leader's or office holder's act counts for the organisation only while
the tie was in force at the event's date; chains are followed up to ROLL_UP_DEPTH steps;
Actor.parent is followed with no dates; ties without dates count always and are named.
"""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.choices import ActorKind, OrganizationCategory
from events import exports
from events.choices import ParticipantRole, RecordStatus, TieKind
from events.copy_export import copy_csv_lines
from events.filtersets import UNDATED_TIES_HEADER, EventFilterSet
from events.models import Event
from events.models.ties import ROLL_UP_DEPTH, Window, standing_for
from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.api_helpers import ids, read_csv
from tests.events.test_admin import admin_url
from tests.factories import ActorFactory, TieFactory, published_event
from tests.reports.conftest import read_report

pytestmark = pytest.mark.django_db

day = datetime.date


def organisation(name, category=OrganizationCategory.ARMED_FORCE, **fields):
    slug = name.lower().replace(" ", "-")
    return ActorFactory(name=name, slug=slug, kind=ActorKind.ORGANIZATION, category=category, **fields)


def tie(subject, kind, obj, start=None, end=None, status=RecordStatus.PUBLISHED, **fields):
    return TieFactory(
        subject=subject, kind=kind, object=obj, start_date=start, end_date=end, status=status, **fields
    )


def act(actor, on, title, **fields):
    return published_event(
        title=title, start_date=on, participants=[(actor, ParticipantRole.ATTENDEE)], **fields
    )


@pytest.fixture
def story():
    """A commander of a brigade from March to December 2020; the brigade part of the army (by a
    tie) from September 2020; a state with a ministry (by parent) over the army; drafts beside."""
    state = ActorFactory(name="Libya", slug="libya", kind=ActorKind.STATE)
    ministry = organisation(
        "Ministry of Defence", category=OrganizationCategory.GOVERNMENT_BODY, parent=state
    )
    army = organisation("Army")
    brigade = organisation("Brigade")
    commander = ActorFactory(name="Commander", slug="commander")
    deputy = ActorFactory(name="Deputy", slug="deputy")
    command = tie(commander, TieKind.COMMANDS, brigade, day(2020, 3, 1), day(2020, 12, 31))
    part_of_army = tie(brigade, TieKind.MEMBER_OF, army, day(2020, 9, 1))
    draft = tie(deputy, TieKind.COMMANDS, brigade, day(2020, 1, 1), status=RecordStatus.DRAFT)
    return SimpleNamespace(
        state=state,
        ministry=ministry,
        army=army,
        brigade=brigade,
        commander=commander,
        deputy=deputy,
        command=command,
        part_of_army=part_of_army,
        draft=draft,
        before=act(commander, day(2020, 1, 15), "Before his command"),
        during=act(commander, day(2020, 6, 1), "During his command"),
        both=act(commander, day(2020, 10, 1), "During his command, the brigade in the army"),
        after=act(commander, day(2021, 2, 1), "After his command"),
        by_deputy=act(deputy, day(2020, 6, 2), "The deputy, by a draft tie"),
        by_ministry=act(ministry, day(2019, 5, 5), "The ministry acts"),
    )


def parsed(lines):
    return list(csv.reader(io.StringIO("".join(lines))))


def titles(queryset):
    return sorted(event.title for event in queryset)


def rolled_up(actor):
    return titles(Event.objects.published().involving([actor.pk], roll_up=True))


class TestTime:
    def test_a_commanders_act_counts_for_the_brigade_only_while_he_commands_it(self, story):
        assert rolled_up(story.brigade) == [
            "During his command",
            "During his command, the brigade in the army",
        ]

    def test_each_step_of_a_chain_must_be_in_force(self, story):
        # June 2020: the brigade was not yet part of the army; October 2020: it was.
        assert rolled_up(story.army) == ["During his command, the brigade in the army"]

    def test_an_event_sharing_a_day_with_the_tie_counts(self, story):
        # From 20 February to 2 March: the command began on its second last day.
        spanning = act(story.commander, day(2020, 2, 20), "Across the start", end_date=day(2020, 3, 2))
        act(story.commander, day(2020, 2, 20), "Just before", end_date=day(2020, 2, 29))
        assert spanning.title in rolled_up(story.brigade)
        assert "Just before" not in rolled_up(story.brigade)

    def test_a_tie_known_to_the_month_is_in_force_the_whole_month(self, story):
        known_to_month = organisation("Militia")
        tie(story.commander, TieKind.LEADS, known_to_month, day(2020, 3, 1), start_precision="month")
        act(story.commander, day(2020, 3, 20), "In March")
        act(story.commander, day(2020, 2, 28), "In February")
        assert "In March" in rolled_up(known_to_month)
        assert "In February" not in rolled_up(known_to_month)

    def test_drafts_and_retracted_ties_never_count(self, story):
        story.command.status = RecordStatus.RETRACTED
        story.command.save()
        assert rolled_up(story.brigade) == []
        assert "The deputy, by a draft tie" not in rolled_up(story.brigade)

    def test_without_roll_up_only_the_actors_own_acts_count(self, story):
        assert titles(Event.objects.published().involving([story.brigade.pk])) == []


class TestStructure:
    def test_a_ministrys_act_counts_for_its_state(self, story):
        assert rolled_up(story.state) == ["The ministry acts"]

    def test_a_ministrys_office_holder_counts_for_the_state_while_in_office(self, story):
        minister = ActorFactory(name="Minister", slug="minister")
        tie(minister, TieKind.HOLDS_OFFICE_IN, story.ministry, day(2021, 1, 1), day(2021, 12, 31))
        act(minister, day(2021, 7, 1), "The minister in office")
        act(minister, day(2022, 7, 1), "The former minister")
        assert rolled_up(story.state) == ["The minister in office", "The ministry acts"]

    def test_a_chain_counts_within_the_depth_and_not_beyond(self):
        chain = [organisation(f"Level {n}") for n in range(ROLL_UP_DEPTH + 2)]
        for lower, upper in zip(chain[1:], chain, strict=False):
            tie(lower, TieKind.MEMBER_OF, upper)
        for n, actor in enumerate(chain):
            act(actor, day(2020, 1, 1), f"{n} steps away")
        assert ROLL_UP_DEPTH == 3
        assert rolled_up(chain[0]) == ["0 steps away", "1 steps away", "2 steps away", "3 steps away"]
        assert rolled_up(chain[2]) == ["2 steps away", "3 steps away", "4 steps away"]

    def test_parents_and_ties_mix_in_one_chain(self, story):
        # Commander -> brigade (tie) -> army (tie) -> ministry (parent) -> state (parent): four steps.
        story.army.parent = story.ministry
        story.army.save()
        assert "During his command, the brigade in the army" in rolled_up(story.ministry)
        assert "During his command, the brigade in the army" not in rolled_up(story.state)

    def test_a_cycle_of_ties_ends(self):
        first, second = organisation("First"), organisation("Second")
        tie(first, TieKind.MEMBER_OF, second)
        tie(second, TieKind.MEMBER_OF, first)
        act(second, day(2020, 1, 1), "Second acts")
        assert rolled_up(first) == ["Second acts"]


class TestUndatedTies:
    def test_an_undated_tie_counts_whatever_the_date_and_is_named(self, story):
        adviser = ActorFactory(name="Adviser", slug="adviser")
        undated = tie(adviser, TieKind.MEMBER_OF, story.brigade)
        act(adviser, day(1999, 1, 1), "Long ago")
        assert "Long ago" in rolled_up(story.brigade)
        assert standing_for(story.brigade.pk, roll_up=True).undated_ties == (undated.pk,)
        assert standing_for(story.army.pk, roll_up=True).undated_ties == (undated.pk,)

    def test_the_api_names_the_undated_ties_in_a_header(self, client, story):
        adviser = ActorFactory(name="Adviser", slug="adviser")
        first = tie(adviser, TieKind.MEMBER_OF, story.brigade)
        second = tie(ActorFactory(), TieKind.LEADS, story.brigade)

        response = client.get("/api/v1/events/", {"actor": "brigade", "include_ties": "true"})
        assert response[UNDATED_TIES_HEADER] == f"{first.pk}, {second.pk}"

    def test_the_header_says_none_when_every_tie_had_dates_and_is_absent_without_roll_up(self, client, story):
        rolled = client.get("/api/v1/events/", {"actor": "brigade", "include_ties": "true"})
        assert rolled[UNDATED_TIES_HEADER] == "none"
        assert UNDATED_TIES_HEADER not in client.get("/api/v1/events/", {"actor": "brigade"})
        assert UNDATED_TIES_HEADER not in client.get("/api/v1/events/", {"include_ties": "true"})
        csv_answer = client.get(
            "/api/v1/events/", {"actor": "brigade", "include_ties": "true", "format": "csv"}
        )
        assert csv_answer[UNDATED_TIES_HEADER] == "none"

    def test_the_schema_documents_the_header(self, client):
        schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
        for endpoint in ["events", "meetings"]:
            headers = schema["paths"][f"/api/v1/{endpoint}/"]["get"]["responses"]["200"]["headers"]
            assert UNDATED_TIES_HEADER in headers
        include_ties = next(
            parameter
            for parameter in schema["paths"]["/api/v1/events/"]["get"]["parameters"]
            if parameter["name"] == "include_ties"
        )
        assert "in force" in include_ties["description"]


class TestOneAnswerEverywhere:
    expected = ["During his command", "During his command, the brigade in the army"]

    def test_the_api_json_and_csv(self, client, story):
        params = {"actor": "brigade", "include_ties": "true"}
        assert ids(client.get("/api/v1/events/", params)) == sorted([story.during.pk, story.both.pk])
        rows = read_csv(client.get("/api/v1/events/", {**params, "format": "csv"}))
        assert sorted(row["title"] for row in rows) == self.expected

    def test_the_api_with_a_role_and_two_actors(self, client, story):
        params = {"actor": ["brigade", "army"], "include_ties": "true", "role": "attendee"}
        assert ids(client.get("/api/v1/events/", params)) == [story.both.pk]
        params = {"actor_any": ["brigade", "libya"], "include_ties": "true"}
        assert ids(client.get("/api/v1/events/", params)) == sorted(
            [story.during.pk, story.both.pk, story.by_ministry.pk]
        )

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY export exists on PostgreSQL only")
    def test_the_copy_export_gives_the_python_exports_rows(self, story):
        filterset = EventFilterSet(
            {"actor": "brigade", "include_ties": "true"}, queryset=Event.objects.published()
        )
        assert filterset.is_valid(), filterset.errors
        queryset = filterset.qs
        python = parsed(exports.csv_lines(exports.EVENT_COLUMNS, exports.stream(queryset.for_api())))
        copied = parsed(copy_csv_lines(exports.EVENT_COLUMNS, queryset))
        assert copied == python
        title = python[0].index("title")
        assert sorted(row[title] for row in copied[1:]) == self.expected

    def run_preset(self, preset, **filters):
        report = Report.objects.create(kind=ReportKind.PRESET, preset=preset, filters=filters)
        report = services.run_report(report.pk)
        assert report.status == ReportStatus.DONE, report.error
        return read_report(report)

    def test_the_dossier_preset(self, story):
        files = self.run_preset("actor_dossier", actor="brigade", include_ties=True)
        assert sorted(row["title"] for row in files["events.csv"]) == self.expected
        assert files["metadata.json"]["include_ties"] == {"depth": ROLL_UP_DEPTH, "undated_ties": []}
        plain = self.run_preset("actor_dossier", actor="brigade")
        assert plain["events.csv"] == []
        assert "include_ties" not in plain["metadata.json"]

    def test_the_pair_timeline_preset(self, story):
        files = self.run_preset("pair_timeline", actors=["brigade", "army"], include_ties="true")
        assert [row["title"] for row in files["events.csv"]] == [story.both.title]

    def test_a_preset_refuses_a_bad_include_ties(self, story):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            services.request_report(
                None, preset="actor_dossier", filters={"actor": "brigade", "include_ties": "maybe"}
            )
        assert "include_ties" in error.value.message_dict

    def test_an_export_report_with_include_ties(self, story):
        report = Report.objects.create(
            kind=ReportKind.EXPORT, endpoint="events", filters={"actor": "brigade", "include_ties": "true"}
        )
        report = services.run_report(report.pk)
        assert report.status == ReportStatus.DONE, report.error
        rows = next(iter(read_report(report).values()))
        assert sorted(row["title"] for row in rows) == self.expected

    def test_the_admin(self, editor_client, story):
        url = admin_url(Event, "changelist")
        rolled = editor_client.get(url, {"actor": story.brigade.pk, "include_ties": "yes"})
        assert titles(rolled.context["cl"].result_list) == self.expected
        plain = editor_client.get(url, {"actor": story.brigade.pk})
        assert list(plain.context["cl"].result_list) == []


def test_query_counts_do_not_grow_with_the_number_of_events(client, story):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                "/api/v1/events/", {"actor": "army", "include_ties": "true", "page_size": 100}
            )
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    client.get("/api/v1/events/")  # warm up
    few, shown = count()
    for n in range(20):
        act(story.commander, day(2020, 11, 1 + n), f"More {n}")
    many, more_shown = count()
    assert (shown, more_shown) == (1, 21)
    assert many == few


def test_windows_combine_to_the_latest_start_and_earliest_end():
    command = Window.of_tie(day(2020, 3, 1), day(2020, 12, 31), day(2020, 12, 31))
    open_end = Window.of_tie(day(2020, 9, 1), day(2020, 9, 1), None)
    assert command.and_(open_end) == Window(day(2020, 9, 1), day(2020, 12, 31))
    assert Window().and_(command) == command
    assert Window().undated and not open_end.undated
    assert command.and_(open_end).within(command) and not command.within(command.and_(open_end))


def test_an_actor_without_ties_stands_for_itself_only():
    actor = ActorFactory()
    standing = standing_for(actor, roll_up=True)
    assert (list(standing.always), standing.windows, standing.undated_ties) == ([actor.pk], (), ())
