"""The allowed steps of a group's life, as data: from which stages, to which, with which guard.

`services.transition_group` is the only place that moves a group; it reads this table.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenhier.groups import requirements
from samenhier.groups.stages import CLOSED, PIPELINE, GroupStage

OPEN_STAGES = frozenset(PIPELINE) - CLOSED


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[GroupStage]
    target: GroupStage
    guard: requirements.Requirement | None = None
    needs_reason: bool = False
    # The national coordinator may take this step with a written reason despite what is missing.
    overridable: bool = False
    # Taken by the matching and journey workflows, not by a button on the group's page.
    automatic: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start_intake",
        _("Start the intake"),
        frozenset({GroupStage.REGISTERED}),
        GroupStage.INTAKE,
        guard=requirements.registration,
    ),
    Transition(
        "start_vetting",
        _("Intake done: start declarations and certificates"),
        frozenset({GroupStage.INTAKE}),
        GroupStage.VETTING,
        guard=requirements.intake,
    ),
    Transition(
        "approve",
        _("Approve the group"),
        frozenset({GroupStage.VETTING}),
        GroupStage.APPROVED,
        guard=requirements.approval,
        overridable=True,
    ),
    Transition(
        "mark_trained",
        _("Mark as trained"),
        frozenset({GroupStage.APPROVED}),
        GroupStage.TRAINED,
        guard=requirements.training,
        overridable=True,
    ),
    Transition(
        "match",
        _("Matched"),
        frozenset({GroupStage.TRAINED}),
        GroupStage.MATCHED,
        automatic=True,
    ),
    Transition(
        # The household stopped before the year began: the group may be matched again.
        "release",
        _("Available again"),
        frozenset({GroupStage.MATCHED}),
        GroupStage.TRAINED,
        automatic=True,
    ),
    Transition(
        "start_year",
        _("Start the year"),
        frozenset({GroupStage.MATCHED}),
        GroupStage.ACTIVE,
        automatic=True,
    ),
    Transition(
        "complete",
        _("Complete the year"),
        frozenset({GroupStage.ACTIVE}),
        GroupStage.COMPLETED,
        automatic=True,
    ),
    Transition(
        # After the year the group chose to welcome someone new.
        "offer_again",
        _("Available for a new match"),
        frozenset({GroupStage.COMPLETED}),
        GroupStage.TRAINED,
        automatic=True,
    ),
    Transition(
        "withdraw",
        _("Withdraw the group"),
        OPEN_STAGES,
        GroupStage.WITHDRAWN,
        needs_reason=True,
    ),
    Transition(
        "reject",
        _("Reject the group"),
        OPEN_STAGES - {GroupStage.ACTIVE},
        GroupStage.REJECTED,
        needs_reason=True,
    ),
)

BY_NAME = {t.name: t for t in TRANSITIONS}


def transitions_from(stage: str) -> list[Transition]:
    return [t for t in TRANSITIONS if stage in t.sources]


def next_step(stage: str) -> Transition | None:
    """The forward step a coordinator takes next (not withdraw or reject)."""
    for transition in transitions_from(stage):
        if not transition.needs_reason:
            return transition
    return None
