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
