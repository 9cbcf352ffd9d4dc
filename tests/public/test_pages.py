"""The public pages on the demo data: the exact records each shows, in English and Arabic;
drafts and retracted records on none of them; 404 pages in the interface's language; bad
filters as a message beside the form; query counts that do not grow with the events shown."""

import datetime
import html as html_text
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from alliance_tracker import citation
from events.choices import EventKind, ParticipantRole, RecordStatus
from events.models import Event, Tie
from tests.factories import ActorFactory, PlaceFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db

PUTIN_KREMLIN = "Khalifa Haftar meets Vladimir Putin at the Kremlin"
PUTIN_2023 = "Khalifa Haftar meets Vladimir Putin (September 2023)"
STATEMENT = "Andrei Belousov praises Khalifa Haftar's role in regional stability"
KHALIFA_EVENTS = [
    STATEMENT,
    "Khalifa Haftar meets Andrei Belousov",
    "Khalifa Haftar attends the Victory Day parade on Red Square",
    "Khalifa Haftar meets Sergei Shoigu",
    PUTIN_KREMLIN,
    "Khalifa Haftar's official visit to Moscow",
    PUTIN_2023,
]


def html(response):
    return response.content.decode()


def listed_events(response):
    """Ids of the events a list shows, in order."""
    return [int(pk) for pk in re.findall(r'<li data-event="(\d+)"', html(response))]


def ids(*titles):
    found = dict(Event.objects.filter(title__in=titles).values_list("title", "pk"))
    return [found[title] for title in titles]


def facet(response, name):
    """{text: count} of one facet of the home page."""
    section = re.search(rf'<section data-facet="{name}">(.*?)</section>', html(response), re.S).group(1)
    return {
        text: int(n) for text, n in re.findall(r'>([^<>]+)</a> <span class="count">(\d+)</span>', section)
    }


@pytest.fixture
def hidden(demo_data):
    """A draft and a retracted event with Khalifa Haftar and Vladimir Putin, one with an actor
    named nowhere else, and a draft tie between them: none of them may show anywhere."""
    khalifa, putin = Actor.objects.get(slug="khalifa-haftar"), Actor.objects.get(slug="vladimir-putin")
    envoy = ActorFactory(name="Secret Envoy", slug="secret-envoy")
    draft = published_event(
        status=RecordStatus.DRAFT,
        title="Draft meeting with the envoy",
        kind=EventKind.MEETING,
        participants=[(khalifa, ParticipantRole.ATTENDEE), (envoy, ParticipantRole.ATTENDEE)],
    )
    retracted = published_event(
        status=RecordStatus.RETRACTED,
        title="Retracted meeting in Benghazi",
        kind=EventKind.MEETING,
        start_date=datetime.date(2019, 4, 1),
        place=PlaceFactory(country="EG"),
        participants=[(khalifa, ParticipantRole.ATTENDEE), (putin, ParticipantRole.ATTENDEE)],
    )
    tie = TieFactory(subject=putin, object=khalifa, status=RecordStatus.DRAFT, title="Draft patron")
    return {"draft": draft, "retracted": retracted, "envoy": envoy, "tie": tie}


def assert_hidden(response, hidden):
    text = html(response)
    for secret in (
        "Draft meeting with the envoy",
        "Retracted meeting in Benghazi",
        "Secret Envoy",
        "Draft patron",
    ):
        assert secret not in text
    shown = listed_events(response)
    assert hidden["draft"].pk not in shown and hidden["retracted"].pk not in shown


# ---------------------------------------------------------------------------- home


def test_home_lists_every_published_event_latest_first_with_facets(client, hidden):
    response = client.get("/")
    assert response.status_code == 200
    assert listed_events(response) == list(
        Event.objects.published().order_by("-date_lo", "-pk").values_list("pk", flat=True)
    )
    assert len(listed_events(response)) == 11
    assert facet(response, "kind") == {
        "Visit": 2,
        "Meeting": 5,
        "Agreement": 1,
        "Deployment": 1,
        "Arms or equipment transfer": 1,
        "Statement": 1,
    }
    # The retracted event's place is in Egypt and in 2019: neither is counted.
    assert facet(response, "country") == {
        "Libya": 11,
        "Russia": 8,
        "Belarus": 1,
        "United States of America": 1,
    }
    assert facet(response, "year") == {"2025": 10, "2023": 1}
    assert facet(response, "min_reliability") == {"F: reliability cannot be judged": 11}
    assert_hidden(response, hidden)
    assert "7–10 May 2025, exact day unknown" in html(response)
    assert "September 2023" in html(response)


