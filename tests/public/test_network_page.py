"""The /network/ page: the demo's actors drawn as links to their pages, in English and Arabic."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from events.choices import EventKind, ParticipantRole, RecordStatus
from tests.events.test_network import DEMO_ACTORS
from tests.factories import ActorFactory, published_event

pytestmark = pytest.mark.django_db

NODE = re.compile(r'<a class="node (\w+)" href="([^"]+)" data-node="(\d+)"')


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def drawn_slugs(html, prefix="/actors/"):
    return {href.removeprefix(prefix).strip("/") for _, href, _ in NODE.findall(html)}


def test_the_page_draws_every_demo_actor_as_a_link_to_its_page(client, demo_data):
    html = page(client, "/network/")
    assert drawn_slugs(html) == DEMO_ACTORS
    assert html.count('<line class="edge') == 19
    assert 'marker-end="url(#arrow)"' in html
    assert "Khalifa Haftar" in html
    assert "/api/v1/exports/network.gexf" in html


def test_the_arabic_page_is_right_to_left_with_arabic_names_and_a_mirrored_drawing(client, demo_data):
    english, arabic = page(client, "/network/"), page(client, "/ar/network/")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert drawn_slugs(arabic, "/ar/actors/") == DEMO_ACTORS
    assert "خليفة حفتر" in arabic
    assert "شبكة الأطراف" in arabic and "Network of actors" not in arabic
    haftar = Actor.objects.get(slug="khalifa-haftar").pk

    def x_of(html):
        return float(re.search(rf'data-node="{haftar}">\s*<circle cx="([\d.]+)"', html).group(1))

    assert x_of(arabic) == pytest.approx(960 - x_of(english), abs=0.2)


def test_kind_and_period_narrow_the_network(client, demo_data):
    assert "yunus-bek-yevkurov" not in drawn_slugs(page(client, "/network/", {"kind": "meeting"}))
    assert drawn_slugs(page(client, "/network/", {"kind": "agreement"})) == {
        "khaled-haftar",
        "yunus-bek-yevkurov",
        "khalifa-haftar",
        "russian-ministry-of-defence",
    }
    assert "vladimir-putin" in drawn_slugs(page(client, "/network/", {"date_to": "2023-12-31"}))
    assert "sergei-shoigu" not in drawn_slugs(page(client, "/network/", {"date_to": "2023-12-31"}))


def test_a_bad_filter_is_a_message_beside_the_form(client, demo_data):
    html = page(client, "/network/", {"kind": "picnic", "date_from": "not a date"})
    assert 'class="form-errors"' in html
    assert "kind:" in html and "date_from:" in html
    assert drawn_slugs(html) == DEMO_ACTORS


def test_drafts_are_not_drawn(client, demo_data):
    secret = ActorFactory(slug="secret-actor")
    published_event(status=RecordStatus.DRAFT, participants=[(secret, ParticipantRole.ATTENDEE)])
    assert "secret-actor" not in page(client, "/network/")


def test_the_query_count_does_not_grow_with_the_events(client, demo_data):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            page(client, "/network/", {"kind": "meeting", "date_from": "2020-01-01"})
        return len(captured)

    before = queries()
    haftar = Actor.objects.get(slug="khalifa-haftar")
    for _ in range(5):
        published_event(
            kind=EventKind.MEETING,
            participants=[(haftar, ParticipantRole.PARTY), (ActorFactory(), ParticipantRole.PARTY)],
        )
    assert queries() == before
