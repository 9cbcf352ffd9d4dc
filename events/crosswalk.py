"""PLOVER, CAMEO and ACLED codes for an event, from its kind, its details and its participants'
roles: the one table docs/crosswalk.md explains row by row."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Codes:
    plover_event_type: str = ""
    plover_mode: str = ""
    cameo_code: str = ""
    acled_event_type: str = ""
    acled_sub_event_type: str = ""

    def as_fields(self) -> dict[str, str]:
        return {
            "plover_event_type": self.plover_event_type,
            "plover_mode": self.plover_mode,
            "cameo_code": self.cameo_code,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
        }


def codes_for(event, roles: Iterable[str]) -> Codes:
    """The codes of ``event`` (its kind and kind details) with participants in ``roles``."""
    return Codes()


# Filled by the crosswalk helper: the codes a filter accepts (events.filtersets). Until then,
# a minimal stand-in with PLOVER's 16 event types, CAMEO's 20 roots and the specific codes the
# API tests use, and ACLED's six event types (PLOVER codebook; CAMEO 1.1b3; ACLED codebook 2023).
PLOVER_EVENT_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)
PLOVER_MODES = frozenset()
CAMEO_CODES = frozenset(
    {f"{root:02d}" for root in range(1, 21)} | {"036", "042", "043", "057", "062", "072", "190", "195"}
)
ACLED_EVENT_TYPES = frozenset(
    {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
)
