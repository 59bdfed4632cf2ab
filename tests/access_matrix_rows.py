"""The shape of a row of the access matrix, and the cast members rows name most often."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    name: str
    kwargs: Any = None  # callable(cast) -> dict
    allowed: tuple[str, ...] = ()
    denied: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    allowed_status: int = 200


NATIONAL = "national_coordinator"
LOCAL = "rotterdam.local_coordinator"
OTHER_LOCAL = "den_haag.local_coordinator"
OFFICER = "rotterdam.municipality_officer"
BUILDER = "rotterdam.community_builder"
MEMBER = "rotterdam.group_member"
NEWCOMER = "rotterdam.newcomer"
CONTACT = "group_contact"  # contact person of Oude Noorden Open Armen, Femke
OTHER_OFFICER = "den_haag.municipality_officer"
# Den Haag's people, for the rows of another city.
OTHER_MEMBER = "den_haag.group_member"
OTHER_NEWCOMER = "den_haag.newcomer"
OTHER_BUILDER = "den_haag.community_builder"
SOCIAL = "rotterdam.social_support_worker"
RECEPTION = "rotterdam.reception_officer"


def journey_pk(cast: Any) -> dict[str, int]:
    """The Rotterdam newcomer's journey with the group member's group (a sponsor group)."""
    from samenhier.journeys.models import Journey

    return {"pk": Journey.objects.open().get(household=cast.rotterdam.household).pk}


# Everyone who takes part in the Rotterdam journey, and people of the other city who do not.
IN_JOURNEY = (NATIONAL, LOCAL, BUILDER, OFFICER, SOCIAL, RECEPTION, MEMBER, NEWCOMER)
NOT_IN_JOURNEY = {
    OTHER_LOCAL: 404,
    OTHER_OFFICER: 404,
    OTHER_MEMBER: 404,
    OTHER_NEWCOMER: 404,
    CONTACT: 404,
}
