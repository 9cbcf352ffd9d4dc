"""Issue 12 end to end: each new kind, and an agreement signed in November and ratified in
December, entered through the admin by an editor, published by a reviewer, then read back as a
researcher reads it (API list and detail, CSV on both paths, search, each kind's own filters).

One story (Turkey and the Government of National Accord, 2019–20) holds one record of each, so
that every filter is judged against the other kinds too."""

import csv
import datetime
import io
from dataclasses import dataclass, field, replace

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings

from events import exports
from events.copy_export import copy_csv_lines
from events.crosswalk import codes_for
from events.models import Event
from events.revisions import record_state
from tests.api_helpers import read_csv, results
from tests.conftest import member_of
from tests.events.test_admin import admin_url, changeform_data, message_texts
from tests.factories import ActorFactory, PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
PLAIN_STATIC_FILES = "django.contrib.staticfiles.storage.StaticFilesStorage"
SIGNED, RATIFIED = datetime.date(2019, 11, 27), datetime.date(2019, 12, 21)
ENDPOINT = {
    "decision": "decisions",
    "operation": "operations",
    "transfer": "transfers",
    "statement": "statements",
    "agreement": "agreements",
}


@dataclass
class Entry:
    """What an editor types on the add page: the event's fields and its inline rows."""

    kind: str
    title: str
    title_ar: str
    # A word of the Arabic title as a reader may type it, with diacritics the title lacks.
    word: str
    start: datetime.date
    details: dict
    participants: list  # (actor key, role)
    stages: list = field(default_factory=list)  # (stage, date, responsible key or None, act key or None)
    provisions: list = field(default_factory=list)  # (obligation, party key or None)
    place: str | None = None


ENTRIES = [
    Entry(
        "decision",
        "Grand National Assembly approves the security memorandum",
        "البرلمان التركي يصوت على مذكرة التفاهم",
        "يُصَوِّت",
        RATIFIED,
        {"decision_type": "vote", "decision_outcome": "adopted", "votes_for": "325", "votes_against": "184"},
        [("assembly", "deciding_body"), ("gna", "subject")],
    ),
    Entry(
        "operation",
        "Capture of al-Watiya air base",
        "السيطرة على قاعدة الوطية",
        "الوَطْيَة",
        datetime.date(2020, 5, 18),
        {"operation_type": "capture", "operation_outcome": "attacker_succeeded"},
        [("gna", "attacker"), ("turkey", "supporter"), ("lna", "defender")],
        place="watiya",
    ),
    Entry(
        "transfer",
        "Bayraktar TB2 drones delivered",
        "تسليم طائرات بيرقدار",
        "بَيْرَقْدَار",
        datetime.date(2020, 1, 10),
        {
            "transfer_item_category": "aircraft",
            "transfer_item": "Bayraktar TB2",
            "transfer_status": "delivered",
            "transfer_quantity_min": "12",
            "transfer_quantity_max": "20",
        },
        [("turkey", "supplier"), ("gna", "recipient")],
    ),
    Entry(
        "statement",
        "The LNA condemns the Turkish intervention",
        "الجيش الوطني يندد بالتدخل",
        "يُنَدِّد",
        datetime.date(2020, 1, 2),
        {"statement_stance": "opposition"},
        [("lna", "speaker"), ("turkey", "subject")],
    ),
    Entry(
        "agreement",
        "Security and military cooperation memorandum",
        "اتفاقية التعاون الأمني والعسكري",
        "الأَمْنِيّ",
        SIGNED,
        {"agreement_type": "memorandum", "agreement_subjects": ["military_cooperation", "security"]},
        [("turkey", "signatory"), ("gna", "signatory")],
        stages=[("signed", SIGNED, None, None), ("ratified", RATIFIED, "assembly", "decision")],
        provisions=[("training", "turkey"), ("defence", None)],
    ),
]
ENTRY = {entry.kind: entry for entry in ENTRIES}


