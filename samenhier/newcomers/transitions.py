"""The allowed steps of a household's case, as data: from which stages, to which, on what.

`services.transition` is the only place that takes these steps by hand; the information
meeting and consent move a household on by themselves (services.py), and matching and the
journey take the later steps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenhier.newcomers.lifecycle import CLOSED, HouseholdStage
from samenhier.newcomers.models import ConsentPurpose, Household

Guard = Callable[[Household], list[str]]


def can_start_intake(household: Household) -> list[str]:
    if ConsentPurpose.PARTICIPATION not in household.active_consents():
        return [str(_("consent to take part"))]
    return []


def can_be_matched(household: Household) -> list[str]:
    missing = []
    consents = household.active_consents()
    if ConsentPurpose.PARTICIPATION not in consents:
        missing.append(str(_("consent to take part")))
    if ConsentPurpose.SHARE_PROFILE not in consents:
        missing.append(str(_("consent to share the profile with a group")))
    if not household.languages:
        missing.append(str(_("the languages the household speaks")))
    if not household.family.exists():
        missing.append(str(_("the family members, for the composition")))
    return missing


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[HouseholdStage]
    target: HouseholdStage
    guard: Guard | None = None
    # Taken by the information, consent, matching and journey workflows, not by a button.
    automatic: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "inform",
        _("Informed"),
        frozenset({HouseholdStage.REFERRED}),
        HouseholdStage.INFORMED,
        automatic=True,
    ),
    Transition(
        "consent",
        _("Consented"),
        frozenset({HouseholdStage.INFORMED}),
        HouseholdStage.CONSENTED,
        automatic=True,
    ),
    Transition(
        "decline",
        _("Declined to take part"),
        frozenset({HouseholdStage.REFERRED, HouseholdStage.INFORMED}),
        HouseholdStage.DECLINED,
    ),
    Transition(
        "start_intake",
        _("Start the intake"),
        frozenset({HouseholdStage.CONSENTED}),
        HouseholdStage.INTAKE,
        guard=can_start_intake,
    ),
    Transition(
        "ready",
        _("Ready for matching"),
        frozenset({HouseholdStage.INTAKE}),
        HouseholdStage.READY,
        guard=can_be_matched,
    ),
    Transition(
        "match",
        _("Matched"),
        frozenset({HouseholdStage.READY}),
        HouseholdStage.MATCHED,
        automatic=True,
    ),
    Transition(
        "prepare",
        _("Preparing for arrival"),
        frozenset({HouseholdStage.MATCHED}),
        HouseholdStage.PRE_DEPARTURE,
        automatic=True,
    ),
    Transition(
        "arrive",
        _("Arrived"),
        frozenset({HouseholdStage.MATCHED, HouseholdStage.PRE_DEPARTURE}),
        HouseholdStage.ARRIVED,
        automatic=True,
    ),
    Transition(
        "start_year",
        _("Active year"),
        frozenset({HouseholdStage.ARRIVED}),
        HouseholdStage.ACTIVE,
        automatic=True,
    ),
    Transition(
        "complete",
        _("Completed"),
        frozenset({HouseholdStage.ACTIVE}),
        HouseholdStage.COMPLETED,
        automatic=True,
    ),
    Transition(
        "stop",
        _("Stopped"),
        frozenset(HouseholdStage) - CLOSED,
        HouseholdStage.STOPPED,
        automatic=True,  # services.stop, with the alternative support it records
    ),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


def manual_steps(household: Household) -> list[tuple[Transition, list[str]]]:
    """The steps a coordinator can take now, each with what is still missing for it."""
    return [
        (t, t.guard(household) if t.guard else [])
        for t in TRANSITIONS
        if not t.automatic and household.stage in t.sources
    ]
