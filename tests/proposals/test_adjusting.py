"""The coordinator adjusts a run's result through its page: locks, exclusions, alternatives,
swaps, undo, a re-run that honours them, and sending the proposals for approval."""

import pytest
from django.core import mail
from django.utils import translation

from samenhier.newcomers.models import Household
from samenhier.proposals import snapshot
from samenhier.proposals.models import MatchingRun, PairChoice, Proposal
from tests.proposals.helpers import OUDE_NOORDEN, group_named, said

pytestmark = pytest.mark.django_db


def _pairs(run: MatchingRun) -> list[tuple[int, int]]:
    """The run's proposals as (household pk, group pk), in the engine's order."""
    return [
        (snapshot.pk_of(a["household"]), snapshot.pk_of(a["group"]))
        for a in run.result["assignments"]
    ]


def _input_pairs(run: MatchingRun, name: str) -> set[tuple[int, int]]:
    return {(snapshot.pk_of(h), snapshot.pk_of(g)) for h, g in run.instance[name]}


def _alternative(run: MatchingRun) -> tuple[int, int]:
    """A household with a proposal, and another group the engine offers it."""
    for household, group in _pairs(run):
        for option in run.result["alternatives"].get(snapshot.household_key(household), []):
            if snapshot.pk_of(option["group"]) != group:
                return household, snapshot.pk_of(option["group"])
    raise AssertionError("the run offers no alternative")


@pytest.fixture
def coordinator(cast, visit):
    return visit(cast.national_coordinator)


def _post(client, run, action, **data):
    """Post to one of the run's actions and follow to the page it leads to."""
    return client.post(f"/matching/runs/{run.pk}/{action}/", data, follow=True)


def _landed(response) -> str:
    return response.redirect_chain[-1][0]


def _refused_without_reason(client, run, action, refusal: str, **data) -> None:
    """Without a reason the choice is refused, with `refusal` said, and nothing is kept."""
    response = _post(client, run, action, reason=" ", **data)
    assert said(response) == [refusal]
    assert not PairChoice.objects.exists()


def test_locking_a_proposed_pair_keeps_it_for_the_next_run(coordinator, run_done):
    household, group = _pairs(run_done)[0]

    response = _post(coordinator, run_done, "lock", household=household, group=group)

    assert _landed(response) == f"/matching/runs/{run_done.pk}/"
    assert said(response) == ["The pair is locked for the next run."]
    lock = PairChoice.objects.get(run=run_done)
    assert (lock.kind, lock.household_id, lock.group_id, lock.reason) == (
        "lock",
        household,
        group,
        "",
    )
    assert "Locked" in coordinator.get(f"/matching/runs/{run_done.pk}/").text


def test_excluding_a_pair_needs_a_reason(coordinator, run_done):
    household, group = _pairs(run_done)[0]

    _refused_without_reason(
        coordinator,
        run_done,
        "exclude",
        "Say why this pair should not be proposed.",
        household=household,
        group=group,
    )

    kept = _post(
        coordinator, run_done, "exclude", household=household, group=group, reason="Too far away."
    )
    assert said(kept) == ["The pair is excluded from the next run."]
    exclusion = PairChoice.objects.get(run=run_done)
    assert (exclusion.kind, exclusion.reason) == ("exclude", "Too far away.")
    assert "Too far away." in coordinator.get(f"/matching/runs/{run_done.pk}/").text


def test_a_pair_outside_the_run_cannot_be_excluded_or_locked(cast, coordinator, run_done):
    outsider = Household.objects.get(reference="RTM-001")  # already matched, not in the run
    group = _pairs(run_done)[0][1]

    for action in ("exclude", "lock"):
        response = _post(
            coordinator, run_done, action, household=outsider.pk, group=group, reason="Why not."
        )
        assert said(response) == ["This household or group was not part of the run."]
    assert not PairChoice.objects.exists()


