"""Every write of the matching workflow: runs, locks and exclusions, proposals, decisions."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenhier.accounts.roles import Role
from samenhier.groups import services as group_services
from samenhier.groups.models import Group
from samenhier.journeys import people
from samenhier.journeys.models import Journey, JourneyEvent
from samenhier.journeys.parties import JourneyOutcome
from samenhier.network.models import City
from samenhier.newcomers import services as household_services
from samenhier.newcomers.models import Household
from samenhier.proposals import explain, notify, policies, selection, snapshot
from samenhier.proposals.lifecycle import (
    DECIDES_IN,
    OPEN,
    Party,
    ProposalStatus,
    RunStatus,
    next_status,
)
from samenhier.proposals.models import (
    Decision,
    ExcludedPair,
    MatchingRun,
    PairChoice,
    Proposal,
)

NOT_IN_SNAPSHOT = ("main_applicant_name", "phone", "email", "address", "vulnerability_details")


def _scope(actor: Any, track: str, city: City | None) -> set[int] | None:
    if not policies.can_run(actor, track, city.pk if city else None):
        raise PermissionDenied
    return {city.pk} if city else None


def _groups_for_snapshot(track: str, cities: set[int] | None, pks: Iterable[int]) -> list[Group]:
    groups = selection.available_groups(track, cities).filter(pk__in=list(pks))
    return list(selection.with_positions(groups).order_by("pk"))


def _households_for_snapshot(
    track: str, cities: set[int] | None, pks: Iterable[int]
) -> list[Household]:
    households = selection.ready_households(track, cities).filter(pk__in=list(pks))
    # The snapshot holds profiles only: identity and details are not even decrypted for it.
    return list(households.defer(*NOT_IN_SNAPSHOT).order_by("pk"))


def declined_pairs(household_pks: Iterable[int]) -> set[snapshot.Pair]:
    return set(
        ExcludedPair.objects.filter(household__in=list(household_pks)).values_list(
            "household_id", "group_id"
        )
    )


def start_run(
    *,
    actor: Any,
    track: str,
    city: City | None,
    household_pks: Iterable[int],
    group_pks: Iterable[int],
    fixed: Iterable[snapshot.Pair] = (),
    excluded: Iterable[snapshot.Pair] = (),
    previous: MatchingRun | None = None,
) -> MatchingRun:
    """Snapshot the selected households and groups (those still available) and queue the run
    for the background worker; the page follows its progress."""
    cities = _scope(actor, track, city)
    households = _households_for_snapshot(track, cities, household_pks)
    groups = _groups_for_snapshot(track, cities, group_pks)
    if not households:
        raise ValidationError(_("Choose at least one household that is ready for matching."))
    if not groups:
        raise ValidationError(_("Choose at least one available group."))
    excluded = set(excluded) | declined_pairs(h.pk for h in households)
    instance = snapshot.build(households, groups, fixed=set(fixed) - excluded, excluded=excluded)
    with transaction.atomic():
        run = MatchingRun.objects.create(
            track=track, city=city, created_by=actor, instance=instance, previous=previous
        )
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_pk: int) -> None:
    from samenhier.proposals.tasks import execute_run

    execute_run.enqueue(run_pk)


def _done_unpublished(actor: Any, run: MatchingRun) -> None:
    if not policies.can_manage_run(actor, run):
        raise PermissionDenied
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This run has not finished."))
    if run.published_at is not None:
        raise ValidationError(_("This run's proposals were already sent; start a new run."))


def rerun(*, actor: Any, run: MatchingRun) -> MatchingRun:
    """The same selection again with this run's locks and exclusions, which move on to the new
    run: they show there and can be undone there. (A run's choices already hold the ones it
    inherited, so they alone are its fixed and excluded pairs.)"""
    _done_unpublished(actor, run)
    choices = list(run.choices.all())
    with transaction.atomic():
        new = start_run(
            actor=actor,
            track=run.track,
            city=run.city,
            household_pks=[snapshot.pk_of(r["id"]) for r in run.instance["households"]],
            group_pks=[snapshot.pk_of(r["id"]) for r in run.instance["groups"]],
            fixed={(c.household_id, c.group_id) for c in choices if c.kind == PairChoice.Kind.LOCK},
            excluded={
                (c.household_id, c.group_id) for c in choices if c.kind == PairChoice.Kind.EXCLUDE
            },
            previous=run,
        )
        PairChoice.objects.bulk_create(
            PairChoice(
                run=new,
                household_id=c.household_id,
                group_id=c.group_id,
                kind=c.kind,
                reason=c.reason,
                by_id=c.by_id,
                at=c.at,
            )
            for c in choices
        )
    return new


def proposed_group(run: MatchingRun, household_pk: int) -> int | None:
    for row in (run.result or {}).get("assignments", []):
        if snapshot.pk_of(row["household"]) == household_pk:
            return snapshot.pk_of(row["group"])
    return None


def _records(
    run: MatchingRun, household_pk: int, group_pk: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    records = snapshot.records_by_key(run.instance)
    h = records.get(snapshot.household_key(household_pk))
    g = records.get(snapshot.group_key(group_pk))
    if h is None or g is None:
        raise ValidationError(_("This household or group was not part of the run."))
    return h, g


def _check_pair(run: MatchingRun, household_pk: int, group_pk: int) -> None:
    h, g = _records(run, household_pk, group_pk)
    problem = explain.pair_problem(h, g, snapshot.excluded_keys(run.instance))
    if problem:
        raise ValidationError(_("This pair is not possible: %(why)s.") % {"why": problem})


def _choose(
    *, actor: Any, run: MatchingRun, household_pk: int, group_pk: int, kind: str, reason: str
) -> PairChoice:
    if kind == PairChoice.Kind.LOCK:
        # A household has one group: a new lock replaces its earlier one.
        run.choices.filter(household_id=household_pk, kind=PairChoice.Kind.LOCK).delete()
    choice, _created = PairChoice.objects.update_or_create(
        run=run,
        household_id=household_pk,
        group_id=group_pk,
        defaults={"kind": kind, "reason": reason, "by": actor, "at": timezone.now()},
    )
    return choice


def _check_room(run: MatchingRun, locks: dict[int, int]) -> None:
    """`locks`: household -> group after the change. No group is locked beyond its room, so
    the next run cannot fail on it."""
    records = snapshot.records_by_key(run.instance)
    for group_pk in set(locks.values()):
        room = records[snapshot.group_key(group_pk)].get("capacity", 1)
        if sum(1 for g in locks.values() if g == group_pk) > room:
            raise ValidationError(_("This group has no room for another locked household."))


def _locks_after(run: MatchingRun, new: dict[int, int]) -> dict[int, int]:
    current = dict(
        run.choices.filter(kind=PairChoice.Kind.LOCK).values_list("household_id", "group_id")
    )
    return {**current, **new}


def lock(
    *, actor: Any, run: MatchingRun, household_pk: int, group_pk: int, reason: str = ""
) -> None:
    """Keep a pair in the next run. A pair other than the engine's proposal needs a reason."""
    _done_unpublished(actor, run)
    _check_pair(run, household_pk, group_pk)
    reason = reason.strip()
    if proposed_group(run, household_pk) != group_pk and not reason:
        raise ValidationError(_("Say why you choose this pair instead of the proposal."))
    _check_room(run, _locks_after(run, {household_pk: group_pk}))
    with transaction.atomic():
        _choose(
            actor=actor,
            run=run,
            household_pk=household_pk,
            group_pk=group_pk,
            kind=PairChoice.Kind.LOCK,
            reason=reason,
        )


