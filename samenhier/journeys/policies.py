"""Who sees and does what in a journey (the fewest eyes).

A person's standing in a journey is worked out once from their role assignments (already read
once per request) and the journey's city and group; every rule below is a question about it.
Group members and the newcomer see a journey only while it is open and the household takes
part; the city's staff keep seeing it after it closed, for the follow-up and the evaluation.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import (
    assignments_of,
    city_ids_for,
    group_ids_for,
    household_ids_for,
    is_national_coordinator,
)
from samenhier.groups.models import GroupKind
from samenhier.journeys.models import ContactEntry, Journey, Signal
from samenhier.journeys.parties import Party
from samenhier.newcomers.lifecycle import CLOSED
from samenhier.newcomers.models import ConsentPurpose
from samenhier.proposals.policies import contact_group_ids

# The city's professionals who work on a journey, and the party each of them acts for.
CITY_STAFF: dict[str, Party] = {
    Role.LOCAL_COORDINATOR: Party.LOCAL_PARTNER,
    Role.COMMUNITY_BUILDER: Party.COMMUNITY_BUILDER,
    Role.MUNICIPALITY_OFFICER: Party.MUNICIPALITY,
    Role.SOCIAL_SUPPORT_WORKER: Party.SOCIAL_SUPPORT,
    Role.RECEPTION_OFFICER: Party.RECEPTION,
}


@dataclass(frozen=True)
class Standing:
    """What a person is in one journey."""

    national: bool = False
    local: bool = False
    builder: bool = False
    officer: bool = False
    social: bool = False
    reception: bool = False
    member: bool = False
    group_contact: bool = False
    newcomer: bool = False

    @property
    def any(self) -> bool:
        return self.staff or self.member or self.newcomer

    @property
    def staff(self) -> bool:
        return (
            self.national
            or self.local
            or self.builder
            or self.officer
            or self.social
            or self.reception
        )

    @property
    def coordinates(self) -> bool:
        return self.national or self.local

    @property
    def parties(self) -> set[Party]:
        flags = {
            Party.LOCAL_PARTNER: self.local,
            Party.COMMUNITY_BUILDER: self.builder,
            Party.MUNICIPALITY: self.officer,
            Party.SOCIAL_SUPPORT: self.social,
            Party.RECEPTION: self.reception,
            Party.GROUP: self.member,
            Party.NEWCOMER: self.newcomer,
        }
        return {party for party, holds in flags.items() if holds}


def _staff_cities(user: Any) -> dict[str, set[int]]:
    return {role: city_ids_for(user, role) for role in CITY_STAFF}


def _takes_part(journey: Journey) -> bool:
    """The household still takes part and lets the group see its profile."""
    household = journey.household
    return (
        journey.closed_at is None
        and household.stage not in CLOSED
        and ConsentPurpose.SHARE_PROFILE in household.active_consents()
    )


def standing(user: Any, journey: Journey) -> Standing:
    """Worked out once per request for each state of the journey: a page asks several
    rules, and whether the household takes part costs a query."""
    if not getattr(user, "is_authenticated", False):
        return Standing()
    cache: dict[tuple[Any, ...], Standing] = user.__dict__.setdefault("_samenhier_standings", {})
    key = (journey.pk, journey.version, journey.closed_at, journey.household.stage)
    if key not in cache:
        cache[key] = _work_out(user, journey)
    return cache[key]


def _work_out(user: Any, journey: Journey) -> Standing:
    city = journey.household.city_id
    cities = _staff_cities(user)
    personal = journey.group_id in group_ids_for(user) or journey.household_id in (
        household_ids_for(user)
    )
    open_to_people = personal and _takes_part(journey)
    member = open_to_people and journey.group_id in group_ids_for(user)
    return Standing(
        national=is_national_coordinator(user),
        local=city in cities[Role.LOCAL_COORDINATOR],
        builder=city in cities[Role.COMMUNITY_BUILDER],
        officer=city in cities[Role.MUNICIPALITY_OFFICER],
        social=city in cities[Role.SOCIAL_SUPPORT_WORKER],
        reception=city in cities[Role.RECEPTION_OFFICER] or _network_reception(user),
        member=member,
        group_contact=member and journey.group_id in contact_group_ids(user),
        newcomer=open_to_people and journey.household_id in household_ids_for(user),
    )


def _network_reception(user: Any) -> bool:
    """Reception officers may be scoped to the whole network: COA works nationally."""
    return any(
        a.role == Role.RECEPTION_OFFICER and a.city_id is None and a.organisation_id is None
        for a in assignments_of(user)
    )


def journeys_visible_to(user: Any) -> QuerySet[Journey]:
    if is_national_coordinator(user) or _network_reception(user):
        return Journey.objects.all()
    cities: set[int] = set().union(*_staff_cities(user).values())
    condition = Q(household__city__in=cities) if cities else Q(pk__in=[])
    groups, households = group_ids_for(user), household_ids_for(user)
    if groups or households:
        personal = (
            Journey.objects.filter(Q(group__in=groups) | Q(household__in=households))
            .open()
            .exclude(household__stage__in=CLOSED)
            .filter(
                household__consents__purpose=ConsentPurpose.SHARE_PROFILE,
                household__consents__withdrawn_at__isnull=True,
            )
            .values("pk")
        )
        condition |= Q(pk__in=personal)
    elif not cities:
        return Journey.objects.none()
    return Journey.objects.filter(condition)


def can_view(user: Any, journey: Journey) -> bool:
    return standing(user, journey).any


# --- contact persons, readiness, arrival, closing ---------------------------------------


def can_appoint_contacts(user: Any, journey: Journey) -> bool:
    return standing(user, journey).coordinates and journey.closed_at is None


def can_record_meeting(user: Any, journey: Journey) -> bool:
    s = standing(user, journey)
    return journey.closed_at is None and (s.coordinates or s.builder or s.social)


def can_mark_ready(user: Any, journey: Journey) -> bool:
    return standing(user, journey).coordinates and journey.closed_at is None


def can_set_arrival(user: Any, journey: Journey) -> bool:
    s = standing(user, journey)
    return journey.closed_at is None and (s.coordinates or s.officer)


def can_close(user: Any, journey: Journey) -> bool:
    return standing(user, journey).coordinates and journey.closed_at is None


def can_offer_group_again(user: Any, journey: Journey) -> bool:
    """After the year the group's contact person (or a coordinator) says whether the group
    wants to welcome someone new."""
    s = standing(user, journey)
    return s.coordinates or s.group_contact


# --- task matrix and resettlement plan ------------------------------------------------------


def can_edit_matrix(user: Any, journey: Journey) -> bool:
    return matrix_editable_with(standing(user, journey), journey)


def has_plan(journey: Journey) -> bool:
    return journey.group.kind == GroupKind.SPONSOR


def can_view_plan(user: Any, journey: Journey) -> bool:
    return plan_visible_with(standing(user, journey), journey)


def can_write_plan(user: Any, journey: Journey) -> bool:
    return has_plan(journey) and journey.closed_at is None and standing(user, journey).member


def can_review_plan(user: Any, journey: Journey) -> bool:
    return has_plan(journey) and journey.closed_at is None and standing(user, journey).coordinates


# --- checklist and appointments -----------------------------------------------------------


def can_work_on_tasks(user: Any, journey: Journey) -> bool:
    """Mark tasks done, assign them, plan appointments: everyone who carries a part of the
    year, not the newcomer (whose choices are their own, below) nor reception."""
    s = standing(user, journey)
    return journey.closed_at is None and (
        s.coordinates or s.builder or s.officer or s.social or s.member
    )


def can_choose_company(user: Any, journey: Journey) -> bool:
    """The newcomer decides which appointments they want company for; the community builder
    may record it for them (the newcomer may not have an account)."""
    s = standing(user, journey)
    return journey.closed_at is None and (s.newcomer or s.builder or s.coordinates)


def can_maintain_checklist_template(user: Any) -> bool:
    return is_national_coordinator(user)


# --- contact log and signals ----------------------------------------------------------------


def can_view_contacts(user: Any, journey: Journey) -> bool:
    return sees_contacts(standing(user, journey))


def can_record_contact(user: Any, journey: Journey) -> bool:
    return journey.closed_at is None and standing(user, journey).member


def can_raise_signal(user: Any, journey: Journey) -> bool:
    s = standing(user, journey)
    return journey.closed_at is None and (s.member or s.builder)


def signals_visible_to(user: Any, journey: Journey) -> QuerySet[Signal]:
    """The group and the coordinators see all of a journey's signals; a professional sees
    those routed to their party or to them."""
    s = standing(user, journey)
    signals = journey.signals.all()
    if s.member or s.builder or s.coordinates:
        return signals
    parties = s.parties
    if not parties:
        return signals.none()
    return signals.filter(Q(party__in=parties) | Q(routed_to=user))


def can_answer_signal(user: Any, signal: Signal) -> bool:
    s = standing(user, signal.journey)
    professional = s.parties - {Party.GROUP, Party.NEWCOMER}
    return s.coordinates or signal.routed_to_id == user.pk or signal.party in professional


def can_view_signal_counts(user: Any) -> bool:
    return is_national_coordinator(user) or bool(city_ids_for(user, Role.LOCAL_COORDINATOR))


# --- task matrix and resettlement plan, for a standing already worked out (cards, pages) ---


def matrix_editable_with(s: Standing, journey: Journey) -> bool:
    """The rule of can_edit_matrix, for a card that has the standing already."""
    return journey.closed_at is None and (s.coordinates or s.member)


def plan_visible_with(s: Standing, journey: Journey) -> bool:
    """The rule of can_view_plan, for a card that has the standing already."""
    return has_plan(journey) and (s.coordinates or s.builder or s.member or s.newcomer)


def sees_plan_drafts(s: Standing) -> bool:
    """The newcomer reads the plan as the coordinator approved it; drafts, the review's
    comments and earlier versions are the group's work with its coordinators."""
    return s.coordinates or s.builder or s.member