def test_a_facet_link_filters_and_narrows_the_other_facets(client, hidden):
    home = html(client.get("/"))
    assert 'href="?kind=meeting"' in home
    response = client.get("/?kind=meeting")
    assert sorted(listed_events(response)) == sorted(
        Event.objects.published().filter(kind="meeting").values_list("pk", flat=True)
    )
    assert facet(response, "kind") == {"Meeting": 5}
    assert facet(response, "year") == {"2025": 4, "2023": 1}
    assert 'href="?kind=meeting&amp;year=2023"' in html(response)
    assert listed_events(client.get("/?kind=meeting&year=2023")) == ids(PUTIN_2023)


@pytest.mark.parametrize("text", ["Хафтар", "بوتين", "HIFTER", "كرملين"])
def test_search_answers_what_the_api_answers(client, hidden, text):
    api = client.get("/api/v1/events/", {"q": text, "ordering": "-date", "page_size": 100}).json()
    expected = [row["id"] for row in api["results"]]
    assert expected, "the demo data has events for every one of these spellings"
    response = client.get("/", {"q": text})
    assert listed_events(response) == expected
    assert_hidden(response, hidden)


def test_search_finds_an_arabic_spelling_of_the_kremlin_meeting(client, demo_data):
    assert ids(PUTIN_KREMLIN)[0] in listed_events(client.get("/", {"q": "الكرملين"}))


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("year=abc", "year"),
        ("kind=picnic", "kind"),
        ("country=XX", "country"),
        ("date_from=2025-13-01", "date_from"),
    ],
)
def test_a_bad_filter_is_a_message_beside_the_form(client, demo_data, query, parameter):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    errors = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html(response), re.S).group(1)
    assert f"{parameter}:" in errors
    assert len(listed_events(response)) == 11


def test_a_bad_filter_in_arabic_is_explained_in_arabic(client, demo_data):
    response = client.get("/ar/?year=abc")
    assert "تعذّر استخدام بعض عوامل التصفية" in html(response)


# ---------------------------------------------------------------------------- event


def test_event_page_shows_period_place_participants_and_evidence(client, demo_data):
    event = Event.objects.get(title=PUTIN_KREMLIN)
    response = client.get(f"/events/{event.pk}/")
    text = html(response)
    assert response.status_code == 200
    assert "<h1" in text and PUTIN_KREMLIN in text
    assert "7–10 May 2025, exact day unknown" in text
    assert 'data-place="moscow-kremlin"' in text
    participants = re.findall(
        r'href="/actors/([a-z-]+)/"><bdi>', text.split("<h2>Participants</h2>")[1].split("</table>")[0]
    )
    assert sorted(participants) == sorted(event.participants.values_list("actor__slug", flat=True))
    claims = list(event.claims.all())
    assert [int(pk) for pk in re.findall(r'data-claim="(\d+)"', text)] == [claim.pk for claim in claims]
    for claim in claims:
        quote = f'<blockquote lang="{claim.quote_language}" dir="auto">'
        assert quote in text
    assert "Corroboration" in text and "Independent origins" in text


def test_event_page_in_arabic(client, demo_data):
    event = Event.objects.get(title=PUTIN_KREMLIN)
    text = html(client.get(f"/ar/events/{event.pk}/"))
    assert '<html lang="ar" dir="rtl">' in text
    assert event.title_ar in text
    assert "7–10 مايو 2025، اليوم بالتحديد غير معروف" in text
    # The Arabic quote keeps its language, and the actors their Arabic names.
    assert '<blockquote lang="ar" dir="auto">' in text
    assert "خليفة حفتر" in text
    assert "المشاركون" in text and "الأدلة" in text


