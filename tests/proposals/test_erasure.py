"""Erasing a household reaches the matching runs that held its profile."""

from samenhier.newcomers import rights
from samenhier.newcomers.models import Household
from samenhier.proposals import snapshot
from samenhier.proposals.models import MatchingRun


def test_erasing_a_household_removes_it_from_every_stored_run(cast, run_done):
    household = run_done.instance["households"][0]
    key = household["id"]
    other = run_done.instance["households"][1]["id"]
    rights.erase_household(
        Household.objects.get(pk=snapshot.pk_of(key)),
        reason="request",
        by=cast.national_coordinator,
    )
    run = MatchingRun.objects.get(pk=run_done.pk)
    assert key not in {r["id"] for r in run.instance["households"]}
    assert key not in {a["household"] for a in run.result["assignments"]}
    assert key not in {u["household"] for u in run.result["unmatched"]}
    assert key not in run.result["alternatives"]
    assert other in {r["id"] for r in run.instance["households"]}
