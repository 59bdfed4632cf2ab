"""The roles of DOMAIN.md and the scopes each may be granted in, as data."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    LOCAL_COORDINATOR = "local_coordinator", _("Local coordinator")
    COMMUNITY_BUILDER = "community_builder", _("Community builder")
    MUNICIPALITY_OFFICER = "municipality_officer", _("Municipality officer")
    SOCIAL_SUPPORT_WORKER = "social_support_worker", _("Social support worker")
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    GROUP_MEMBER = "group_member", _("Group member")
    NEWCOMER = "newcomer", _("Newcomer")


class Scope(StrEnum):
    NETWORK = "network"
    CITY = "city"
    ORGANISATION = "organisation"
    GROUP = "group"
    HOUSEHOLD = "household"


# Every role but group member and newcomer works with other people's data: MFA is required.
STAFF_ROLES: frozenset[str] = frozenset(Role.values) - {Role.GROUP_MEMBER, Role.NEWCOMER}

ALLOWED_SCOPES: dict[str, frozenset[Scope]] = {
    Role.NATIONAL_COORDINATOR: frozenset({Scope.NETWORK}),
    Role.LOCAL_COORDINATOR: frozenset({Scope.CITY, Scope.ORGANISATION}),
    Role.COMMUNITY_BUILDER: frozenset({Scope.CITY, Scope.ORGANISATION}),
    Role.MUNICIPALITY_OFFICER: frozenset({Scope.CITY, Scope.ORGANISATION}),
    Role.SOCIAL_SUPPORT_WORKER: frozenset({Scope.CITY, Scope.ORGANISATION}),
    Role.RECEPTION_OFFICER: frozenset({Scope.NETWORK, Scope.CITY}),
    Role.GROUP_MEMBER: frozenset({Scope.GROUP}),
    Role.NEWCOMER: frozenset({Scope.HOUSEHOLD}),
}

# Who may invite whom (DOMAIN.md): the national coordinator runs the network; a local
# coordinator builds the team around the groups of their own city.
INVITABLE_BY: dict[str, frozenset[str]] = {
    Role.NATIONAL_COORDINATOR: frozenset(
        {
            Role.NATIONAL_COORDINATOR,
            Role.LOCAL_COORDINATOR,
            Role.MUNICIPALITY_OFFICER,
            Role.RECEPTION_OFFICER,
            Role.COMMUNITY_BUILDER,
            Role.SOCIAL_SUPPORT_WORKER,
        }
    ),
    Role.LOCAL_COORDINATOR: frozenset(
        {Role.COMMUNITY_BUILDER, Role.SOCIAL_SUPPORT_WORKER, Role.RECEPTION_OFFICER}
    ),
}