def test_disputes_are_shown_side_by_side(client, demo_data):
    event = Event.objects.get(title=PUTIN_KREMLIN)
    Event.objects.filter(pk=event.pk).update(
        disputed=True,
        dispute_reasons=["denied by actor: Kremlin press office"],
        claimed_spread={"start": "2025-05-07 [1 origin] | 2025-05-09 [1 origin]"},
    )
    text = html(client.get(f"/events/{event.pk}/"))
    assert "denied by actor: Kremlin press office" in text
    sides = re.findall(r'<div class="dispute-side" dir="auto">([^<]*)</div>', text)
    assert sides == ["2025-05-07 [1 origin]", "2025-05-09 [1 origin]"]


@pytest.mark.parametrize("which", ["draft", "retracted"])
def test_unpublished_events_are_404_pages_in_the_interface_language(client, hidden, which):
    pk = hidden[which].pk
    english = client.get(f"/events/{pk}/")
    assert english.status_code == 404
    assert '<html lang="en" dir="ltr">' in html(english) and "Not found" in html(english)
    arabic = client.get(f"/ar/events/{pk}/")
    assert arabic.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html(arabic) and "غير موجود" in html(arabic)
    assert client.get("/events/99999999/").status_code == 404


# ---------------------------------------------------------------------------- actor


def test_actor_page_shows_names_ties_timeline_and_partners(client, hidden):
    khalifa = Actor.objects.get(slug="khalifa-haftar")
    response = client.get("/actors/khalifa-haftar/")
    text = html(response)
    assert response.status_code == 200
    assert listed_events(response) == ids(*KHALIFA_EVENTS)
    for name in khalifa.names.all():
        assert f'<li lang="{name.language}" dir="auto">{name.name} ' in text
    shown_ties = [int(pk) for pk in re.findall(r'<tr data-tie="(\d+)"', text)]
    expected_ties = Tie.objects.published().filter(subject=khalifa) | Tie.objects.published().filter(
        object=khalifa
    )
    assert sorted(shown_ties) == sorted(expected_ties.values_list("pk", flat=True))
    # Saddam Haftar's tie to his father is a draft in the demo data, and so is the fixture's.
    assert Tie.objects.filter(subject__slug="saddam-haftar", object=khalifa, status="draft").exists()
    assert "saddam-haftar" not in text.split("Ties over time")[1].split("Partners")[0]
    assert 'href="/api/v1/events/?actor=khalifa-haftar"' in text
    assert 'href="/api/v1/events/?actor=khalifa-haftar&amp;format=csv"' in text
    assert 'href="/pairs/khalifa-haftar/vladimir-putin/"' in text
    assert_hidden(response, hidden)


def test_partners_by_year_are_counted_in_the_database(client, demo_data):
    text = html(client.get("/actors/khalifa-haftar/"))
    partners = text.split("by year</h2>")[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\d{4})</td><td>(.*?)</td></tr>", partners)
    assert [year for year, _ in rows] == ["2025", "2023"]
    assert re.findall(r'href="/pairs/khalifa-haftar/([a-z-]+)/"', rows[1][1]) == ["vladimir-putin"]


def test_actor_page_in_arabic_shows_arabic_names(client, demo_data):
    text = html(client.get("/ar/actors/khalifa-haftar/"))
    assert '<html lang="ar" dir="rtl">' in text
    assert "<h1><bdi>خليفة حفتر</bdi></h1>" in text
    assert "لقاء المشير خليفة حفتر والرئيس الروسي فلاديمير بوتين في الكرملين" in text


def test_an_actor_named_only_in_drafts_is_a_404(client, hidden):
    assert client.get("/actors/secret-envoy/").status_code == 404
    response = client.get("/ar/actors/no-such-actor/")
    assert response.status_code == 404 and "غير موجود" in html(response)


