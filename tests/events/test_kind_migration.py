"""Records of every old kind migrate to issue 12's kinds and details without loss (events 0019-0021).

The test database is taken back to events 0018 (actors 0006), filled through the historical
models with one record of every old kind and detail, and migrated forward again; each record is
then read through today's models. The last step puts the database back at the latest migration.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.migrations import __path__ as _events_migrations  # noqa: F401 (the app's migrations)

D = datetime.date
BEFORE = [("events", "0018_history_reasons_whole"), ("actors", "0006_history_reasons_whole")]

# The old agreement types, and the form and subjects 0020_move_old_kinds gives each.
OLD_AGREEMENT_TYPES = {
    "strategic_partnership": ("", ["strategic_partnership"]),
    "military_cooperation": ("", ["military_cooperation"]),
    "arms_sale": ("contract", ["arms"]),
    "training": ("", ["training"]),
    "logistics": ("", ["logistics"]),
    "economic": ("", ["economic"]),
    "memorandum": ("memorandum", []),
    "other": ("other", []),
}
OLD_STAGES = ["proposed", "negotiated", "signed", "ratified", "in_force", "suspended", "terminated"]
OLD_DEPLOYMENT_KINDS = ["trainers", "advisers", "troops", "contractors", "equipment"]
PRECISIONS = ["day", "month", "year"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest_targets():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def covered(day, precision):
    if precision == "year":
        return D(day.year, 1, 1), D(day.year, 12, 31)
    if precision == "month":
        following = D(day.year + day.month // 12, day.month % 12 + 1, 1)
        return D(day.year, day.month, 1), following - datetime.timedelta(days=1)
    return day, day


@pytest.fixture
def old_world(django_db_blocker):
    """The database at events 0018 with the old records; migrated back to the latest afterwards."""
    with django_db_blocker.unblock():
        latest = latest_targets()
        apps = migrate(BEFORE)
        try:
            yield apps
        finally:
            migrate(latest)


def make_old_event(apps, actors, source, kind, title, start, precision, participants, claim=None, **details):
    Event = apps.get_model("events", "Event")
    Participant = apps.get_model("events", "Participant")
    Claim = apps.get_model("events", "Claim")
    # As the old model's save did: the date floored to its precision, the interval it covers.
    lo, hi = covered(start, precision)
    start = lo
    event = Event.objects.create(
        kind=kind,
        title=title,
        start_date=start,
        start_precision=precision,
        date_lo=lo,
        date_hi=hi,
        date_span=(hi - lo).days,
        status="published",
        **details,
    )
    for slug, role in participants:
        Participant.objects.create(event=event, actor=actors[slug], role=role)
    Claim.objects.create(
        event=event,
        source=source,
        quote=f"the quote of {title}",
        credibility=2,
        stance="asserts",
        **(claim or {}),
    )
    return event


@pytest.mark.django_db(transaction=True)
def test_every_old_kind_round_trips_through_the_migrations(old_world):
    apps = old_world
    Actor = apps.get_model("actors", "Actor")
    Source = apps.get_model("events", "Source")
    actors = {
        slug: Actor.objects.create(slug=slug, name=slug.title(), kind="state")
        for slug in ("russia", "libya", "belarus")
    }
    source = Source.objects.create(title="Report", kind="news_article", language="en", reliability="C")
    expected = {}
    make_old_event(
        apps,
        actors,
        source,
        "visit",
        "A visit",
        D(2020, 1, 3),
        "day",
        [("russia", "visitor"), ("libya", "host")],
        visit_occasion="official",
        visit_on_invitation=True,
    )
    make_old_event(
        apps,
        actors,
        source,
        "meeting",
        "A meeting",
        D(2020, 2, 1),
        "month",
        [("russia", "party"), ("libya", "party")],
    )
    for position, (old_type, (form, subjects)) in enumerate(OLD_AGREEMENT_TYPES.items()):
        stage = OLD_STAGES[position % len(OLD_STAGES)]
        precision = PRECISIONS[position % len(PRECISIONS)]
        start = D(2019, 1 + position, 10 + position)
        title = f"Agreement {old_type}"
        make_old_event(
            apps,
            actors,
            source,
            "agreement",
            title,
            start,
            precision,
            [("russia", "signatory"), ("libya", "signatory")],
            claim={"claimed_agreement_stage": stage},
            agreement_type=old_type,
            agreement_stage=stage,
            agreement_scope=f"scope {old_type}",
        )
        expected[title] = (form, subjects, stage, *covered(start, precision)[:1], precision)
    for position, old_kind in enumerate(OLD_DEPLOYMENT_KINDS):
        make_old_event(
            apps,
            actors,
            source,
            "deployment",
            f"Deployment {old_kind}",
            D(2021, 1 + position, 1),
            "month",
            [("belarus", "deploying"), ("libya", "hosting")],
            claim={"claimed_deployment_kind": old_kind, "claimed_size_min": 10, "claimed_size_max": 30},
            deployment_kind=old_kind,
            deployment_size_min=10 + position,
            deployment_size_max=40 + position,
        )

    migrate(latest_targets())

    from events.models import Event

    events = {e.title: e for e in Event.objects.prefetch_related("participants__actor", "claims", "stages")}
    assert len(events) == 2 + len(OLD_AGREEMENT_TYPES) + len(OLD_DEPLOYMENT_KINDS)

    visit = events["A visit"]
    assert (visit.kind, visit.visit_occasion, visit.visit_on_invitation, visit.start_date) == (
        "visit",
        "official",
        True,
        D(2020, 1, 3),
    )
    meeting = events["A meeting"]
    assert (meeting.kind, meeting.start_precision) == ("meeting", "month")
    assert {p.role for p in meeting.participants.all()} == {"party"}

    for title, (form, subjects, stage, day, precision) in expected.items():
        agreement = events[title]
        assert (agreement.kind, agreement.agreement_type, agreement.agreement_subjects) == (
            "agreement",
            form,
            subjects,
        ), title
        assert agreement.agreement_scope == f"scope {title.split()[1]}"
        stages = [(s.stage, s.date, s.date_precision, s.date_lo, s.date_hi) for s in agreement.stages.all()]
        assert stages == [(stage, day, precision, *covered(day, precision))], title
        # The latest stage stays on the agreement, and the claim still states its stage.
        assert agreement.agreement_stage == stage
        assert [c.claimed_agreement_stage for c in agreement.claims.all()] == [stage]
        assert {(p.actor.slug, p.role) for p in agreement.participants.all()} == {
            ("russia", "signatory"),
            ("libya", "signatory"),
        }

    for position, old_kind in enumerate(OLD_DEPLOYMENT_KINDS):
        event = events[f"Deployment {old_kind}"]
        (claim,) = event.claims.all()
        assert event.start_date == D(2021, 1 + position, 1)
        assert (claim.claimed_size_min, claim.claimed_size_max) == (10, 30)
        roles = {(p.actor.slug, p.role) for p in event.participants.all()}
        if old_kind == "equipment":
            assert (event.kind, event.transfer_item_category, event.transfer_status) == (
                "transfer",
                "equipment",
                "delivered",
            )
            assert (event.transfer_quantity_min, event.transfer_quantity_max) == (
                10 + position,
                40 + position,
            )
            assert (event.deployment_size_min, event.deployment_size_max, event.deployment_personnel) == (
                None,
                None,
                [],
            )
            assert roles == {("belarus", "supplier"), ("libya", "recipient")}
            assert claim.claimed_deployment_kind == ""
        else:
            assert (event.kind, event.deployment_personnel) == ("deployment", [old_kind])
            assert (event.deployment_size_min, event.deployment_size_max) == (10 + position, 40 + position)
            assert roles == {("belarus", "deploying"), ("libya", "hosting")}
            assert claim.claimed_deployment_kind == old_kind
        assert claim.quote == f"the quote of Deployment {old_kind}"