# --- appointments and calendar feeds (journeys.appointments, journeys.calendar) ----------


def appointments_visible_with(s: Standing) -> bool:
    """Everyone who takes part sees the journey's appointments (reception too: it briefs the
    group); planning them is can_work_on_tasks."""
    return s.any


def can_keep_journey_feed(user: Any, journey: Journey) -> bool:
    """A journey's calendar address lets whoever holds it read every appointment of the
    journey, so only those who plan the appointments, and the newcomer, make or revoke it."""
    return can_work_on_tasks(user, journey) or (
        journey.closed_at is None and standing(user, journey).newcomer
    )


def newcomer_journeys(user: Any) -> QuerySet[Journey]:
    """The open journeys of the user's own household, while the household takes part."""
    households = household_ids_for(user)
    if not households:
        return Journey.objects.none()
    return (
        Journey.objects.open()
        .filter(household__in=households)
        .exclude(household__stage__in=CLOSED)
        .filter(
            household__consents__purpose=ConsentPurpose.SHARE_PROFILE,
            household__consents__withdrawn_at__isnull=True,
        )
    )


def can_keep_calendar_feed(user: Any) -> bool:
    """A personal calendar address is for people who take part in an open journey."""
    return journeys_visible_to(user).filter(closed_at__isnull=True).exists()


