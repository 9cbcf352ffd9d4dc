"""The map page in a real (headless) Chromium: it draws the demo's places, as areas where the
place is approximate, from the site's own files only. Screenshots go to test-artifacts/."""

from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM, page  # noqa: F401  (the Chromium fixture)

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]

# The demo's located places: Moscow, the Kremlin, Red Square and Tamanhint Air Base.
DEMO_PLACES = 4


def watch_requests(page, live_server):  # noqa: F811
    """Every address the page asks for that is not the live server's."""
    outside = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    return outside


def wait_for_the_map(page):  # noqa: F811
    page.wait_for_selector("path.place-marker")
    # The country outlines are drawn once their file has come (177 countries).
    page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length > 150")


def test_the_map_draws_the_demo_places_as_areas_with_their_events(page, live_server, demo_data):  # noqa: F811
    outside = watch_requests(page, live_server)
    page.goto("/map/")
    wait_for_the_map(page)
    assert page.locator("path.place-marker").count() == DEMO_PLACES
    # Every demo place is known to within 10 km: a dashed ring and an area, no exact dot.
    assert page.locator("path.place-approximate").count() == DEMO_PLACES
    assert page.locator("path.place-area").count() == DEMO_PLACES
    assert page.locator("path.place-exact").count() == 0
    assert page.get_attribute("#map", "data-places") == str(DEMO_PLACES)
    # Tamanhint, the oldest event's place, is drawn last; its popup links to its event's page.
    page.locator("path.place-marker").last.click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.inner_text() == "Belarusian trainers at Tamanhint Air Base"
    assert link.get_attribute("href").startswith("/events/")
    assert "within about 10 km" in page.inner_text(".leaflet-popup-content")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-en.png"), full_page=True)
    assert page.console_errors == []
    assert outside == []


def test_the_arabic_map_is_right_to_left_and_names_places_in_arabic(page, live_server, demo_data):  # noqa: F811
    outside = watch_requests(page, live_server)
    page.goto("/ar/map/")
    wait_for_the_map(page)
    assert page.eval_on_selector("html", "html => getComputedStyle(html).direction") == "rtl"
    assert page.locator("path.place-marker").count() == DEMO_PLACES
    page.locator("path.place-marker").last.click()
    page.locator(".leaflet-popup-content a").wait_for()
    popup = page.inner_text(".leaflet-popup-content")
    assert "قاعدة تمنهنت" in popup
    assert "نشر مدربين بيلاروسيين في قاعدة تمنتات الجوية" in popup
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-ar.png"), full_page=True)
    assert page.console_errors == []
    assert outside == []
