"""Every event column carries the SQL of its cell, so PostgreSQL can write any event list itself."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from events import copy_export, exports
from events.models import Event

EVERY_EVENT_TABLE = {"events": exports.EVENT_COLUMNS, **{str(k): v for k, v in exports.KIND_COLUMNS.items()}}


@pytest.mark.parametrize("columns", EVERY_EVENT_TABLE.values(), ids=EVERY_EVENT_TABLE.keys())
def test_every_event_column_of_every_kind_has_its_sql(columns):
    assert [column.header for column in columns if not column.sql] == []


def test_the_sql_of_constants_comes_from_the_choices_not_from_literals():
    assert "'published'" in copy_export.PUBLISHED
    assert copy_export.SUPPORTING == "c.stance <> 'denies'"
    assert "'armed_force'" in copy_export.OFFICIAL and "'government_body'" in copy_export.OFFICIAL
    assert copy_export.PARTICIPANT_ORDER == "p.role, a.name, p.id"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY export exists on PostgreSQL only")
def test_in_tests_an_event_column_without_sql_is_an_error_not_a_slow_path():
    without_sql = [*exports.EVENT_COLUMNS, exports.Column("extra", lambda e: e.pk)]
    with pytest.raises(ImproperlyConfigured, match="extra"):
        copy_export.supports(without_sql, Event.objects.all())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY export exists on PostgreSQL only")
def test_outside_tests_an_event_column_without_sql_falls_back_to_python(settings):
    settings.COPY_EXPORT_STRICT = False
    without_sql = [*exports.EVENT_COLUMNS, exports.Column("extra", lambda e: e.pk)]
    assert not copy_export.supports(without_sql, Event.objects.all())
    assert copy_export.supports(exports.EVENT_COLUMNS, Event.objects.all())