def exclude(*, actor: Any, run: MatchingRun, household_pk: int, group_pk: int, reason: str) -> None:
    _done_unpublished(actor, run)
    _records(run, household_pk, group_pk)
    if not reason.strip():
        raise ValidationError(_("Say why this pair should not be proposed."))
    with transaction.atomic():
        _choose(
            actor=actor,
            run=run,
            household_pk=household_pk,
            group_pk=group_pk,
            kind=PairChoice.Kind.EXCLUDE,
            reason=reason.strip(),
        )


def swap(*, actor: Any, run: MatchingRun, first_pk: int, second_pk: int, reason: str) -> None:
    """Give two households each other's proposed group: two locks, with the reason."""
    _done_unpublished(actor, run)
    first, second = proposed_group(run, first_pk), proposed_group(run, second_pk)
    if first is None or second is None or first_pk == second_pk:
        raise ValidationError(_("Choose two different households that both have a proposal."))
    if not reason.strip():
        raise ValidationError(_("Say why you swap these groups."))
    _check_pair(run, first_pk, second)
    _check_pair(run, second_pk, first)
    _check_room(run, _locks_after(run, {first_pk: second, second_pk: first}))
    with transaction.atomic():
        for household_pk, group_pk in ((first_pk, second), (second_pk, first)):
            _choose(
                actor=actor,
                run=run,
                household_pk=household_pk,
                group_pk=group_pk,
                kind=PairChoice.Kind.LOCK,
                reason=reason.strip(),
            )


def undo_choice(*, actor: Any, choice: PairChoice) -> None:
    _done_unpublished(actor, choice.run)
    choice.delete()