# --- contact log and signals: the rules the cards and the lists need ---------------------


def sees_contacts(s: Standing) -> bool:
    """The rule of can_view_contacts, for a card that has the standing already."""
    return s.member or s.builder or s.coordinates


def can_change_contact(user: Any, entry: ContactEntry) -> bool:
    """Only the member who recorded a contact corrects or removes it, while the year runs."""
    return entry.recorded_by_id == user.pk and can_record_contact(user, entry.journey)


def sees_signals(s: Standing) -> bool:
    """The group, the community builder, the coordinators and the professionals (each only
    their own party's signals, see signals_visible_to); not the newcomer."""
    return s.member or s.staff


def can_view_signals(user: Any, journey: Journey) -> bool:
    return sees_signals(standing(user, journey))


def signal_count_city_ids(user: Any) -> set[int] | None:
    """The cities whose signals a coordinator counts; None: every city (national)."""
    if is_national_coordinator(user):
        return None
    return city_ids_for(user, Role.LOCAL_COORDINATOR)


def can_list_journeys(user: Any) -> bool:
    """Anyone who could take part in a journey: the city's staff, groups and newcomers."""
    return (
        is_national_coordinator(user)
        or _network_reception(user)
        or any(_staff_cities(user).values())
        or bool(group_ids_for(user) or household_ids_for(user))
    )