def inline_rows(prefix, rows):
    """The POST fields of an inline's rows, with the count of forms the page sends."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


class Story:
    """The actors and place an editor picks from, the source quoted, and the records entered."""

    def __init__(self, client):
        self.client = client
        self.editor = member_of("Editors", "editor")
        self.reviewer = member_of("Reviewers", "reviewer")
        self.actors = {
            "turkey": ActorFactory(name="Turkey", slug="turkey", kind="state", country="TR"),
            "gna": ActorFactory(name="Government of National Accord", slug="gna", country="LY"),
            "lna": ActorFactory(name="Libyan National Army", slug="lna", country="LY"),
            "assembly": ActorFactory(name="Grand National Assembly", slug="assembly", country="TR"),
        }
        self.places = {"watiya": PlaceFactory(name="Al-Watiya air base", slug="watiya", country="LY")}
        self.source = SourceFactory(title="Anadolu report", reliability="B")
        self.events = {}

    def add_page(self):
        self.client.force_login(self.editor)
        return self.client.get(admin_url(Event, "add"))

    def add_data(self, entry, page, **changes):
        """Everything the add page posts for ``entry`` as a draft."""
        pk = {**self.actors, **self.places, **self.events}
        fields = {
            "kind": entry.kind,
            "title": entry.title,
            "title_ar": entry.title_ar,
            "start_date": entry.start.isoformat(),
            "start_precision": "day",
            "place": str(pk[entry.place].pk) if entry.place else "",
            **entry.details,
        }
        participants = [{"actor": str(pk[actor].pk), "role": role} for actor, role in entry.participants]
        stages = [
            {
                "stage": stage,
                "date": day.isoformat(),
                "date_precision": "day",
                "responsible": str(pk[responsible].pk) if responsible else "",
                "act": str(pk[act].pk) if act else "",
            }
            for stage, day, responsible, act in entry.stages
        ]
        provisions = [
            {"obligation": obligation, "party": str(pk[party].pk) if party else ""}
            for obligation, party in entry.provisions
        ]
        claim = {
            "source": str(self.source.pk),
            "quote": f"{entry.title}, the agency reported.",
            "quote_language": "en",
            "credibility": "2",
            "stance": "asserts",
        }
        if entry.kind == "agreement":
            claim["claimed_agreement_stage"] = "ratified"
        return changeform_data(
            page,
            **{
                **fields,
                **inline_rows("participants", participants),
                **inline_rows("stages", stages),
                **inline_rows("provisions", provisions),
                **inline_rows("claims", [claim]),
                **changes,
            },
        )

    def enter_draft(self, entry, **changes):
        response = self.client.post(admin_url(Event, "add"), self.add_data(entry, self.add_page(), **changes))
        assert response.status_code == 302, response.context["errors"]
        return Event.objects.get(title=entry.title)

    def post_change(self, event, **changes):
        """The editor's change page for ``event``, posted back with ``changes``."""
        self.client.force_login(self.editor)
        page = self.client.get(admin_url(Event, "change", event.pk))
        return self.client.post(admin_url(Event, "change", event.pk), changeform_data(page, **changes))

    def enter_and_publish(self, entry):
        event = self.enter_draft(entry)
        response = self.post_change(event, status="review")
        assert response.status_code == 302, response.context["errors"]
        self.client.force_login(self.reviewer)
        response = self.client.post(
            admin_url(Event, "changelist"),
            {"action": "publish", "_selected_action": [event.pk]},
            follow=True,
        )
        assert "1 record now “published”." in message_texts(response)
        event.refresh_from_db()
        assert event.status == "published"
        self.events[entry.kind] = event
        return event

    def get(self, path, **params):
        self.client.logout()
        return self.client.get(f"{API}/{path}", params)