def publish(*, actor: Any, run: MatchingRun) -> list[Proposal]:
    """Send the run's proposals to the municipality; a pair locked by hand keeps its reason."""
    _done_unpublished(actor, run)
    reasons = {
        (snapshot.household_key(h), snapshot.group_key(g)): reason
        for h, g, reason in run.choices.filter(kind=PairChoice.Kind.LOCK)
        .exclude(reason="")
        .values_list("household_id", "group_id", "reason")
    }
    assignments = (run.result or {}).get("assignments", [])
    household_pks = [snapshot.pk_of(a["household"]) for a in assignments]
    still_ready = set(
        selection.ready_households(run.track, None)
        .filter(pk__in=household_pks)
        .values_list("pk", flat=True)
    )
    # Another run may have been sent since this one ran: a group keeps to its capacity.
    room = dict(
        selection.available_groups(run.track, None)
        .filter(pk__in=[snapshot.pk_of(a["group"]) for a in assignments])
        .values_list("pk", "room")  # type: ignore[misc]  # `room` is an annotation
    )
    sendable = []
    for a in assignments:
        group_pk = snapshot.pk_of(a["group"])
        if snapshot.pk_of(a["household"]) in still_ready and room.get(group_pk, 0) > 0:
            room[group_pk] -= 1
            sendable.append(a)
    with transaction.atomic():
        moved = MatchingRun.objects.filter(pk=run.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        )
        if not moved:
            raise ValidationError(_("This run's proposals were already sent; start a new run."))
        try:
            proposals = [
                Proposal.objects.create(
                    run=run,
                    household_id=snapshot.pk_of(a["household"]),
                    group_id=snapshot.pk_of(a["group"]),
                    score=a["score"],
                    criteria=a["criteria"],
                    manual_reason=reasons.get((a["household"], a["group"]), ""),
                )
                for a in sendable
            ]
        except IntegrityError as error:
            raise ValidationError(
                _("Another run sent a proposal for one of these households in the meantime.")
            ) from error
        # One message per officer per city, not one per proposal: a national run sends many.
        per_city = Counter(
            Household.objects.filter(
                pk__in=[snapshot.pk_of(a["household"]) for a in sendable]
            ).values_list("city_id", flat=True)
        )
        for city_id, count in per_city.items():
            notify.tell(
                notify.addressed(notify.people_in_city(Role.MUNICIPALITY_OFFICER, city_id)),
                subject=gettext_lazy("Match proposals ask for your approval (%(count)s)"),
                template="to_municipality",
                count=count,
                link=notify.link_to_waiting(),
            )
    run.refresh_from_db()
    return proposals


def decide(
    *,
    actor: Any,
    proposal: Proposal,
    party: str,
    accepted: bool,
    reason: str = "",
    language: str = "",
) -> Proposal:
    """One party's answer. A decline closes the proposal and excludes the pair from later
    runs; the group's and the newcomer's acceptance together confirm the match."""
    if not policies.can_decide(actor, proposal, party):
        raise PermissionDenied
    status = ProposalStatus(proposal.status)
    if party not in DECIDES_IN.get(status, frozenset()):
        raise ValidationError(_("This answer is not asked now."), code="stage")
    reason = reason.strip()
    if not accepted and not reason:
        raise ValidationError(_("Give a reason for declining."))
    if party == Party.NEWCOMER and not language.strip():
        raise ValidationError(_("Say in which language you spoke with the newcomer."))
    with transaction.atomic():
        accepted_before = set(
            proposal.decisions.filter(accepted=True).values_list("party", flat=True)
        )
        target = next_status(status, party, accepted, accepted_before - {Party.MUNICIPALITY})
        moved = Proposal.objects.filter(pk=proposal.pk, version=proposal.version).update(
            status=target,
            version=F("version") + 1,
            closed_at=None if target in OPEN else timezone.now(),
        )
        if not moved:
            raise ValidationError(
                _("Someone else answered this proposal in the meantime. Reload the page.")
            )
        try:
            Decision.objects.create(
                proposal=proposal,
                party=party,
                accepted=accepted,
                reason=reason,
                by=actor,
                language=language.strip(),
            )
        except IntegrityError as error:
            raise ValidationError(_("This party has already answered.")) from error
        proposal.refresh_from_db()
        if target == ProposalStatus.DECLINED:
            ExcludedPair.objects.get_or_create(
                household_id=proposal.household_id, group_id=proposal.group_id
            )
            _tell_declined(
                proposal, party, told_group=status != ProposalStatus.AWAITING_MUNICIPALITY
            )
        elif target == ProposalStatus.CONFIRMED:
            _confirm(proposal)
        elif status == ProposalStatus.AWAITING_MUNICIPALITY:
            _tell_approved(proposal)
    return proposal