def test_a_merged_actor_redirects_to_the_survivor(client, demo_data):
    khalifa = Actor.objects.get(slug="khalifa-haftar")
    ActorFactory(slug="khalifa-hifter", name="Khalifa Hifter", merged_into=khalifa)
    response = client.get("/actors/khalifa-hifter/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/actors/khalifa-haftar/?page=1"
    assert client.get("/ar/actors/khalifa-hifter/")["Location"] == "/ar/actors/khalifa-haftar/"
    pair = client.get("/pairs/khalifa-hifter/vladimir-putin/")
    assert pair.status_code == 301 and pair["Location"] == "/pairs/khalifa-haftar/vladimir-putin/"


def test_the_timeline_is_capped_with_more_links(client, demo_data, monkeypatch):
    monkeypatch.setattr("events.actor_pages.page_of.__defaults__", (2,))
    first = client.get("/actors/khalifa-haftar/")
    assert listed_events(first) == ids(*KHALIFA_EVENTS[:2])
    assert 'rel="next" href="?page=2"' in html(first)
    assert listed_events(client.get("/actors/khalifa-haftar/?page=3")) == ids(*KHALIFA_EVENTS[4:6])
    assert listed_events(client.get("/actors/khalifa-haftar/?page=4")) == ids(*KHALIFA_EVENTS[6:])


# ---------------------------------------------------------------------------- pair


def test_pair_page_shows_shared_timeline_and_chart(client, hidden):
    response = client.get("/pairs/khalifa-haftar/vladimir-putin/")
    text = html(response)
    assert response.status_code == 200
    assert listed_events(response) == ids(PUTIN_KREMLIN, PUTIN_2023)
    # Every quarter from 2023 Q3 to 2025 Q2 has a bar; two of them hold a meeting each.
    totals = re.findall(r'<g data-quarter="([^"]+)" data-total="(\d+)">', text)
    assert len(totals) == 8
    assert [quarter for quarter, total in totals if total != "0"] == ["2023 Q3", "2025 Q2"]
    assert text.count('<rect class="k1"') == 2
    # The chart is drawn without script: the one script is the ties' references' copy button.
    assert re.findall(r"<script[^>]*>", text) == ['<script src="/static/public/cite.js" defer>']
    assert 'href="/api/v1/events/?actor=khalifa-haftar&amp;actor=vladimir-putin"' in text
    assert_hidden(response, hidden)


def test_pair_page_in_arabic(client, demo_data):
    text = html(client.get("/ar/pairs/khalifa-haftar/vladimir-putin/"))
    assert '<html lang="ar" dir="rtl">' in text
    assert "الربع 3 من 2023" in text
    assert "فلاديمير بوتين" in text


def test_pair_with_an_unknown_or_draft_only_actor_is_a_404(client, hidden):
    assert client.get("/pairs/khalifa-haftar/secret-envoy/").status_code == 404
    assert client.get("/pairs/nobody/vladimir-putin/").status_code == 404


# ---------------------------------------------------------------------------- query counts


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_shared_events(count):
    khalifa, putin = Actor.objects.get(slug="khalifa-haftar"), Actor.objects.get(slug="vladimir-putin")
    for day in range(1, count + 1):
        published_event(
            title=f"Extra meeting {day}",
            start_date=datetime.date(2024, 1, day),
            place=PlaceFactory(),
            participants=[(khalifa, ParticipantRole.ATTENDEE), (putin, ParticipantRole.ATTENDEE)],
            claims=[{}, {}],
        )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/ar/",
        "/actors/khalifa-haftar/",
        "/ar/actors/khalifa-haftar/",
        "/pairs/khalifa-haftar/vladimir-putin/",
    ],
)
def test_query_counts_do_not_grow_with_the_events_shown(client, demo_data, url):
    before = queries(client, url)
    add_shared_events(6)
    assert len(listed_events(client.get(url))) >= 8
    assert queries(client, url) == before


def test_event_page_query_count_does_not_grow_with_its_claims_and_participants(client, demo_data):
    # Both have speakers: a prefetch with nothing to load (no speaker at all) is skipped.
    small = published_event(title="Small", claims=[{"speaker": ActorFactory()}])
    big = published_event(
        title="Big",
        participants=[(ActorFactory(), ParticipantRole.ATTENDEE) for _ in range(4)],
        claims=[{"speaker": ActorFactory()} for _ in range(5)],
    )
    assert queries(client, f"/events/{small.pk}/") == queries(client, f"/events/{big.pk}/")


