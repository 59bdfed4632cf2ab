"""What a person's active role assignments grant, read once per request.

The assignments are loaded fresh for every request (request.user is a new object each
time), so revoking a role takes effect on the next request.
"""

from typing import Any

from samenhier.accounts.models import RoleAssignment
from samenhier.accounts.roles import STAFF_ROLES, Role

_CACHE_ATTR = "_samenhier_assignments"


def assignments_of(user: Any) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("city", "organisation__city", "group__city", "household__city")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_assignments(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: Any) -> set[str]:
    return {a.role for a in assignments_of(user)}


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_national_coordinator(user: Any) -> bool:
    return has_role(user, Role.NATIONAL_COORDINATOR)


def is_staff_member(user: Any) -> bool:
    return bool(roles_of(user) & STAFF_ROLES)


def city_ids_for(user: Any, *roles: str) -> set[int]:
    """The cities in which the user holds one of `roles` (any role when none are given)."""
    ids: set[int] = set()
    for a in assignments_of(user):
        if roles and a.role not in roles:
            continue
        if a.city_id is not None:
            ids.add(a.city_id)
        elif a.organisation is not None and a.organisation.city_id is not None:
            ids.add(a.organisation.city_id)
        elif a.group is not None:
            ids.add(a.group.city_id)
        elif a.household is not None:
            ids.add(a.household.city_id)
    return ids


def group_ids_for(user: Any) -> set[int]:
    return {a.group_id for a in assignments_of(user) if a.group_id is not None}


def household_ids_for(user: Any) -> set[int]:
    return {a.household_id for a in assignments_of(user) if a.household_id is not None}
