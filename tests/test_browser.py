"""An editor enters a story through the admin's own widgets, in a real (headless) Chromium.

Debian's ``chromium`` package is driven by Playwright; no browser is ever downloaded.
"""

import importlib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from actors.choices import Language
from events.choices import EventKind, RecordStatus
from events.models import Event, Source
from tests.factories import ActorFactory, ActorNameFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a long editor passphrase"
QUOTE = "وصل المشير خليفة حفتر مساء الأربعاء إلى موسكو بدعوة من روسيا"
SOURCE_TITLE = "حفتر في موسكو للمشاركة في احتفالات عيد النصر"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: record_console_error(page, message))
        yield page
        context.close()
        browser.close()


def editors_group():
    """The group of the data migration; rebuilt from it when an earlier test flushed the database."""
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        migration = importlib.import_module("events.migrations.0002_editorial_groups")
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in migration.editor_codenames()
        )
    return group


def record_console_error(page, message):
    # A refused script or style (Content Security Policy) would break the widgets silently.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        page.console_errors.append(message.text)


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def choose_in_autocomplete(page, select_id, typed, expected):
    """Open the select2 widget next to ``select_id``, type, and pick the option shown."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", typed)
    page.click(f".select2-results__option:has-text('{expected}')")


def test_an_editor_adds_a_source_and_a_visit_with_an_arabic_quote(page):
    editor = UserFactory(username="browser-editor", password=PASSWORD, is_staff=True)
    editor.groups.add(editors_group())
    haftar = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    ActorNameFactory(actor=haftar, name="خليفة حفتر", language=Language.ARABIC)

    log_in(page, "browser-editor")

    page.goto("/admin/events/source/add/")
    page.fill("#id_title", SOURCE_TITLE)
    page.select_option("#id_language", "ar")
    page.fill("#id_published_on", "2025-05-11")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto("/admin/events/event/add/")
    page.select_option("#id_kind", "visit")
    page.fill("#id_title", "Khalifa Haftar visits Moscow")
    page.fill("#id_start_date", "2025-05-07")
    choose_in_autocomplete(page, "id_participants-0-actor", "حَفْتَر", "Khalifa Haftar")
    page.select_option("#id_participants-0-role", "visitor")
    choose_in_autocomplete(page, "id_claims-0-source", "موسكو", SOURCE_TITLE)
    page.fill("#id_claims-0-quote", QUOTE)
    page.select_option("#id_claims-0-quote_language", "ar")
    page.select_option("#id_claims-0-credibility", "2")
    quote_is_right_to_left = page.eval_on_selector("#id_claims-0-quote", "box => box.matches(':dir(rtl)')")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.fill("#searchbar", "حَفْتَر")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    listed = page.inner_text("#result_list")
    rows = page.locator("#result_list tbody tr").count()

    assert page.console_errors == []
    assert quote_is_right_to_left
    assert "Khalifa Haftar visits Moscow" in listed
    assert rows == 1
    visit = Event.objects.get()
    assert (visit.kind, visit.status) == (EventKind.VISIT, RecordStatus.DRAFT)
    assert visit.participants.get().actor == haftar
    claim = visit.claims.get()
    assert (claim.quote, claim.source) == (QUOTE, Source.objects.get(title=SOURCE_TITLE))
    assert visit.history.latest().history_user == editor