# ---------------------------------------------------------------------------- cite this


def references(text):
    """The references ("Cite this") a page shows, as a reader copies them."""
    return [
        html_text.unescape(t) for t in re.findall(r'<p class="citation-text" dir="auto">([^<]*)</p>', text)
    ]


@pytest.fixture
def read_today(monkeypatch):
    monkeypatch.setattr(citation, "retrieved_on", lambda: datetime.date(2026, 12, 2))


def kremlin_reference(event):
    Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2025, 5, 12, 10, 3, tzinfo=datetime.UTC)
    )
    return (
        f'Alliance Tracker, event {event.pk} "{PUTIN_KREMLIN}" (version of 2025-05-12 10:03 UTC), '
        f"retrieved 2026-12-02, http://testserver/events/{event.pk}/"
    )


def test_event_page_cites_the_event_with_a_copy_button(client, demo_data, read_today):
    event = Event.objects.get(title=PUTIN_KREMLIN)
    reference = kremlin_reference(event)
    text = html(client.get(f"/events/{event.pk}/"))
    assert references(text) == [reference]
    assert '<h2 id="citation-title">Cite this</h2>' in text
    assert (
        '<button type="button" class="citation-copy" hidden data-copied="Copied." '
        'data-selected="Selected: press Ctrl+C to copy it.">Copy</button>'
    ) in text
    assert '<script src="/static/public/cite.js" defer></script>' in text
    # The API cites it in the very same words.
    assert client.get(f"/api/v1/events/{event.pk}/").json()["citation"] == reference


def test_event_page_in_arabic_cites_the_same_reference_in_its_own_direction(client, demo_data, read_today):
    event = Event.objects.get(title=PUTIN_KREMLIN)
    reference = kremlin_reference(event)
    text = html(client.get(f"/ar/events/{event.pk}/"))
    assert references(text) == [reference]
    assert '<h2 id="citation-title">استشهد بهذا السجل</h2>' in text
    assert 'data-copied="نُسخ." data-selected="حُدِّد النص: اضغط Ctrl+C لنسخه.">نسخ</button>' in text


def test_actor_page_cites_the_actor_and_each_of_its_ties(client, demo_data, read_today):
    khalifa = Actor.objects.get(slug="khalifa-haftar")
    Actor.objects.filter(pk=khalifa.pk).update(
        updated_at=datetime.datetime(2025, 6, 1, 8, 0, tzinfo=datetime.UTC)
    )
    text = html(client.get("/actors/khalifa-haftar/"))
    shown_ties = [int(pk) for pk in re.findall(r'<tr data-tie="(\d+)"', text)]
    assert shown_ties
    tie_references = [client.get(f"/api/v1/ties/{pk}/").json()["citation"] for pk in shown_ties]
    actor_reference = (
        f'Alliance Tracker, actor {khalifa.pk} "Khalifa Haftar" (version of 2025-06-01 08:00 UTC), '
        "retrieved 2026-12-02, http://testserver/actors/khalifa-haftar/"
    )
    assert references(text) == [*tie_references, actor_reference]
    assert [ref.rsplit(", ", 1)[1] for ref in tie_references] == [
        f"http://testserver/api/v1/ties/{pk}/" for pk in shown_ties
    ]
    assert text.count('class="citation-copy" hidden') == len(shown_ties) + 1
    assert '<script src="/static/public/cite.js" defer></script>' in text


def test_the_copy_button_is_a_script_of_the_sites_own_with_nothing_inline(client, demo_data):
    event = Event.objects.get(title=PUTIN_KREMLIN)
    for url in (f"/events/{event.pk}/", "/actors/khalifa-haftar/", "/pairs/khalifa-haftar/vladimir-putin/"):
        text = html(client.get(url))
        assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", text) == []
        assert not re.search(r"<[^>]+\son[a-z]+=", text)
    script = client.get("/static/public/cite.js")
    assert script.status_code == 200
    body = b"".join(script.streaming_content) if script.streaming else script.content
    assert "navigator.clipboard" in body.decode()