def test_choosing_an_alternative_needs_a_reason_and_keeps_it(coordinator, run_done):
    household, alternative = _alternative(run_done)

    _refused_without_reason(
        coordinator,
        run_done,
        "lock",
        "Say why you choose this pair instead of the proposal.",
        household=household,
        group=alternative,
    )

    reason = "The family asked for a group nearer the school."
    kept = _post(
        coordinator, run_done, "lock", household=household, group=alternative, reason=reason
    )
    assert said(kept) == ["The pair is locked for the next run."]
    lock = PairChoice.objects.get(run=run_done, household_id=household)
    assert (lock.kind, lock.group_id, lock.reason) == ("lock", alternative, reason)
    page = coordinator.get(f"/matching/runs/{run_done.pk}/").text
    assert "another group in the next run" in page
    assert reason in page


def test_swapping_two_households_needs_a_reason(coordinator, run_done):
    (first, first_group), (second, second_group) = _pairs(run_done)[:2]

    _refused_without_reason(
        coordinator, run_done, "swap", "Say why you swap these groups.", first=first, second=second
    )

    swapped = _post(
        coordinator, run_done, "swap", first=first, second=second, reason="Closer to family."
    )
    assert said(swapped) == ["The groups are swapped and locked for the next run."]
    assert set(
        PairChoice.objects.filter(run=run_done).values_list(
            "kind", "household_id", "group_id", "reason"
        )
    ) == {
        ("lock", first, second_group, "Closer to family."),
        ("lock", second, first_group, "Closer to family."),
    }


@pytest.fixture
def trauma_run(round_, run_round) -> MatchingRun:
    """A run in which RTM-006 also needs support with trauma, which only Oude Noorden offers."""
    rtm_006 = round_.households[0]
    rtm_006.vulnerabilities = ["medical", "trauma"]
    rtm_006.save()
    run = run_round()
    assert (rtm_006.pk, group_named(OUDE_NOORDEN).pk) in _pairs(run)
    return run


def test_a_swap_that_breaks_a_hard_constraint_is_refused_with_the_reason(coordinator, trauma_run):
    pairs = _pairs(trauma_run)
    rtm_006 = Household.objects.get(reference="RTM-006").pk
    other = next(h for h, _group in pairs if h != rtm_006)

    response = _post(
        coordinator, trauma_run, "swap", first=rtm_006, second=other, reason="Closer to family."
    )

    (message,) = said(response)
    assert message.startswith("This pair is not possible: the group does not feel able to support")
    assert "Trauma" in message
    assert not PairChoice.objects.exists()


def test_undo_takes_a_choice_back(coordinator, run_done):
    household, group = _pairs(run_done)[0]
    _post(coordinator, run_done, "exclude", household=household, group=group, reason="Too far.")
    choice = PairChoice.objects.get()

    response = _post(coordinator, run_done, f"choices/{choice.pk}/undo")

    assert said(response) == ["Undone."]
    assert not PairChoice.objects.exists()
    # A choice of another run, or none, is not found
    assert _post(coordinator, run_done, f"choices/{choice.pk}/undo").status_code == 404


def test_a_rerun_honours_the_locks_and_exclusions(
    coordinator, run_done, django_capture_on_commit_callbacks
):
    # Given a household locked to an alternative and another household's proposal excluded
    locked = _alternative(run_done)
    excluded = next(p for p in _pairs(run_done) if p[0] != locked[0])
    _post(coordinator, run_done, "lock", household=locked[0], group=locked[1], reason="Nearer.")
    _post(coordinator, run_done, "exclude", household=excluded[0], group=excluded[1], reason="No.")

    # When the coordinator runs the matching again
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(coordinator, run_done, "rerun")

    # Then the new run carries the choices in its input, and its result honours them
    rerun = MatchingRun.objects.exclude(pk=run_done.pk).get()
    assert _landed(response) == f"/matching/runs/{rerun.pk}/"
    assert rerun.previous == run_done
    assert _input_pairs(rerun, "fixed_pairs") == {locked}
    assert excluded in _input_pairs(rerun, "excluded_pairs")
    assert rerun.status == "done", rerun.error
    assert locked in _pairs(rerun)
    assert excluded not in _pairs(rerun)
    # And the choices moved on with it: the new run's page shows them, with their reasons
    moved = {(c.kind, c.household_id, c.group_id, c.reason) for c in rerun.choices.all()}
    assert moved == {("lock", *locked, "Nearer."), ("exclude", *excluded, "No.")}
    page = coordinator.get(f"/matching/runs/{rerun.pk}/").text
    assert "Nearer." in page
    assert "No." in page


