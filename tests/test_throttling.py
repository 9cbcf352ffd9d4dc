"""Rate limits and login lockouts that hold behind a proxy and across processes."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from alliance_tracker.env import env_cache
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
EVENTS = "/api/v1/events/"
PROXY = "10.0.0.1"
UNUSED_FOLDER = ROOT / "unused"


@pytest.fixture
def anon_rate(settings):
    def set_rate(rate):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": rate, "user": None},
        }
        cache.clear()

    return set_rate


def statuses(client, forwarded_fors, remote_addr="192.0.2.10"):
    return [
        client.get(EVENTS, REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=xff).status_code
        for xff in forwarded_fors
    ]


# ---------------------------------------------------------------------------- who the client is


def test_rotating_forwarded_for_headers_from_one_address_are_still_throttled(client, db, anon_rate, settings):
    settings.PROXY_COUNT = 0
    anon_rate("3/minute")
    assert statuses(client, [f"198.51.100.{n}" for n in range(4)]) == [200, 200, 200, 429]


def test_two_clients_behind_one_proxy_are_told_apart(client, db, anon_rate, settings):
    settings.PROXY_COUNT = 1
    anon_rate("2/minute")
    assert statuses(client, ["203.0.113.5"] * 3, remote_addr=PROXY) == [200, 200, 429]
    assert statuses(client, ["203.0.113.6"], remote_addr=PROXY) == [200]


def test_a_forged_entry_on_the_left_of_the_header_is_ignored(client, db, anon_rate, settings):
    settings.PROXY_COUNT = 1
    anon_rate("2/minute")
    forged = [f"198.51.100.{n}, 203.0.113.5" for n in range(3)]
    assert statuses(client, forged, remote_addr=PROXY) == [200, 200, 429]


def test_report_requests_are_counted_per_client_behind_a_proxy(settings):
    from alliance_tracker.throttling import ReportRequestThrottle
    from reports.api.views import ReportRequestThrottle as imported_by_the_view

    assert imported_by_the_view is ReportRequestThrottle
    settings.PROXY_COUNT = 1
    from django.test import RequestFactory
    from rest_framework.request import Request

    request = Request(
        RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    )
    assert ReportRequestThrottle().get_ident(request) == "203.0.113.5"


# ---------------------------------------------------------------------------- the login lockout


def log_in(client, client_address, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "reviewer", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_bad_passwords_behind_a_proxy_lock_the_username_only_from_their_address(client, db, settings):
    settings.PROXY_COUNT = 1
    UserFactory(username="reviewer", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "203.0.113.5", "wrong")

    assert log_in(client, "203.0.113.5", "correct horse battery staple").status_code == 429
    answer = log_in(client, "198.51.100.7", "correct horse battery staple")
    assert answer.status_code == 302, answer.content[:300]
    assert answer["Location"] == "/admin/"


# ---------------------------------------------------------------------------- shared counters

# Each process gets ready (Django set up, throttle imported), says so, and waits for the word to
# start, so that both count at the same moment, as two workers under load do.
COUNTER = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.test import RequestFactory
    from rest_framework.request import Request
    from alliance_tracker.throttling import AnonThrottle

    print("ready", flush=True)
    sys.stdin.readline()
    allowed = 0
    for _ in range(int(sys.argv[1])):
        request = Request(RequestFactory().get("/", REMOTE_ADDR="192.0.2.77"))
        allowed += AnonThrottle().allow_request(request, None)
    print(allowed, flush=True)
    """
)