def test_actor_page_query_count_does_not_grow_with_the_ties_it_cites(client, demo_data):
    khalifa = Actor.objects.get(slug="khalifa-haftar")
    before = queries(client, "/actors/khalifa-haftar/")
    shown = html(client.get("/actors/khalifa-haftar/")).count("<tr data-tie=")
    for _ in range(3):
        TieFactory(subject=ActorFactory(), object=khalifa, kind="commands", status=RecordStatus.PUBLISHED)
    assert html(client.get("/actors/khalifa-haftar/")).count("<tr data-tie=") == shown + 3
    assert queries(client, "/actors/khalifa-haftar/") == before


class TestKindDetails:
    """The event page shows the details of every kind (from ``KIND_FIELDS``), an agreement's stages
    with their dates and provisions, and the crosswalk's codes, in the interface's language; a
    stage's act only when it is published."""

    @pytest.fixture
    def agreement(self):
        from events.models import Provision, Stage

        parliament, lna = ActorFactory(name="House of Representatives"), ActorFactory(name="Libyan Army")
        agreement = published_event(
            kind=EventKind.AGREEMENT,
            title="A memorandum",
            start_date=datetime.date(2025, 1, 1),
            start_precision="year",
            agreement_type="memorandum",
            agreement_subjects=["training", "logistics"],
            participants=[(lna, ParticipantRole.SIGNATORY)],
        )
        vote = published_event(
            kind=EventKind.DECISION,
            title="The vote ratifying it",
            start_date=datetime.date(2025, 2, 1),
            participants=[(parliament, ParticipantRole.DECIDING_BODY)],
            decision_type="ratification",
            decision_outcome="adopted",
            votes_for=120,
            votes_against=3,
        )
        draft_vote = published_event(
            kind=EventKind.DECISION,
            title="A draft vote",
            status=RecordStatus.DRAFT,
            start_date=datetime.date(2025, 3, 1),
            participants=[(parliament, ParticipantRole.DECIDING_BODY)],
        )
        Stage.objects.create(
            agreement=agreement, stage="signed", date=datetime.date(2025, 1, 1), date_precision="year"
        )
        Stage.objects.create(
            agreement=agreement,
            stage="ratified",
            date=datetime.date(2025, 2, 1),
            responsible=parliament,
            act=vote,
        )
        Stage.objects.create(
            agreement=agreement, stage="in_force", date=datetime.date(2025, 3, 9), act=draft_vote
        )
        Provision.objects.create(agreement=agreement, obligation="training", party=lna)
        return agreement, vote, draft_vote

    def test_an_agreements_stages_and_provisions_in_english_and_arabic(self, client, agreement):
        agreement, vote, draft_vote = agreement
        text = html(client.get(f"/events/{agreement.pk}/"))
        assert "Memorandum of understanding" in text and "Training, Logistics" in text
        stages = text.split('<table class="stages">')[1].split("</table>")[0]
        assert re.findall(r"<td>(Signed|Ratified|In force)", stages) == ["Signed", "Ratified", "In force"]
        assert '<time datetime="2025-01-01">2025</time>' in stages and "9 March 2025" in stages
        assert f"/events/{vote.pk}/" in stages and "House of Representatives" in stages
        assert "A draft vote" not in text and f"/events/{draft_vote.pk}/" not in text
        provisions = text.split('<table class="provisions">')[1].split("</table>")[0]
        assert "Training" in provisions and "Libyan Army" in provisions
        arabic = html(client.get(f"/ar/events/{agreement.pk}/"))
        assert "مذكرة تفاهم" in arabic and "تدريب, دعم لوجستي" in arabic
        stages = arabic.split('<table class="stages">')[1].split("</table>")[0]
        assert "موقَّع" in stages and "مصادَق عليه" in stages and "نافذ" in stages
        assert "March" not in stages and "مارس" in stages
        assert "المراحل" in arabic and "الالتزامات" in arabic

    def test_a_decisions_votes_and_the_other_kinds_details(self, client, agreement):
        _agreement, vote, _draft = agreement
        text = html(client.get(f"/events/{vote.pk}/"))
        assert re.search(r"<dt>Votes for</dt>\s*<dd>120</dd>", text)
        assert re.search(r"<dt>Votes against</dt>\s*<dd>3</dd>", text)
        assert "Abstentions" not in text
        assert re.search(r"<dt>Outcome</dt>\s*<dd>Adopted</dd>", text)
        deployment = published_event(
            kind=EventKind.DEPLOYMENT,
            title="Trainers sent",
            start_date=datetime.date(2024, 5, 1),
            ongoing=True,
            deployment_personnel=["trainers", "technicians"],
            deployment_size_min=20,
            deployment_size_max=30,
            participants=[(ActorFactory(), ParticipantRole.DEPLOYING)],
        )
        arabic = html(client.get(f"/ar/events/{deployment.pk}/"))
        assert re.search(r"<dt>الأفراد</dt>\s*<dd>مدربون, فنيون</dd>", arabic)
        assert re.search(r"<dt>العدد</dt>\s*<dd>20–30</dd>", arabic)
        transfer = published_event(
            kind=EventKind.TRANSFER,
            title="Air defence delivered",
            start_date=datetime.date(2024, 6, 1),
            transfer_item_category="air_defence",
            transfer_item="Pantsir-S1",
            transfer_status="delivered",
            transfer_quantity_max=6,
            participants=[(ActorFactory(), ParticipantRole.SUPPLIER)],
        )
        Event.objects.filter(pk=transfer.pk).update(
            cameo_code="072", acled_event_type="Strategic developments"
        )
        text = html(client.get(f"/events/{transfer.pk}/"))
        assert re.search(r'<dt>Item</dt>\s*<dd lang="en" dir="auto">Pantsir-S1</dd>', text)
        assert re.search(r"<dt>Quantity</dt>\s*<dd>up to 6</dd>", text)
        assert "<code>072</code>" in text and "Strategic developments" in text
        statement = published_event(
            kind=EventKind.STATEMENT,
            title="Support said",
            start_date=datetime.date(2024, 7, 1),
            statement_stance="warning",
            participants=[(ActorFactory(), ParticipantRole.SPEAKER)],
        )
        arabic = html(client.get(f"/ar/events/{statement.pk}/"))
        assert re.search(r"<dt>موقف التصريح</dt>\s*<dd>تحذير أو تهديد</dd>", arabic)