@pytest.fixture(scope="module")
def story(django_db_setup, django_db_blocker):
    """Every entry entered and published once for the module, the decision first (it is the
    ratification's act), in a transaction rolled back after the module's last test; each test
    runs inside it and rolls back its own changes, as with Django's ``setUpTestData``."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        # The per-test settings of tests/conftest.py, which a module's fixture comes before.
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC_FILES}},
            WHITENOISE_USE_FINDERS=True,
            WHITENOISE_AUTOREFRESH=True,
        ):
            story = Story(Client())
            for entry in ENTRIES:
                story.enter_and_publish(entry)
    yield story
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def expected_codes(event):
    return codes_for(event, event.participants.values_list("role", flat=True))


KINDS = list(ENDPOINT)


@pytest.mark.parametrize("kind", KINDS)
def test_a_published_entry_reads_back_in_json_csv_and_search(story, kind):
    entry, event = ENTRY[kind], story.events[kind]
    codes = expected_codes(event)
    assert codes.plover_event_type and codes.cameo_code  # the crosswalk has a row for it

    listed = results(story.get(f"{ENDPOINT[kind]}/"))
    assert [item["id"] for item in listed] == [event.pk]
    detail = story.get(f"{ENDPOINT[kind]}/{event.pk}/").json()
    assert detail == listed[0]
    assert {(p["actor"]["id"], p["role"]) for p in detail["participants"]} == {
        (story.actors[actor].pk, role) for actor, role in entry.participants
    }
    for name, value in entry.details.items():
        # The form posts text; the JSON gives numbers as numbers and lists as lists.
        assert detail[name] == value if isinstance(value, list) else str(detail[name]) == value
    assert detail["plover"] == {"event_type": codes.plover_event_type, "mode": codes.plover_mode or None}
    assert detail["cameo"] == codes.cameo_code
    assert detail["acled"] == {
        "event_type": codes.acled_event_type or None,
        "sub_event_type": codes.acled_sub_event_type or None,
    }

    [row] = read_csv(story.get(f"{ENDPOINT[kind]}/", format="csv"))
    assert row["id"] == str(event.pk) and row["title_ar"] == entry.title_ar
    assert row["participants"] == "; ".join(
        f"{p['actor']['name']} ({p['role']})" for p in detail["participants"]
    )
    for name, value in entry.details.items():
        assert row[name] == ("; ".join(value) if isinstance(value, list) else value)
    assert {name: row[name] for name in codes.as_fields()} == codes.as_fields()

    if kind == "agreement":
        decision = story.events["decision"]
        assert detail["agreement_stage"] == row["agreement_stage"] == "ratified"
        assert [(s["stage"], s["date"]["date"]) for s in detail["stages"]] == [
            ("signed", "2019-11-27"),
            ("ratified", "2019-12-21"),
        ]
        ratified = detail["stages"][1]
        assert ratified["responsible"]["id"] == story.actors["assembly"].pk
        assert ratified["act"]["id"] == decision.pk
        assert ratified["claims"] == [event.claims.get().pk] and detail["stages"][0]["claims"] == []
        assert row["stages"] == "signed 2019-11-27; ratified 2019-12-21"
        assert [(p["obligation"], p["party"] and p["party"]["id"]) for p in detail["provisions"]] == [
            ("training", story.actors["turkey"].pk),
            ("defence", None),
        ]
        assert row["provisions"] == "training (Turkey); defence (every party)"

    found = results(story.get("events/", q=entry.word))
    assert [item["id"] for item in found] == [event.pk]


def ids_for(story, **params):
    return sorted(item["id"] for item in results(story.get("events/", **params)))


def own_filters(story, kind):
    """Each kind's own filters, asked of the whole timeline."""
    actor = {name: actor.pk for name, actor in story.actors.items()}
    between, after = (SIGNED + datetime.timedelta(days=10)).isoformat(), "2020-01-15"
    return {
        "decision": [{"decided_by": actor["assembly"]}, {"decided_by": "assembly"}],
        "operation": [{"role": "attacker", "actor": "gna"}, {"place": "watiya"}],
        "transfer": [
            {"supplier": "turkey"},
            {"recipient": actor["gna"]},
            {"item_category": "aircraft"},
            {"supplier": "turkey", "recipient": "gna", "item_category": "aircraft"},
        ],
        "statement": [{"role": "speaker", "actor": "lna"}],
        "agreement": [
            {"stage": "ratified"},
            {"stage_on": between, "stage": "signed"},
            {"stage_on": after, "stage": "ratified"},
            {"subject": "security", "agreement_type": "memorandum"},
        ],
    }[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_s_own_filters_and_codes_return_exactly_it(story, kind):
    event = story.events[kind]
    for params in own_filters(story, kind):
        assert ids_for(story, **params) == [event.pk], params
    # A code filter gives the records whose crosswalk codes are that code: here, this one alone.
    codes = {other.pk: expected_codes(other) for other in story.events.values()}
    mine = codes[event.pk]
    for param, code, attribute in [
        ("plover", mine.plover_event_type, "plover_event_type"),
        ("cameo", mine.cameo_code, "cameo_code"),
        ("acled_event_type", mine.acled_event_type, "acled_event_type"),
    ]:
        if not code:
            continue
        sharing = sorted(pk for pk, other in codes.items() if getattr(other, attribute).startswith(code))
        assert ids_for(story, **{param: code}) == sharing == [event.pk], param


def test_stage_on_gives_the_stage_in_force_that_day(story):
    agreement = story.events["agreement"].pk
    days = {
        "2019-11-26": None,
        SIGNED.isoformat(): "signed",
        "2019-12-10": "signed",
        RATIFIED.isoformat(): "ratified",
        "2020-06-01": "ratified",
    }
    for day, stage in days.items():
        for asked in ["signed", "ratified"]:
            expected = [agreement] if asked == stage else []
            assert ids_for(story, stage_on=day, stage=asked) == expected, (day, asked)
        assert ids_for(story, stage_on=day) == ([agreement] if stage else []), day
    assert Event.objects.filter(kind="agreement").count() == 1
    assert story.events["agreement"].stages.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY export exists on PostgreSQL only")
@pytest.mark.parametrize("kind", KINDS)
def test_the_copy_export_gives_the_cells_of_the_python_export(story, kind):
    queryset = Event.objects.published().filter(kind=kind)
    columns = exports.KIND_COLUMNS[kind]
    python_rows = list(
        csv.reader(io.StringIO("".join(exports.csv_lines(columns, exports.stream(queryset.for_api())))))
    )
    copy_rows = list(csv.reader(io.StringIO("".join(copy_csv_lines(columns, queryset)))))
    assert len(python_rows) == 2
    assert copy_rows == python_rows
    # The API's CSV on PostgreSQL is the COPY one.
    api_rows = list(
        csv.reader(
            io.StringIO(b"".join(story.get(f"{ENDPOINT[kind]}/", format="csv").streaming_content).decode())
        )
    )
    assert api_rows == python_rows


# --- bad input: a form error naming what is wrong, and the draft as it was ---------------------------


def refused_change(story, event, **changes):
    """Post ``changes`` to ``event``'s change page; the page comes back with its errors, unsaved."""
    before = record_state(event)
    response = story.post_change(event, **changes)
    assert response.status_code == 200
    event.refresh_from_db()
    assert record_state(event) == before
    assert event.status == "draft"
    return response


def errors_text(response):
    return " ".join(str(error) for error in response.context["errors"])


def draft_of(kind):
    """The entry of ``kind`` under a title of its own, beside the published one."""
    return replace(ENTRY[kind], title=f"Draft: {ENTRY[kind].title}")


def test_an_operation_without_an_attacker_is_not_sent_to_review(story):
    event = story.enter_draft(draft_of("operation"), **{"participants-0-role": "target"})
    response = refused_change(story, event, status="review", title="Renamed")
    assert "attacker" in errors_text(response).lower()


def test_a_transfer_quantity_with_min_above_max_is_a_form_error(story):
    event = story.enter_draft(draft_of("transfer"))
    response = refused_change(story, event, transfer_quantity_min="30", transfer_quantity_max="20")
    assert set(response.context["adminform"].form.errors) & {"transfer_quantity_min", "transfer_quantity_max"}


def test_a_role_that_is_not_of_the_kind_is_a_form_error_on_its_row(story):
    event = story.enter_draft(draft_of("transfer"))
    response = refused_change(story, event, **{"participants-0-role": "attacker"})
    [participants] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "participants"
    ]
    assert "role" in participants.forms[0].errors