def _confirm(proposal: Proposal) -> Journey:
    """Both sides accepted: the journey starts and the group may now see who they welcome."""
    journey = Journey.objects.create(
        household=proposal.household, group=proposal.group, proposal=proposal
    )
    JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.MATCHED)
    people.appoint_defaults(journey)
    household_services.advance(household=proposal.household, name="match")
    group = proposal.group
    if Journey.objects.open().filter(group=group).count() >= group.capacity:
        group_services.advance(group=group, name="match")
    everyone = (
        notify.group_members(group)
        + notify.addressed(notify.coordinators_for(proposal))
        + notify.addressed(notify.people_in_city(Role.MUNICIPALITY_OFFICER, group.city_id))
        + notify.addressed(notify.people_in_city(Role.COMMUNITY_BUILDER, group.city_id))
        + notify.addressed(notify.newcomer_accounts(proposal))
    )
    notify.tell(
        everyone,
        subject=gettext_lazy("Match %(reference)s is confirmed"),
        template="confirmed",
        reference=proposal.household.reference,
        link=notify.link_to(proposal),
    )
    return journey


def _tell_approved(proposal: Proposal) -> None:
    group = proposal.group
    notify.tell(
        notify.group_contacts(group),
        subject=gettext_lazy("A household is proposed for your group (%(reference)s)"),
        template="to_group",
        reference=proposal.household.reference,
        link=notify.link_to(proposal),
    )
    notify.tell(
        notify.addressed(notify.people_in_city(Role.COMMUNITY_BUILDER, group.city_id))
        + notify.addressed(notify.coordinators_for(proposal)),
        subject=gettext_lazy("Match proposal %(reference)s approved: ask the newcomer"),
        template="to_builder",
        reference=proposal.household.reference,
        link=notify.link_to(proposal),
    )


def _tell_declined(proposal: Proposal, party: str, *, told_group: bool) -> None:
    recipients = notify.addressed(notify.coordinators_for(proposal))
    if told_group:
        recipients += notify.asked_to_answer(proposal)
    notify.tell(
        recipients,
        subject=gettext_lazy("Match proposal %(reference)s was declined"),
        template="declined",
        reference=proposal.household.reference,
        link=notify.link_to(proposal),
        party=Party(party).label,
    )


def withdraw(*, actor: Any, proposal: Proposal, reason: str) -> None:
    """The coordinator takes back an open proposal; both sides return to the pool. The reason
    is kept for the coordinators; those who heard of the proposal are told it ended."""
    if not policies.can_withdraw(actor, proposal):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    with transaction.atomic():
        if not _close_open(proposal, ProposalStatus.WITHDRAWN, reason=reason.strip()):
            raise ValidationError(_("This proposal is no longer open."))
        recipients = notify.addressed(
            notify.people_in_city(Role.MUNICIPALITY_OFFICER, proposal.household.city_id)
        )
        if proposal.status == ProposalStatus.AWAITING_PARTIES:
            recipients += notify.asked_to_answer(proposal)
        notify.tell(
            recipients,
            subject=gettext_lazy("Match proposal %(reference)s was withdrawn"),
            template="withdrawn",
            reference=proposal.household.reference,
            link=notify.link_to(proposal),
        )


def _close_open(proposal: Proposal, status: ProposalStatus, *, reason: str = "") -> bool:
    closed = Proposal.objects.filter(pk=proposal.pk, status__in=OPEN).update(
        status=status, closed_at=timezone.now(), version=F("version") + 1, closing_reason=reason
    )
    return bool(closed)


def household_left(*, household: Household) -> None:
    """The newcomer stopped, or no longer lets a group see their profile: open proposals are
    withdrawn, an open journey ends, and the groups that knew are told, neutrally."""
    knew: list[Group] = []
    for proposal in Proposal.objects.open().filter(household=household).select_related("group"):
        closed = _close_open(proposal, ProposalStatus.WITHDRAWN)
        if closed and proposal.status == ProposalStatus.AWAITING_PARTIES:
            knew.append(proposal.group)
    for journey in Journey.objects.open().filter(household=household).select_related("group"):
        Journey.objects.filter(pk=journey.pk).update(
            closed_at=timezone.now(), outcome=JourneyOutcome.ENDED
        )
        JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.CLOSED)
        group_services.release(group=journey.group)
        knew.append(journey.group)
    for group in knew:
        notify.tell(
            notify.group_members(group),
            subject=gettext_lazy("News about the match %(reference)s"),
            template="ended",
            reference=household.reference,
            group=group,
        )


def forget_household(household_pk: int) -> int:
    """Remove a household from every stored run (erasure): its profile from the input, its
    pairs, its place in the result. The run can then no longer be replayed exactly; the
    right to erasure comes first. Returns how many runs changed."""
    key = snapshot.household_key(household_pk)
    changed = 0
    for run in MatchingRun.objects.only("pk", "instance", "result"):
        if not any(row["id"] == key for row in run.instance.get("households", [])):
            continue
        run.instance = snapshot.without_household(run.instance, key)
        run.result = snapshot.result_without_household(run.result, key)
        run.save(update_fields=["instance", "result"])
        changed += 1
    return changed