def test_the_official_bodies_confirming_an_event_are_named_in_arabic(client):
    """A state speaking, and a minister speaking for the ministry he holds office in by a
    published tie: both confirm the event, each under its Arabic name on /ar/."""
    from actors.choices import ActorKind, Language, OrganizationCategory
    from tests.factories import ActorNameFactory

    state = ActorFactory(name="Russia", kind=ActorKind.STATE)
    ministry = ActorFactory(
        name="Ministry of Defence", kind=ActorKind.ORGANIZATION, category=OrganizationCategory.GOVERNMENT_BODY
    )
    minister = ActorFactory(name="A Minister", kind=ActorKind.PERSON)
    ActorNameFactory(actor=state, name="روسيا", language=Language.ARABIC)
    ActorNameFactory(actor=ministry, name="وزارة الدفاع", language=Language.ARABIC)
    TieFactory(subject=minister, object=ministry, kind="holds_office_in", status=RecordStatus.PUBLISHED)
    event = published_event(
        title="Confirmed",
        start_date=datetime.date(2025, 5, 9),
        claims=[{"speaker": state}, {"speaker": minister}],
    )
    text = html(client.get(f"/ar/events/{event.pk}/"))
    confirmation = text.split("corroboration")[1].split("</dl>")[0]
    assert "<bdi>روسيا</bdi>" in confirmation and "<bdi>وزارة الدفاع</bdi>" in confirmation
    assert "Ministry of Defence" not in confirmation
