"""An editor enters the seed's Shoigu meeting with the panel "From the source's text", in a real
(headless) Chromium, and the fields typed by hand are counted.

Debian's ``chromium`` package is driven by Playwright (as in tests/test_browser.py); no browser is
ever downloaded.
"""

import datetime

import pytest

from actors.choices import Language
from events.choices import EventKind, ParticipantRole, RecordStatus
from events.models import Event
from tests.events.test_intake import ARTICLE
from tests.factories import ActorFactory, ActorNameFactory, PlaceFactory, SourceFactory, UserFactory
from tests.test_browser import CHROMIUM, PASSWORD, editors_group, log_in, page  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]

SHOIGU_QUOTE = "وكان حفتر التقى سكرتير مجلس الأمن الروسي سيرغي شويغو، الجمعة"
SOURCE_TITLE = "حفتر يلتقي بوتين في موسكو وتعميق التحالف الاستراتيجي يتصدر المباحثات"
# Without the panel the same meeting takes 13 fields by hand: these 8, and the two participants'
# actors, the place, the start date and the date note, which the panel's four clicks fill.
MOST_FIELDS_BY_HAND = 8


class Editor:
    """The page, counting every field the editor fills or chooses by hand."""

    def __init__(self, browser_page):
        self.page = browser_page
        self.by_hand = []

    def fill(self, selector, value):
        self.by_hand.append(selector)
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.by_hand.append(selector)
        self.page.select_option(selector, value)

    def choose_in_autocomplete(self, select_id, typed, expected):
        self.by_hand.append(f"#{select_id}")
        self.page.click(f"#{select_id} + .select2 .select2-selection")
        self.page.fill(".select2-container--open .select2-search__field", typed)
        self.page.click(f".select2-results__option:has-text('{expected}')")


def names(actor, *spellings):
    for name, language in spellings:
        ActorNameFactory(actor=actor, name=name, language=language)
    return actor


def test_an_editor_enters_the_shoigu_meeting_from_the_panel(page):  # noqa: F811 (the fixture)
    user = UserFactory(username="browser-editor", password=PASSWORD, is_staff=True)
    user.groups.add(editors_group())
    SourceFactory(title=SOURCE_TITLE, language="ar", published_on=datetime.date(2025, 5, 11), text=ARTICLE)
    haftar = names(
        ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar", country="LY"),
        ("خليفة حفتر", Language.ARABIC),
    )
    shoigu = names(
        ActorFactory(name="Sergei Shoigu", slug="sergei-shoigu", country="RU"),
        ("سيرغي شويغو", Language.ARABIC),
    )
    names(ActorFactory(name="Vladimir Putin", slug="vladimir-putin"), ("فلاديمير بوتين", Language.ARABIC))
    moscow = PlaceFactory(name="Moscow", slug="moscow", country="RU")
    moscow.names.create(name="موسكو", language=Language.ARABIC)
    editor = Editor(page)

    log_in(page, "browser-editor")
    page.goto("/admin/events/event/add/")
    panel_hidden_before = page.locator("#intake-panel").is_hidden()
    editor.select("#id_kind", "meeting")
    editor.fill("#id_title", "Khalifa Haftar meets Sergei Shoigu")
    # The claim first: its source is what the panel reads.
    editor.choose_in_autocomplete("id_claims-0-source", "موسكو", SOURCE_TITLE)
    page.wait_for_selector("#intake-panel .intake-item[data-kind=actor]")
    editor.fill("#id_claims-0-quote", SHOIGU_QUOTE)
    editor.select("#id_claims-0-quote_language", "ar")
    editor.select("#id_claims-0-credibility", "2")
    # From the panel: the two participants (the second needs a new row), the place, the date.
    page.click(f"#intake-panel .intake-item[data-kind=actor][data-id='{haftar.pk}'] button")
    page.click(f"#intake-panel .intake-item[data-kind=actor][data-id='{shoigu.pk}'] button")
    page.click(f"#intake-panel .intake-item[data-kind=place][data-id='{moscow.pk}'] button")
    friday = page.locator("#intake-panel .intake-item[data-kind=date]").filter(
        has=page.locator("q", has_text="الجمعة")
    )
    friday.first.locator("button", has_text="Start").click()
    shown_participants = page.locator("#participants-group .select2-selection__rendered").all_inner_texts()
    editor.select("#id_participants-0-role", ParticipantRole.ATTENDEE)
    editor.select("#id_participants-1-role", ParticipantRole.ATTENDEE)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    assert panel_hidden_before
    assert page.console_errors == []
    meeting = Event.objects.get()
    assert (meeting.kind, meeting.status) == (EventKind.MEETING, RecordStatus.DRAFT)
    assert {participant.actor for participant in meeting.participants.all()} == {haftar, shoigu}
    assert any("Sergei Shoigu" in text for text in shown_participants)
    assert meeting.place == moscow
    assert (meeting.start_date, meeting.start_precision) == (datetime.date(2025, 5, 9), "day")
    assert '"الجمعة" (Friday' in meeting.date_note
    assert "→ Friday 9 May 2025." in meeting.date_note
    assert meeting.claims.get().quote == SHOIGU_QUOTE
    print(f"\nShoigu meeting: {len(editor.by_hand)} fields by hand: {', '.join(editor.by_hand)}")
    assert len(editor.by_hand) <= MOST_FIELDS_BY_HAND