def test_a_choice_undone_on_the_rerun_is_gone_from_the_next_one(
    coordinator, run_done, django_capture_on_commit_callbacks
):
    # Given a lock made on the first run and carried to the second
    locked = _alternative(run_done)
    _post(coordinator, run_done, "lock", household=locked[0], group=locked[1], reason="Nearer.")
    with django_capture_on_commit_callbacks(execute=True):
        _post(coordinator, run_done, "rerun")
    second = MatchingRun.objects.get(previous=run_done)

    # When the coordinator undoes it on the second run and runs again
    choice = second.choices.get()
    response = _post(coordinator, second, f"choices/{choice.pk}/undo")
    assert said(response) == ["Undone."]
    with django_capture_on_commit_callbacks(execute=True):
        _post(coordinator, second, "rerun")

    # Then the third run has no lock
    third = MatchingRun.objects.get(previous=second)
    assert _input_pairs(third, "fixed_pairs") == set()
    assert not third.choices.exists()


def test_locking_more_households_on_a_group_than_it_has_room_for_is_refused(coordinator, run_done):
    # Given one group's place locked to its proposed household
    household, group = _pairs(run_done)[0]
    _post(coordinator, run_done, "lock", household=household, group=group)
    other = next(h for h, g in _pairs(run_done) if h != household)

    # When the coordinator locks another household to the same group (room 1)
    response = _post(
        coordinator, run_done, "lock", household=other, group=group, reason="Both, please."
    )

    # Then it is refused before any run, and only the first lock stands
    assert said(response) == ["This group has no room for another locked household."]
    assert list(run_done.choices.values_list("household_id", flat=True)) == [household]


def test_publishing_sends_the_proposals_to_the_citys_officers_in_their_language(
    cast, coordinator, run_done, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(coordinator, run_done, "publish")

    assert said(response) == ["The proposals have been sent to the municipality for approval."]
    proposals = Proposal.objects.filter(run=run_done)
    assert {(p.household_id, p.group_id) for p in proposals} == set(_pairs(run_done))
    assert {p.status for p in proposals} == {"municipality"}
    officer = cast.rotterdam.municipality_officer
    assert officer.preferred_language == "nl"
    # One message for the officer, however many proposals, in Dutch, naming how many
    to_officer = [m for m in mail.outbox if m.to == [officer.email]]
    assert len(to_officer) == 1
    english = "Match proposals ask for your approval (%(count)s)"
    with translation.override("nl"):
        expected = translation.gettext(english) % {"count": len(proposals)}
    assert to_officer[0].subject == expected
    assert expected != english % {"count": len(proposals)}
    assert "/matching/proposals/?status=municipality" in to_officer[0].body
    assert not [m for m in mail.outbox if cast.den_haag.municipality_officer.email in m.to]


def test_publishing_twice_is_refused(coordinator, run_done, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post(coordinator, run_done, "publish")
    sent = Proposal.objects.count()

    again = _post(coordinator, run_done, "publish")

    assert said(again) == ["This run's proposals were already sent; start a new run."]
    assert Proposal.objects.count() == sent
    # And a sent run can no longer be changed
    household, group = _pairs(run_done)[0]
    locked = _post(coordinator, run_done, "lock", household=household, group=group)
    assert said(locked) == ["This run's proposals were already sent; start a new run."]
    assert not PairChoice.objects.exists()


def test_sending_an_older_run_never_gives_a_group_more_households_than_it_can_take(
    coordinator, run_round
):
    # Given two runs, each proposing another household to the same group
    group = group_named(OUDE_NOORDEN)
    runs = []
    for reference in ("RTM-006", "RTM-011"):
        household = Household.objects.get(reference=reference)
        run = run_round(households=[household], groups=[group])
        assert _pairs(run) == [(household.pk, group.pk)]
        runs.append(run)

    # When the coordinator sends both
    for run in runs:
        _post(coordinator, run, "publish")

    # Then the group has only as many open proposals as it can take
    assert group.capacity == 1
    assert Proposal.objects.open().filter(group=group).count() == 1
