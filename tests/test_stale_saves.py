"""Two editors saving one record from pages opened before either save: the second is told.

Each editor opens the change page, types, and saves. The first save goes through; the second
page was opened on a version that is no longer the record's, so it is refused with a form error
that names who changed the record and when, and keeps what the second editor typed. Only the
"Save over the newer version" box, shown with the warning, saves it anyway.
"""

import pytest
from django.contrib.admin import site
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from alliance_tracker.admin_mixins import SAVE_OVER_LABEL
from events.history import edits
from events.models import Claim, Event, Source, Tie
from tests.conftest import member_of
from tests.events.test_admin import admin_url, changeform_data, form_values
from tests.factories import ActorFactory, ClaimFactory, EventFactory, SourceFactory, TieFactory, UserFactory

STALE = "was changed since you opened it"
SAVE_OVER_BOX = 'type="checkbox" name="save_over_newer"'

# A record of each kind an editor changes from its page, and a text field it has.
RECORDS = {
    "event": (lambda: ClaimFactory(event=EventFactory()).event, "description"),
    "actor": (lambda: ActorFactory(), "description"),
    "tie": (lambda: ClaimFactory(event=None, tie=TieFactory()).tie, "title"),
}


def signed_in(username):
    client = Client()
    client.force_login(member_of("Editors", username))
    return client


@pytest.fixture
def alice(db):
    return signed_in("alice")


@pytest.fixture
def bob(db):
    return signed_in("bob")


def open_page(client, record):
    response = client.get(admin_url(type(record), "change", record.pk))
    assert response.status_code == 200
    return response


def save(client, record, page, **changes):
    """Press Save on ``page`` (a change page as ``client`` was shown it) with ``changes`` typed."""
    return client.post(admin_url(type(record), "change", record.pk), changeform_data(page, **changes))


def errors(response):
    assert response.status_code == 200, "the stale page was saved"
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def posted_form(response):
    return response.context["adminform"].form


@pytest.fixture(params=RECORDS, ids=list(RECORDS))
def record_and_field(request, db):
    make, field = RECORDS[request.param]
    return make(), field


def test_the_second_of_two_stale_saves_is_refused_and_keeps_its_text(alice, bob, record_and_field):
    record, field = record_and_field
    alices_page, bobs_page = open_page(alice, record), open_page(bob, record)

    assert save(alice, record, alices_page, **{field: "Alice's text"}).status_code == 302
    response = save(bob, record, bobs_page, **{field: "Bob's text"})

    message = errors(response)
    assert STALE in message
    assert "by alice" in message
    assert admin_url(type(record), "change", record.pk) in message
    assert admin_url(type(record), "history", record.pk) in message
    record.refresh_from_db()
    assert getattr(record, field) == "Alice's text"
    # Bob's text is still on his page, to copy; the box to save over Alice's is shown.
    assert posted_form(response)[field].value() == "Bob's text"
    assert "Bob&#x27;s text" in response.content.decode()
    assert SAVE_OVER_BOX in response.content.decode()


def test_pressing_save_again_on_the_refused_page_does_not_overwrite(alice, bob, record_and_field):
    record, field = record_and_field
    alices_page, bobs_page = open_page(alice, record), open_page(bob, record)
    save(alice, record, alices_page, **{field: "Alice's text"})
    refused = save(bob, record, bobs_page, **{field: "Bob's text"})

    # The hidden version is still the one Bob opened.
    assert posted_form(refused)["opened_version"].value() == posted_form(bobs_page)["opened_version"].value()
    again = bob.post(admin_url(type(record), "change", record.pk), changeform_data(refused))

    assert STALE in errors(again)
    record.refresh_from_db()
    assert getattr(record, field) == "Alice's text"


def test_ticking_save_over_saves_the_second_text(alice, bob, record_and_field):
    record, field = record_and_field
    alices_page, bobs_page = open_page(alice, record), open_page(bob, record)
    save(alice, record, alices_page, **{field: "Alice's text"})
    refused = save(bob, record, bobs_page, **{field: "Bob's text"})

    response = bob.post(
        admin_url(type(record), "change", record.pk), changeform_data(refused, save_over_newer="on")
    )

    assert response.status_code == 302, errors(response)
    record.refresh_from_db()
    assert getattr(record, field) == "Bob's text"
    # Alice's text is still in the record's history, and the log says Bob saved over it.
    assert edits(record).filter(**{field: "Alice's text"}).exists()
    entry = LogEntry.objects.filter(object_id=str(record.pk)).latest("action_time")
    assert SAVE_OVER_LABEL in entry.get_change_message()


