import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory


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
