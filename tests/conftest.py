import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings

from tests import demo
from tests.factories import UserFactory


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """A cache folder of this test run's own, never the project's nor another run's."""
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path_factory.mktemp("cache")),
            }
        }
    ):
        yield


@pytest.fixture(autouse=True)
def _quick_and_unthrottled(settings):
    """Every test: a fast password hasher, no API rate limits, and no counts left in the cache.

    Hashing passwords the production way is most of the cost of creating a user; tests send many
    requests from one address, and throttling has its own tests, which set the rates they need.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    # An event column without SQL fails loudly instead of making the COPY export quietly slow.
    settings.COPY_EXPORT_STRICT = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reads_on_the_primary(settings):
    """Reads stay on the primary unless a test asks for the replicas (tests/test_replicas.py).

    A transactional test reading right after its writes would otherwise race the replica's replay.
    """
    settings.DATABASE_REPLICAS = []


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs `collectstatic`; tests serve static files unhashed, found in
    # the apps as `runserver` would, so a fresh checkout needs no collected files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


def member_of(group_name, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    """Enters and fixes records in the admin; cannot publish."""
    return member_of("Editors", "editor")


@pytest.fixture
def reviewer(db):
    """Checks records against their quotes, publishes and retracts them."""
    return member_of("Reviewers", "reviewer")


@pytest.fixture
def researcher(db):
    """Reads the API with a token; no admin access."""
    return UserFactory(username="researcher")


@pytest.fixture
def outsider(db):
    """A signed-in user with no role in the project."""
    return UserFactory(username="outsider")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker):
    """The rows the demo loader writes, captured once per test session (see tests/demo.py)."""
    with django_db_blocker.unblock():
        return demo.capture()


@pytest.fixture
def demo_data(db, demo_rows):
    """The demo data in the database for this test, as ``load_demo_data`` leaves it."""
    demo.restore(demo_rows)
