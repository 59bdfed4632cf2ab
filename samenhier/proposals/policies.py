"""Who runs the matching, who sees proposals, and who answers for which party."""

from typing import Any

from django.db.models import Q, QuerySet

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import (
    city_ids_for,
    group_ids_for,
    has_role,
    is_national_coordinator,
)
from samenhier.groups.models import Member
from samenhier.newcomers.lifecycle import Track
from samenhier.proposals.lifecycle import Party
from samenhier.proposals.models import Decision, MatchingRun, Proposal

# Roles that follow the proposals of their city.
CITY_PROPOSAL_ROLES = (Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER, Role.MUNICIPALITY_OFFICER)


def run_cities(user: Any, track: str) -> set[int] | None:
    """The cities a user may run the matching for on `track`: None for every city, an empty
    set for none. The national coordinator matches resettlement nationally; welcome groups
    are matched by the city's local coordinator (or the national coordinator)."""
    if is_national_coordinator(user):
        return None
    if track == Track.IN_COUNTRY:
        return city_ids_for(user, Role.LOCAL_COORDINATOR)
    return set()


def can_run(user: Any, track: str, city_id: int | None) -> bool:
    """`city_id` None: a run over every city, which only the national coordinator makes."""
    cities = run_cities(user, track)
    return cities is None or (city_id is not None and city_id in cities)


def can_view_runs(user: Any) -> bool:
    return is_national_coordinator(user) or has_role(user, Role.LOCAL_COORDINATOR)


def runs_visible_to(user: Any) -> QuerySet[MatchingRun]:
    if is_national_coordinator(user):
        return MatchingRun.objects.all()
    cities = city_ids_for(user, Role.LOCAL_COORDINATOR)
    if not cities:
        return MatchingRun.objects.none()
    return MatchingRun.objects.filter(track=Track.IN_COUNTRY, city__in=cities)


def can_manage_run(user: Any, run: MatchingRun) -> bool:
    return can_run(user, run.track, run.city_id)


def can_view_proposals(user: Any) -> bool:
    return (
        is_national_coordinator(user)
        or has_role(user, *CITY_PROPOSAL_ROLES)
        or bool(contact_group_ids(user))
    )


def contact_group_ids(user: Any) -> set[int]:
    """The groups whose contact person this user is: they answer for the group. Read once per
    request (the navigation asks on every page), like the role assignments."""
    groups = group_ids_for(user)
    if not groups:
        return set()
    cached: set[int] | None = getattr(user, "_samenhier_contact_groups", None)
    if cached is None:
        cached = set(
            Member.objects.current()
            .filter(user=user, is_contact=True, group__in=groups)
            .values_list("group_id", flat=True)
        )
        user._samenhier_contact_groups = cached
    return cached


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    """Coordinators, officers and community builders of the city; a group sees a proposal
    once the municipality approved it (not before: it may never reach them)."""
    if is_national_coordinator(user):
        return Proposal.objects.all()
    cities = city_ids_for(user, *CITY_PROPOSAL_ROLES)
    groups = group_ids_for(user)
    if not cities and not groups:
        return Proposal.objects.none()
    # Approved, not merely past the municipality's stage: a proposal the municipality declined
    # (or that was withdrawn before it decided) never reached the group.
    approved = Decision.objects.filter(party=Party.MUNICIPALITY, accepted=True).values("proposal")
    return Proposal.objects.filter(
        Q(household__city__in=cities) | (Q(group__in=groups) & Q(pk__in=approved))
    )


def manages(user: Any, proposal: Proposal) -> bool:
    """The coordinator responsible for the household's matching."""
    return can_run(user, proposal.household.track, proposal.household.city_id)


def can_decide(user: Any, proposal: Proposal, party: str) -> bool:
    city = proposal.household.city_id
    if party == Party.MUNICIPALITY:
        return city in city_ids_for(user, Role.MUNICIPALITY_OFFICER)
    if party == Party.GROUP:
        return proposal.group_id in contact_group_ids(user)
    if party == Party.NEWCOMER:
        return manages(user, proposal) or city in city_ids_for(user, Role.COMMUNITY_BUILDER)
    return False


def can_withdraw(user: Any, proposal: Proposal) -> bool:
    return manages(user, proposal)
