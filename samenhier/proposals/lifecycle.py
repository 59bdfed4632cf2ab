"""A proposal's road, as data: who decides at which stage, and where each answer leads.

The municipality approves first; then the group and the newcomer each answer, in either
order. Any decline closes the proposal and keeps that pair out of later runs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    AWAITING_MUNICIPALITY = "municipality", _("Awaiting the municipality")
    AWAITING_PARTIES = "parties", _("Awaiting the group and the newcomer")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Party(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    GROUP = "group", _("Group")
    NEWCOMER = "newcomer", _("Newcomer")


OPEN: frozenset[ProposalStatus] = frozenset(
    {ProposalStatus.AWAITING_MUNICIPALITY, ProposalStatus.AWAITING_PARTIES}
)

# Which parties answer in which status.
DECIDES_IN: dict[ProposalStatus, frozenset[Party]] = {
    ProposalStatus.AWAITING_MUNICIPALITY: frozenset({Party.MUNICIPALITY}),
    ProposalStatus.AWAITING_PARTIES: frozenset({Party.GROUP, Party.NEWCOMER}),
}

# Both must accept before the match is confirmed.
ACCEPTING_PARTIES: frozenset[Party] = frozenset({Party.GROUP, Party.NEWCOMER})


def next_status(status: str, party: str, accepted: bool, answered: set[str]) -> ProposalStatus:
    """Where a proposal goes after `party` answers; `answered` are the parties that accepted
    before (in this status)."""
    if not accepted:
        return ProposalStatus.DECLINED
    if status == ProposalStatus.AWAITING_MUNICIPALITY:
        return ProposalStatus.AWAITING_PARTIES
    if answered | {party} >= ACCEPTING_PARTIES:
        return ProposalStatus.CONFIRMED
    return ProposalStatus.AWAITING_PARTIES


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
