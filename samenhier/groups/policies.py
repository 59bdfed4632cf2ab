"""Who may see and do what with groups."""

from typing import Any

from django.db.models import Q, QuerySet

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import (
    city_ids_for,
    group_ids_for,
    has_role,
    is_national_coordinator,
)
from samenhier.groups.lifecycle import Transition
from samenhier.groups.models import Group

# Roles that follow every group of their city; others see only groups they belong to.
CITY_GROUP_ROLES = (Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER)


def groups_visible_to(user: Any) -> QuerySet[Group]:
    if is_national_coordinator(user):
        return Group.objects.all()
    cities = city_ids_for(user, *CITY_GROUP_ROLES)
    own = group_ids_for(user)
    if not cities and not own:
        return Group.objects.none()
    return Group.objects.filter(Q(city__in=cities) | Q(pk__in=own))


def coordinates(user: Any, group: Group) -> bool:
    """The group's city coordinator, or the national coordinator."""
    return is_national_coordinator(user) or group.city_id in city_ids_for(
        user, Role.LOCAL_COORDINATOR
    )


def can_view_pipeline(user: Any) -> bool:
    return is_national_coordinator(user) or has_role(
        user, Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER
    )


def can_view_contact_details(user: Any, group: Group) -> bool:
    """Members' phone numbers and addresses: coordinators and the group itself."""
    return coordinates(user, group) or group.pk in group_ids_for(user)


def can_read_intake_notes(user: Any, group: Group) -> bool:
    return coordinates(user, group)


def can_transition(user: Any, group: Group, transition: Transition) -> bool:
    return not transition.automatic and coordinates(user, group)


def can_override(user: Any, group: Group, transition: Transition) -> bool:
    return transition.overridable and is_national_coordinator(user)


def is_member_of(user: Any, group: Group) -> bool:
    return group.pk in group_ids_for(user)