def test_save_over_covers_only_the_version_the_warning_named(alice, bob, db):
    event = EventFactory()
    alices_page, bobs_page = open_page(alice, event), open_page(bob, event)
    save(alice, event, alices_page, description="Alice's text")
    refused = save(bob, event, bobs_page, description="Bob's text")
    save(signed_in("carol"), event, open_page(signed_in("carol"), event), description="Carol's text")

    response = bob.post(admin_url(Event, "change", event.pk), changeform_data(refused, save_over_newer="on"))

    assert "by carol" in errors(response)
    event.refresh_from_db()
    assert event.description == "Carol's text"
    # Warned again, the box is shown unticked: ticking it now saves over Carol's version.
    assert posted_form(response)["save_over_newer"].value() is False
    saved = bob.post(admin_url(Event, "change", event.pk), changeform_data(response, save_over_newer="on"))
    assert saved.status_code == 302
    event.refresh_from_db()
    assert event.description == "Bob's text"


def test_a_page_opened_after_the_save_saves_without_a_warning(alice, bob, db):
    event = EventFactory()
    save(alice, event, open_page(alice, event), description="Alice's text")

    response = save(bob, event, open_page(bob, event), description="Bob's text")

    assert response.status_code == 302
    assert SAVE_OVER_BOX not in open_page(bob, event).content.decode()


# --- changes to what the page shows besides the record itself --------------------------------


def claim_quote_changed(client, claim, quote):
    page = client.get(admin_url(Claim, "change", claim.pk))
    response = client.post(admin_url(Claim, "change", claim.pk), changeform_data(page, quote=quote))
    assert response.status_code == 302, response.context["errors"]


def test_a_claim_changed_on_the_event_page_makes_the_other_page_stale(alice, bob, db):
    claim = ClaimFactory(quote="Old quote")
    event = claim.event
    alices_page, bobs_page = open_page(alice, event), open_page(bob, event)

    assert save(alice, event, alices_page, **{"claims-0-quote": "Alice's quote"}).status_code == 302
    response = save(bob, event, bobs_page, description="Bob's text")

    assert STALE in errors(response)
    claim.refresh_from_db()
    assert claim.quote == "Alice's quote"
    assert posted_form(response)["description"].value() == "Bob's text"


@pytest.mark.parametrize("record_of", ["event", "tie"])
def test_a_claim_changed_on_its_own_page_makes_the_records_page_stale(alice, bob, db, record_of):
    claim = (
        ClaimFactory(quote="Old quote")
        if record_of == "event"
        else ClaimFactory(event=None, tie=TieFactory())
    )
    record = claim.record
    bobs_page = open_page(bob, record)

    claim_quote_changed(alice, claim, "Alice's quote")
    response = save(bob, record, bobs_page, **{"claims-0-quote": "Bob's quote"})

    assert STALE in errors(response)
    claim.refresh_from_db()
    assert claim.quote == "Alice's quote"
    assert "Bob&#x27;s quote" in response.content.decode()


# --- what is not a page the record was opened on -----------------------------------------------


def bobs_refused_description(response, event):
    assert STALE in errors(response)
    event.refresh_from_db()
    assert event.description == "Saved text"
    return posted_form(response)["opened_version"].value()


@pytest.mark.parametrize(
    "token",
    [None, "", "\x00", "x" * 10_240, "2020-01-01T00:00:00+00:00", "' OR 1=1 --"],
    ids=["missing", "empty", "nul", "10 KB", "an old date", "sql"],
)
def test_a_missing_or_garbage_version_is_refused_as_stale(bob, db, token):
    event = EventFactory(description="Saved text")
    data = changeform_data(open_page(bob, event), description="Bob's text")
    if token is None:
        del data["opened_version"]
    else:
        data["opened_version"] = token

    response = bob.post(admin_url(Event, "change", event.pk), data)

    redisplayed = bobs_refused_description(response, event)
    assert posted_form(response)["description"].value() == "Bob's text"
    # A token the page could never have held is not written back into it.
    assert redisplayed in ("", token)
    assert "x" * 200 not in response.content.decode()
    assert "\x00" not in response.content.decode()


