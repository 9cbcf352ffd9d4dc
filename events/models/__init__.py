from events.models.agreements import Provision, Stage
from events.models.claims import Claim
from events.models.events import Event, EventLink, Participant
from events.models.places import Place, PlaceName
from events.models.revisions import Revision
from events.models.sources import Source
from events.models.ties import Tie
from events.models.withdrawals import Withdrawal, WithdrawalKind, WithdrawalReason

__all__ = [
    "Claim",
    "Event",
    "EventLink",
    "Participant",
    "Place",
    "PlaceName",
    "Provision",
    "Revision",
    "Source",
    "Stage",
    "Tie",
    "Withdrawal",
    "WithdrawalKind",
    "WithdrawalReason",
]