def own_environment(**variables):
    """This machine's environment without the project's variables, plus the given ones."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "API_"))}
    environment.update(variables)
    return environment


def manage(*args, **variables):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=own_environment(**variables),
        capture_output=True,
        text=True,
    )


def setting_in_a_new_process(name, **variables):
    result = manage("shell", "-c", f"from django.conf import settings; print(settings.{name})", **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def requests_allowed_to_two_processes(cache_url, rate, attempts):
    environment = own_environment(
        DJANGO_SETTINGS_MODULE="alliance_tracker.settings",
        DJANGO_CACHE_URL=cache_url,
        API_THROTTLE_ANON=rate,
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTER, str(attempts)],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        # Anything that set-up prints comes first.
        while (line := worker.stdout.readline()) and line.strip() != "ready":
            pass
        assert line, worker.stderr.read()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        allowed.append(int(out.strip().splitlines()[-1]))
    return allowed


def test_counters_in_the_default_folder_cache_are_shared_by_processes(tmp_path):
    allowed = requests_allowed_to_two_processes(f"file://{tmp_path}", rate="50/minute", attempts=60)
    assert sum(allowed) == 50, allowed


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL names no Redis to use")
def test_counters_in_redis_are_shared_by_processes():
    from django.core.cache.backends.redis import RedisCache

    url = os.environ["TEST_REDIS_URL"]
    RedisCache(url, {}).clear()
    allowed = requests_allowed_to_two_processes(url, rate="50/minute", attempts=60)
    RedisCache(url, {}).clear()
    assert sum(allowed) == 50, allowed


def test_the_default_cache_is_a_folder_shared_by_the_processes_of_the_machine():
    caches = setting_in_a_new_process("CACHES")
    assert "FileBasedCache" in caches
    assert str(ROOT / ".cache" / "django") in caches


# ---------------------------------------------------------------------------- settings


def manage_check(**variables):
    return manage("check", **variables)


@pytest.mark.parametrize("raw", ["one", "-1", "1.5"])
def test_a_malformed_proxy_count_stops_start_up_with_its_name(raw):
    result = manage_check(DJANGO_PROXY_COUNT=raw)
    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT" in result.stderr


def test_a_malformed_cache_url_stops_start_up_with_its_name():
    result = manage_check(DJANGO_CACHE_URL="memcached://cache.internal:11211")
    assert result.returncode != 0
    assert "DJANGO_CACHE_URL" in result.stderr


@pytest.mark.parametrize(
    "raw",
    [
        "memcached://cache.internal",
        "redis://",
        "redis://cache.internal:port/1",
        "redis://cache.internal/db1",
        "file://relative/folder",
        "file://",
        "cache.internal:6379",
    ],
)
def test_cache_urls_that_do_not_parse_are_rejected(monkeypatch, raw):
    monkeypatch.setenv("DJANGO_CACHE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
        env_cache("DJANGO_CACHE_URL", UNUSED_FOLDER)


def test_a_redis_url_gives_the_redis_cache(monkeypatch):
    monkeypatch.setenv("DJANGO_CACHE_URL", "redis://cache.internal:6379/1")
    cache_settings = env_cache("DJANGO_CACHE_URL", UNUSED_FOLDER)
    assert cache_settings["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache_settings["LOCATION"] == "redis://cache.internal:6379/1"


def test_a_file_url_gives_a_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_CACHE_URL", f"file://{tmp_path}")
    cache_settings = env_cache("DJANGO_CACHE_URL", UNUSED_FOLDER)
    assert cache_settings["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache_settings["LOCATION"] == str(tmp_path)


def test_the_proxy_count_is_zero_unless_behind_a_proxy():
    assert setting_in_a_new_process("PROXY_COUNT") == "0"
    assert setting_in_a_new_process("PROXY_COUNT", DJANGO_BEHIND_PROXY="1") == "1"
    assert setting_in_a_new_process("PROXY_COUNT", DJANGO_BEHIND_PROXY="1", DJANGO_PROXY_COUNT="2") == "2"


def test_the_old_api_num_proxies_still_sets_the_proxy_count():
    assert setting_in_a_new_process("PROXY_COUNT", API_NUM_PROXIES="2") == "2"


def test_tests_count_in_a_cache_of_their_own():
    from django.conf import settings

    assert not settings.CACHES["default"]["LOCATION"].startswith(str(ROOT))


def test_a_rate_limit_whose_cache_is_down_lets_requests_through(client, anon_rate, db):
    anon_rate("1/minute")
    # Nothing listens on port 1: every cache call fails at once, as with a Redis that is down.
    with override_settings(CACHES={"default": env_cache_for("redis://127.0.0.1:1/0")}):
        assert [client.get(EVENTS).status_code for _ in range(3)] == [200, 200, 200]


def env_cache_for(url):
    os.environ["TEST_ONLY_CACHE_URL"] = url
    try:
        return env_cache("TEST_ONLY_CACHE_URL", UNUSED_FOLDER)
    finally:
        del os.environ["TEST_ONLY_CACHE_URL"]
