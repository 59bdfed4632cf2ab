"""How long household data is kept after the case stops moving, per stage (docs/privacy.md).

The clock runs from the moment the household entered its current stage. Open cases in the
middle of the programme are never removed by the clock; a referral that went nowhere is.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.models import ErasureRecord, Household
from samenhier.newcomers.rights import erase_household

RETENTION_DAYS: dict[str, int] = {
    # Declined to take part: only long enough to answer questions about the referral.
    HouseholdStage.DECLINED: 90,
    # Referred or informed but never consented: the referral has gone stale.
    HouseholdStage.REFERRED: 365,
    HouseholdStage.INFORMED: 365,
    # Stopped: a year, for questions and a possible return to the programme.
    HouseholdStage.STOPPED: 365,
    # Completed: two years, for the evaluation and the programme's accountability.
    HouseholdStage.COMPLETED: 730,
}


@dataclass(frozen=True)
class Expired:
    household_id: int
    reference: str
    stage: str
    since: datetime

    @classmethod
    def of(cls, household: Household) -> "Expired":
        return cls(household.pk, household.reference, household.stage, household.stage_changed_at)


def _expired(now: datetime) -> QuerySet[Household]:
    ended = Q(pk__in=[])
    for stage, days in RETENTION_DAYS.items():
        ended |= Q(stage=stage, stage_changed_at__lte=now - timedelta(days=days))
    return Household.objects.filter(ended).order_by("stage_changed_at")


def expired(now: datetime) -> list[Expired]:
    """The households whose retention period has ended at `now`."""
    return [Expired.of(household) for household in _expired(now)]


def enforce(now: datetime, *, dry_run: bool = False) -> list[Expired]:
    """Erase what has expired (or only list it, for a dry run); returns what went."""
    gone = []
    for household in _expired(now).select_related("city"):
        gone.append(Expired.of(household))
        if not dry_run:
            erase_household(household, reason=ErasureRecord.Reason.RETENTION)
    return gone
