"""Who can take part in a run: households ready for matching and groups with room left."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from samenhier.groups.models import Group, Member
from samenhier.groups.stages import GroupStage
from samenhier.journeys.models import Journey
from samenhier.network.models import GroupKind
from samenhier.newcomers.lifecycle import HouseholdStage, Track
from samenhier.newcomers.models import Household
from samenhier.proposals.lifecycle import OPEN
from samenhier.proposals.models import Proposal

KIND_FOR_TRACK = {Track.RESETTLEMENT: GroupKind.SPONSOR, Track.IN_COUNTRY: GroupKind.WELCOME}


def ready_households(track: str, city_ids: Iterable[int] | None) -> QuerySet[Household]:
    """Ready for matching, with no open proposal or journey (None: every city)."""
    households = (
        Household.objects.filter(track=track, stage=HouseholdStage.READY)
        .exclude(pk__in=Proposal.objects.open().values("household"))
        .exclude(pk__in=Journey.objects.open().values("household"))
    )
    if city_ids is not None:
        households = households.filter(city__in=list(city_ids))
    return households.select_related("city")


def with_room(groups: QuerySet[Group]) -> Any:
    """Annotate `room`: the households a group can still take (capacity, less open journeys and
    open proposals)."""
    return groups.annotate(
        taken=Coalesce(
            Count("journeys", filter=Q(journeys__closed_at__isnull=True), distinct=True), 0
        )
        + Coalesce(Count("proposals", filter=Q(proposals__status__in=OPEN), distinct=True), 0),
    ).annotate(room=F("capacity") - F("taken"))


def available_groups(track: str, city_ids: Iterable[int] | None) -> QuerySet[Group]:
    """Approved and trained, of the kind the track needs, with room left."""
    groups = Group.objects.filter(kind=KIND_FOR_TRACK[Track(track)], stage=GroupStage.TRAINED)
    if city_ids is not None:
        groups = groups.filter(city__in=list(city_ids))
    return with_room(groups).filter(room__gt=0).select_related("city")


def with_positions(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Prefetch the current members (`current_members`), whose positions the engine uses."""
    return groups.prefetch_related(
        Prefetch("members", queryset=Member.objects.current(), to_attr="current_members")
    )
