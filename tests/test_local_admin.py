"""create_local_admin: a superuser for local use, with its credentials printed."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in ("DJANGO_ADMIN_USER", "DJANGO_ADMIN_PASSWORD", "PORT"):
        monkeypatch.delenv(name, raising=False)


def run():
    out = StringIO()
    call_command("create_local_admin", stdout=out)
    return out.getvalue()


def printed(output, label):
    return re.search(rf"^\s*{label}: (.*\S)$", output, re.MULTILINE).group(1)


def test_it_creates_a_superuser_named_admin_by_default():
    run()
    user = User.objects.get()
    assert (user.username, user.is_superuser, user.is_staff, user.is_active) == ("admin", True, True, True)


def test_it_takes_the_username_and_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_USER", "curator")
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "a long local password")
    run()
    assert User.objects.get(username="curator").check_password("a long local password")


def test_it_prints_the_username_the_password_and_the_admin_url(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "a long local password")
    output = run()
    assert (printed(output, "username"), printed(output, "password"), printed(output, "log in at")) == (
        "admin",
        "a long local password",
        "http://127.0.0.1:8000/admin/",
    )


def test_the_printed_url_follows_the_port_make_run_serves_on(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    assert printed(run(), "log in at") == "http://127.0.0.1:8123/admin/"


def test_without_a_password_in_the_environment_it_prints_a_generated_one_that_works():
    password = printed(run(), "password")
    assert len(password) >= 20
    assert User.objects.get().check_password(password)


def test_each_run_without_a_password_generates_a_new_one():
    assert printed(run(), "password") != printed(run(), "password")


def test_the_printed_credentials_log_in_to_the_admin(client):
    output = run()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": printed(output, "username"), "password": printed(output, "password")},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_running_it_again_updates_the_same_user_with_the_new_password():
    first = printed(run(), "password")
    output = run()
    user = User.objects.get()
    assert "updated" in output
    assert (user.check_password(printed(output, "password")), user.check_password(first)) == (True, False)


def test_it_makes_an_existing_plain_user_a_superuser(monkeypatch):
    UserFactory(username="curator", is_staff=False, is_superuser=False)
    monkeypatch.setenv("DJANGO_ADMIN_USER", "curator")
    run()
    user = User.objects.get(username="curator")
    assert (User.objects.count(), user.is_staff, user.is_superuser) == (1, True, True)
