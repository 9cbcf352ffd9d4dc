"""The nightly snapshot: the whole published dataset as one versioned bundle of CSV files.

The zip holds the CSVs the public exports write (the same columns and published querysets),
``CITATION.cff``, the licence, ``codebook.csv`` and ``metadata.json``, the manifest with every
other file's SHA-256. Anyone lists and downloads finished snapshots at ``/api/v1/snapshots/``.

The dataset version is the time of the latest change to anything published (including a
withdrawal), so two snapshots with the same version hold the same records.
"""

from django.db.models import Max

from actors.exports import ACTOR_COLUMNS
from actors.models import Actor
from alliance_tracker.tables import header
from events.exports import CLAIM_COLUMNS, EVENT_COLUMNS, PLACE_COLUMNS, SOURCE_COLUMNS, TIE_COLUMNS
from events.models import Claim, Event, Place, Source, Tie
from reports import citation
from reports.codebook import codebook_csv
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


def snapshot_tables():
    """``(file name, columns, model, published queryset)`` of each CSV: the public exports' own."""
    return [
        ("actors.csv", ACTOR_COLUMNS, Actor, Actor.objects.public().for_api()),
        ("places.csv", PLACE_COLUMNS, Place, Place.objects.public().for_api()),
        ("sources.csv", SOURCE_COLUMNS, Source, Source.objects.public().for_api()),
        ("events.csv", EVENT_COLUMNS, Event, Event.objects.published().for_api()),
        ("ties.csv", TIE_COLUMNS, Tie, Tie.objects.published().for_api()),
        ("claims.csv", CLAIM_COLUMNS, Claim, Claim.objects.public().for_api()),
    ]


def snapshot_version(dataset, generated_at):
    """``2026-12-02+20261201T101010Z``: the day it was taken and the dataset version it holds."""
    return f"{generated_at:%Y-%m-%d}+{dataset}"


def snapshot_plan():
    version = dataset_version()
    described = [(name, header(columns), model) for name, columns, model, _queryset in snapshot_tables()]
    return Plan(
        f"snapshot-{version}",
        [
            table(name, columns, queryset.order_by("pk"))
            for name, columns, _model, queryset in snapshot_tables()
        ],
        as_zip=True,
        attachments=[
            ("CITATION.cff", citation.citation_cff),
            (citation.LICENCE_FILE, citation.licence_text),
            ("codebook.csv", lambda _metadata: codebook_csv(described)),
        ],
    )
