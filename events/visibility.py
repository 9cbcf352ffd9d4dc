"""Who and what researchers may see, beyond the status of events and ties themselves.

Actors have no status of their own; the actors app asks these rules through
``actors.models.RecordRules``, which ``events.apps`` fills in at start-up.
"""

from django.db.models import Exists, OuterRef

from events.choices import RecordStatus
from events.models import Claim, Participant, Tie

PUBLISHED = RecordStatus.PUBLISHED


def public_actor_condition(outer: str = "pk"):
    """True for an actor (``outer`` names its id) named in a published record.

    It takes part in a published event, is an end of a published tie, or speaks in a claim of a
    published record.
    """
    return (
        Exists(Participant.objects.filter(actor=OuterRef(outer), event__status=PUBLISHED))
        | Exists(Tie.objects.filter(subject=OuterRef(outer), status=PUBLISHED))
        | Exists(Tie.objects.filter(object=OuterRef(outer), status=PUBLISHED))
        | Exists(Claim.objects.public().filter(speaker=OuterRef(outer)))
    )


def tied_by_published_ties(others):
    """A Q for the actors joined to any of ``others`` (actor ids) by a published tie, either way."""
    published = Tie.objects.published()
    return Exists(published.filter(subject=OuterRef("pk"), object__in=others)) | Exists(
        published.filter(object=OuterRef("pk"), subject__in=others)
    )
