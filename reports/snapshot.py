"""The nightly snapshot: the whole published dataset as one versioned bundle of CSV files.

The dataset version is the time of the latest change to anything published (including a
withdrawal), so two snapshots with the same version hold the same records.
"""

from django.db.models import Max

from actors.exports import ACTOR_COLUMNS
from actors.models import Actor
from events.exports import CLAIM_COLUMNS, EVENT_COLUMNS, PLACE_COLUMNS, SOURCE_COLUMNS, TIE_COLUMNS
from events.models import Claim, Event, Place, Source, Tie
from reports.tables import Plan, table


def latest_public_change():
    """When anything published last changed (a withdrawal and a merge included), or ``None``.

    The one definition of the dataset's version: snapshots are named by it, and the API's
    streamed exports take their validator from it (``alliance_tracker.caching``).
    """
    moments = [
        Event.objects.published().aggregate(at=Max("updated_at"))["at"],
        Tie.objects.published().aggregate(at=Max("updated_at"))["at"],
        Event.objects.withdrawn().aggregate(at=Max("withdrawn_at"))["at"],
        Tie.objects.withdrawn().aggregate(at=Max("withdrawn_at"))["at"],
        Claim.objects.public().aggregate(at=Max("updated_at"))["at"],
        Source.objects.public().aggregate(at=Max("updated_at"))["at"],
        Actor.objects.public().aggregate(at=Max("updated_at"))["at"],
        Place.objects.public().aggregate(at=Max("updated_at"))["at"],
        # A merged duplicate leaves the public lists without a change of its own there.
        *(model.objects.aggregate(at=Max("merged_at"))["at"] for model in (Actor, Place, Source)),
    ]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def dataset_version():
    """``YYYYMMDDTHHMMSSZ`` of the latest change to the published record, or ``empty``."""
    moment = latest_public_change()
    return moment.strftime("%Y%m%dT%H%M%SZ") if moment is not None else "empty"


def snapshot_plan():
    version = dataset_version()
    return Plan(
        f"snapshot-{version}",
        [
            table("actors.csv", ACTOR_COLUMNS, Actor.objects.public().for_api().order_by("pk")),
            table("places.csv", PLACE_COLUMNS, Place.objects.public().for_api().order_by("pk")),
            table("sources.csv", SOURCE_COLUMNS, Source.objects.public().for_api().order_by("pk")),
            table("events.csv", EVENT_COLUMNS, Event.objects.published().for_api().order_by("pk")),
            table("ties.csv", TIE_COLUMNS, Tie.objects.published().for_api().order_by("pk")),
            table("claims.csv", CLAIM_COLUMNS, Claim.objects.public().for_api().order_by("pk")),
        ],
        as_zip=True,
    )
