"""Who and what researchers may see, beyond the status of events and ties themselves.

Actors have no status of their own; the actors app asks these rules through
``actors.models.RecordRules``, which ``events.apps`` fills in at start-up.
"""

from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, When

from events.choices import RecordStatus
from events.models import Claim, Participant, Provision, Stage, Tie

PUBLISHED = RecordStatus.PUBLISHED


def public_actor_condition(outer: str = "pk"):
    """True for an actor (``outer`` names its id) named in a published record.

    It takes part in a published event, is an end of a published tie, speaks in a claim of a
    published record, or is named by a published agreement as the one responsible for one of
    its stages (the ratifying parliament) or as the party of one of its provisions. The stages
    and provisions of a draft agreement name no one.
    """
    return (
        Exists(Participant.objects.filter(actor=OuterRef(outer), event__status=PUBLISHED))
        | Exists(Stage.objects.filter(responsible=OuterRef(outer), agreement__status=PUBLISHED))
        | Exists(Provision.objects.filter(party=OuterRef(outer), agreement__status=PUBLISHED))
        | Exists(Tie.objects.filter(subject=OuterRef(outer), status=PUBLISHED))
        | Exists(Tie.objects.filter(object=OuterRef(outer), status=PUBLISHED))
        | Exists(Claim.objects.public().filter(speaker=OuterRef(outer)))
    )


# An event's parent (its visit) is shown only when published itself.
PUBLIC_EVENT_PARENT = Q(parent__status=PUBLISHED)


def event_parent_is_public():
    """The ``parent_is_public`` annotation of ``EventQuerySet.for_api()``."""
    return ExpressionWrapper(PUBLIC_EVENT_PARENT, output_field=BooleanField())


def public_event_parent_id():
    """The parent's id when it is public, else NULL: what the COPY export joins the parent on."""
    return Case(When(PUBLIC_EVENT_PARENT, then=F("parent_id")))


# A stage's act (the decision that ratified it) is shown only when published itself.
PUBLIC_STAGE_ACT = Q(act__status=PUBLISHED)


def stage_act_is_public():
    """The ``act_is_public`` annotation of the stages ``EventQuerySet.for_api()`` loads."""
    return ExpressionWrapper(PUBLIC_STAGE_ACT, output_field=BooleanField())


def tied_by_published_ties(others: QuerySet) -> Q:
    """A Q for the actors joined to any of ``others`` (actor ids) by a published tie, either way."""
    published = Tie.objects.published()
    return Exists(published.filter(subject=OuterRef("pk"), object__in=others)) | Exists(
        published.filter(object=OuterRef("pk"), subject__in=others)
    )
