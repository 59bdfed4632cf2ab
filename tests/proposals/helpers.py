"""What the page tests share: the demo round's names, and what a page said."""

from samenhier.groups.models import Group
from samenhier.newcomers.models import Household
from samenhier.proposals import services
from samenhier.proposals.models import Proposal


def said(response) -> list[str]:
    """The messages the page showed; a redirect must be followed (`follow=True`), so that
    each message is read once, on the page that shows it."""
    return [str(m) for m in response.context["messages"]]


def group_named(name: str) -> Group:
    return Group.objects.get(name=name)


def household_ref(reference: str) -> Household:
    return Household.objects.get(reference=reference)


OUDE_NOORDEN = "Oude Noorden Open Armen"
FEIJENOORD = "Feijenoord Samen"
KOP_VAN_ZUID = "Kop van Zuid Samen"


def municipality_answers(cast, proposal: Proposal, *, accepted: bool, reason: str = "") -> None:
    """The Rotterdam municipality officer decides on `proposal`."""
    services.decide(
        actor=cast.rotterdam.municipality_officer,
        proposal=proposal,
        party="municipality",
        accepted=accepted,
        reason=reason,
    )
