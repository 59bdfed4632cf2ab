"""Need to know: who sees which household, and which of its details."""

from typing import Any

from django.db.models import Q, QuerySet

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import (
    city_ids_for,
    group_ids_for,
    has_role,
    household_ids_for,
    is_national_coordinator,
)
from samenhier.newcomers.lifecycle import CLOSED, Track
from samenhier.newcomers.models import ConsentPurpose, Household

# Roles that work with the households of their city before a match (referral, consent).
CITY_HOUSEHOLD_ROLES = (Role.LOCAL_COORDINATOR, Role.MUNICIPALITY_OFFICER)


def households_visible_to(user: Any) -> QuerySet[Household]:
    if is_national_coordinator(user):
        return Household.objects.all()
    cities = city_ids_for(user, *CITY_HOUSEHOLD_ROLES)
    own = household_ids_for(user)
    supported = supported_by(user)
    if not cities and not own and supported is None:
        return Household.objects.none()
    condition = Q(city__in=cities) | Q(pk__in=own)
    if supported is not None:
        condition |= Q(pk__in=supported)
    return Household.objects.filter(condition)


def supported_by(user: Any) -> QuerySet[Household, Any] | None:
    """The households a user supports in a confirmed match: their group's, or (community
    builder) any in their city. Only while the journey is open, the household takes part and
    lets a group see its profile: stopping or withdrawing that consent ends it at once.
    None when the user has no such role, to spare the query."""
    groups = group_ids_for(user)
    builder_cities = city_ids_for(user, Role.COMMUNITY_BUILDER)
    if not groups and not builder_cities:
        return None
    return (
        Household.objects.filter(
            Q(journeys__group__in=groups) | Q(journeys__group__city__in=builder_cities),
            journeys__closed_at__isnull=True,
        )
        .filter(consents__purpose=ConsentPurpose.SHARE_PROFILE, consents__withdrawn_at__isnull=True)
        .exclude(stage__in=CLOSED)
        .values("pk")
    )


def supports(user: Any, household: Household) -> bool:
    supported = supported_by(user)
    return supported is not None and supported.filter(pk=household.pk).exists()


def can_view_pipeline(user: Any) -> bool:
    return is_national_coordinator(user) or has_role(user, *CITY_HOUSEHOLD_ROLES)


def manages(user: Any, household: Household) -> bool:
    """Case work: the national coordinator and the city's local coordinator."""
    return is_national_coordinator(user) or household.city_id in city_ids_for(
        user, Role.LOCAL_COORDINATOR
    )


def can_view_identity(user: Any, household: Household) -> bool:
    """Name and contact data."""
    if manages(user, household) or household.pk in household_ids_for(user):
        return True
    if supports(user, household):
        return True
    if household.city_id in city_ids_for(user, Role.MUNICIPALITY_OFFICER):
        # The municipality already knows the permit holders it houses; for resettlement it
        # learns who is coming only with the newcomer's consent.
        return (
            household.track == Track.IN_COUNTRY
            or ConsentPurpose.SHARE_MUNICIPALITY in household.active_consents()
        )
    return False


def can_view_case(user: Any, household: Household) -> bool:
    """The case file (information, consent, steps): not the group, which needs only to know
    whom it welcomes."""
    return acts_for(user, household) or household.city_id in city_ids_for(
        user, *CITY_HOUSEHOLD_ROLES
    )


def acts_for(user: Any, household: Household) -> bool:
    """The newcomer themselves, or a coordinator on their behalf."""
    return manages(user, household) or household.pk in household_ids_for(user)


def can_view_vulnerability_details(user: Any, household: Household) -> bool:
    return acts_for(user, household)


def can_refer(user: Any, track: str, city_id: int | None) -> bool:
    if track == Track.RESETTLEMENT:
        return is_national_coordinator(user)
    return is_national_coordinator(user) or (
        city_id is not None and city_id in city_ids_for(user, *CITY_HOUSEHOLD_ROLES)
    )


def referral_tracks(user: Any) -> list[str]:
    tracks: list[str] = [Track.RESETTLEMENT] if is_national_coordinator(user) else []
    if is_national_coordinator(user) or has_role(user, *CITY_HOUSEHOLD_ROLES):
        tracks.append(Track.IN_COUNTRY)
    return tracks


def can_withdraw_consent(user: Any, household: Household) -> bool:
    return acts_for(user, household)


def can_review_access(user: Any) -> bool:
    return is_national_coordinator(user)


def can_manage_consent_texts(user: Any) -> bool:
    return is_national_coordinator(user)


def can_export(user: Any, household: Household) -> bool:
    """The right of access."""
    return acts_for(user, household)
