"""The public pages in a real (headless) Chromium: each loads, in English and Arabic, with no
console error (a refused script or style would show there) and no request leaving the server;
the Arabic interface is right to left. Screenshots go to test-artifacts/ (not committed).

Debian's ``chromium`` package is driven by Playwright; no browser is ever downloaded.
"""

import pytest
from django.conf import settings

from events.models import Event
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

# The page that answers 404 on purpose: the browser reports its status as a console error.
MISSING = "/actors/no-such-actor/"

ARTIFACTS = settings.BASE_DIR / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]


def record_console_error(page, message, server):
    url = message.location.get("url", "")
    deliberate = url in (f"{server}{MISSING}", f"{server}/ar{MISSING}")
    if message.type == "error" and not deliberate and not url.endswith("/favicon.ico"):
        page.console_errors.append(f"{url}: {message.text}")


@pytest.fixture
def browser_page(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.console_errors = []
        page.outside_requests = []
        page.on("console", lambda message: record_console_error(page, message, live_server.url))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))

        def only_the_server(route):
            if route.request.url.startswith(live_server.url):
                route.continue_()
            else:
                page.outside_requests.append(route.request.url)
                route.abort()

        page.route("**/*", only_the_server)
        yield page
        context.close()
        browser.close()


def test_each_public_page_loads_in_english_and_arabic(browser_page, demo_data):
    page = browser_page
    event = Event.objects.get(title="Khalifa Haftar meets Vladimir Putin at the Kremlin")
    paths = {
        "home": "/",
        "event": f"/events/{event.pk}/",
        "actor": "/actors/khalifa-haftar/",
        "pair": "/pairs/khalifa-haftar/vladimir-putin/",
        "not-found": MISSING,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for language, prefix in (("en", ""), ("ar", "/ar")):
        for name, path in paths.items():
            response = page.goto(prefix + path)
            assert response.status == (404 if name == "not-found" else 200), path
            assert page.get_attribute("html", "lang") == language
            assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
            # The stylesheet was served and applied (the header is a flex row).
            assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") == "flex"
            page.screenshot(path=str(ARTIFACTS / f"public-{name}-{language}.png"), full_page=True)
    # The Arabic layout is mirrored: the language switch sits at the left end of the header.
    page.goto("/ar/")
    header = page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().toJSON()")
    switch = page.eval_on_selector(".language-switch", "e => e.getBoundingClientRect().toJSON()")
    assert switch["x"] < header["width"] / 2
    # An Arabic quote is right to left in the English interface too.
    page.goto(paths["event"])
    assert page.eval_on_selector('blockquote[lang="ar"]', "e => getComputedStyle(e).direction") == "rtl"
    assert page.console_errors == []
    assert page.outside_requests == []


def test_the_copy_button_copies_the_reference_or_else_selects_it(browser_page, demo_data):
    page = browser_page
    event = Event.objects.get(title="Khalifa Haftar meets Vladimir Putin at the Kremlin")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/events/{event.pk}/")
    reference = page.text_content("#content > article > .citation .citation-text").strip()
    assert reference.startswith(f'Alliance Tracker, event {event.pk} "Khalifa Haftar meets Vladimir Putin')
    assert reference.endswith(f"/events/{event.pk}/")
    status = "#content > article > .citation .citation-status"
    page.click("#content > article > .citation .citation-copy")
    page.wait_for_function(f"document.querySelector({status!r}).textContent !== ''")
    assert page.text_content(status) == "Copied."
    assert page.evaluate("navigator.clipboard.readText()") == reference
    # Where the page may not copy, the reference is selected for the reader to copy it.
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(f"/ar/events/{event.pk}/")
    assert page.text_content("#content > article > .citation .citation-text").strip() == reference
    page.click("#content > article > .citation .citation-copy")
    assert page.evaluate("window.getSelection().toString()").strip() == reference
    assert page.text_content(status) == "حُدِّد النص: اضغط Ctrl+C لنسخه."
    assert page.console_errors == []
    assert page.outside_requests == []
