"""The /network/ page in a real (headless) Chromium: it draws the demo's actors, a click opens an
actor's page, no script errors, and no request leaves the site."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.events.test_network import DEMO_ACTORS
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, record_console_error

ARTIFACTS = settings.BASE_DIR / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    server = urlsplit(live_server.url).netloc
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.console_errors, page.outside_requests = [], []
        page.on("console", lambda message: record_console_error(page, message))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))

        def check(route):
            # Anything not served by the live server is refused and remembered.
            if urlsplit(route.request.url).netloc != server:
                page.outside_requests.append(route.request.url)
                return route.abort()
            return route.continue_()

        context.route("**/*", check)
        yield page
        context.close()
        browser.close()


def test_the_network_draws_the_demo_actors_and_a_click_opens_one(page, demo_data):
    page.goto("/network/")
    nodes = page.locator("figure.network a.node")
    assert nodes.count() == len(DEMO_ACTORS)
    # Ties and co-participations by pair and kind (the demo statement adds Belousov–Haftar, statement).
    assert page.locator("figure.network line.edge").count() == 19
    haftar = page.locator('figure.network a.node[href="/actors/khalifa-haftar/"]')
    haftar.hover()
    # The static script highlights the hovered actor's edges: two visits, four meetings, two ties.
    assert page.locator("figure.network.highlighting line.edge.lit").count() == 9
    page.screenshot(path=str(ARTIFACTS / "network.png"), full_page=True)
    haftar.locator("circle").click()
    page.wait_for_url("**/actors/khalifa-haftar/")
    assert page.locator("h1").first.inner_text().strip().startswith("Khalifa Haftar")
    assert page.console_errors == []
    assert page.outside_requests == []


def test_the_arabic_network_is_right_to_left(page, demo_data):
    page.goto("/ar/network/?kind=meeting")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("figure.network a.node").count() == 9
    assert page.locator("figure.network text", has_text="خليفة حفتر").count() == 1
    page.screenshot(path=str(ARTIFACTS / "network-ar.png"), full_page=True)
    assert page.console_errors == []
    assert page.outside_requests == []
