"""The rules the API, the CSV columns and the COPY export share, each defined once."""

import pytest

from events.models import Claim, Event
from events.selectors import corroboration
from tests.factories import ClaimFactory, EventFactory, published_event

pytestmark = pytest.mark.django_db


def test_for_api_says_whether_an_events_parent_is_public():
    draft = EventFactory(kind="visit", status="draft")
    visit = published_event(kind="visit")
    hidden, shown, orphan = (published_event(parent=draft), published_event(parent=visit), published_event())
    flags = dict(Event.objects.for_api().values_list("pk", "parent_is_public"))
    assert not flags[hidden.pk] and flags[shown.pk] and not flags[orphan.pk]


def test_supporting_claims_are_those_that_do_not_deny_in_the_orm_and_in_python():
    event = published_event()
    for stance in ("asserts", "confirms", "denies"):
        ClaimFactory(event=event, stance=stance)
    supporting = Claim.objects.filter(event=event).supporting()
    assert set(supporting.values_list("stance", flat=True)) == {"asserts", "confirms"}
    assert corroboration(Claim.objects.filter(event=event).select_related("source", "speaker")).denials == 1