def test_save_over_without_having_been_warned_is_refused(bob, db):
    """A hand-made POST that ticks the box is not a confirmation: the editor has seen no warning."""
    event = EventFactory(description="Saved text")
    data = changeform_data(open_page(bob, event), description="Bob's text", save_over_newer="on")
    data["opened_version"] = "2020-01-01T00:00:00+00:00"

    bobs_refused_description(bob.post(admin_url(Event, "change", event.pk), data), event)


def test_the_add_page_has_no_version_and_saves_without_one(bob, db):
    page = bob.get(admin_url(Source, "add"))
    assert "opened_version" not in page.context["adminform"].form.fields

    data = changeform_data(page, title="A new report", language="en", reliability="B")
    response = bob.post(admin_url(Source, "add"), data)

    assert response.status_code == 302, response.context["errors"]
    assert Source.objects.filter(title="A new report").exists()


def test_save_as_new_is_an_addition_and_is_not_checked(alice, bob, db):
    actor = ActorFactory(name="Someone", slug="someone")
    bobs_page = open_page(bob, actor)
    save(alice, actor, open_page(alice, actor), description="Alice's text")

    data = changeform_data(bobs_page, name="Someone else", slug="someone-else", _saveasnew="Save as new")
    data.pop("opened_version")
    response = bob.post(admin_url(Actor, "change", actor.pk), data)

    assert response.status_code == 302, errors(response)
    assert Actor.objects.filter(slug="someone-else").exists()


# --- the history's revert page -------------------------------------------------------------------


def revert_page(client, record, version):
    return client.get(admin_url(type(record), "simple_history", record.pk, version.history_id))


def test_the_revert_page_carries_the_current_version_and_reverts(alice, db):
    source = SourceFactory(title="Original title")
    save(alice, source, open_page(alice, source), title="Corrected title")
    original = edits(source).earliest()

    page = revert_page(alice, source, original)
    assert (
        posted_form(page)["opened_version"].value() == Source.objects.get(pk=source.pk).updated_at.isoformat()
    )
    response = alice.post(
        admin_url(Source, "simple_history", source.pk, original.history_id), form_values(posted_form(page))
    )

    assert response.status_code == 302, errors(response)
    source.refresh_from_db()
    assert source.title == "Original title"


def test_a_revert_from_a_stale_revert_page_is_refused(alice, bob, db):
    event = EventFactory(title="Original title")
    save(alice, event, open_page(alice, event), title="Second title")
    original = edits(event).earliest()
    bobs_revert = revert_page(bob, event, original)

    save(alice, event, open_page(alice, event), title="Third title")
    response = bob.post(
        admin_url(Event, "simple_history", event.pk, original.history_id),
        form_values(posted_form(bobs_revert)),
    )

    assert STALE in errors(response)
    event.refresh_from_db()
    assert event.title == "Third title"


# --- cost and who sees it ------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Event, Actor])
def test_the_check_costs_the_change_page_one_query(bob, db, monkeypatch, model):
    record = ClaimFactory().event if model is Event else ActorFactory()
    url = admin_url(model, "change", record.pk)
    bob.get(url)  # content types, permissions and sessions cached

    with CaptureQueriesContext(connection) as checked:
        bob.get(url)
    model_admin = type(site._registry[model])
    monkeypatch.setattr(model_admin, "edit_version", lambda self, request, obj: "a version")
    with CaptureQueriesContext(connection) as unchecked:
        bob.get(url)

    assert len(checked) - len(unchecked) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_a_save_holds_the_record_while_it_is_checked(bob, db):
    event = EventFactory()
    page = open_page(bob, event)

    with CaptureQueriesContext(connection) as queries:
        assert save(bob, event, page, description="Bob's text").status_code == 302

    assert any("FOR UPDATE" in query["sql"] for query in queries)


def test_a_page_that_only_shows_the_record_has_no_version(client, db):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_tie"))
    client.force_login(viewer)
    tie = TieFactory()

    content = client.get(admin_url(Tie, "change", tie.pk)).content.decode()

    assert "opened_version" not in content
    assert "Opened version" not in content
