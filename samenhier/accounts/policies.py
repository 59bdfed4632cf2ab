"""Who may invite whom, and who may see and revoke role assignments."""

from typing import Any

from django.db.models import Q, QuerySet

from samenhier.accounts.models import Invitation, InvitationQuerySet, RoleAssignment
from samenhier.accounts.roles import INVITABLE_BY, STAFF_ROLES, Role
from samenhier.accounts.scoping import city_ids_for, is_national_coordinator, roles_of


def invitable_roles(user: Any) -> set[str]:
    roles: set[str] = set()
    for role in roles_of(user):
        roles |= INVITABLE_BY.get(role, frozenset())
    return roles


def can_invite(user: Any, role: str, city_id: int | None) -> bool:
    if is_national_coordinator(user):
        return role in INVITABLE_BY[Role.NATIONAL_COORDINATOR]
    local_roles = INVITABLE_BY[Role.LOCAL_COORDINATOR]
    return (
        role in local_roles
        and city_id is not None
        and city_id in city_ids_for(user, Role.LOCAL_COORDINATOR)
    )


def can_invite_anyone(user: Any) -> bool:
    return bool(invitable_roles(user))


def invitations_visible_to(user: Any) -> InvitationQuerySet:
    if is_national_coordinator(user):
        return Invitation.objects.all()
    cities = city_ids_for(user, Role.LOCAL_COORDINATOR)
    if not cities:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        Q(city__in=cities) | Q(organisation__city__in=cities),
        role__in=INVITABLE_BY[Role.LOCAL_COORDINATOR],
    )


def can_cancel_invitation(user: Any, invitation: Invitation) -> bool:
    return invitation.is_open and invitations_visible_to(user).filter(pk=invitation.pk).exists()


def assignments_visible_to(user: Any) -> QuerySet[RoleAssignment]:
    """The team overview: national sees every staff role; a local coordinator their city's."""
    if is_national_coordinator(user):
        return RoleAssignment.objects.filter(role__in=STAFF_ROLES)
    cities = city_ids_for(user, Role.LOCAL_COORDINATOR)
    if not cities:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(
        Q(city__in=cities) | Q(organisation__city__in=cities), role__in=STAFF_ROLES
    )


def can_revoke(user: Any, assignment: RoleAssignment) -> bool:
    if not assignment.is_active or assignment.user_id == user.pk:
        return False
    if is_national_coordinator(user):
        return assignment.role in STAFF_ROLES
    return (
        assignment.role in INVITABLE_BY[Role.LOCAL_COORDINATOR]
        and assignments_visible_to(user).filter(pk=assignment.pk).exists()
    )
