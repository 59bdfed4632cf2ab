"""Who is told what at each step, by e-mail in their own language, after the step commits.

Messages name the household only by its reference and never carry identity or needs: the
reader follows the link and the page shows what they may see.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.groups.models import Group
from samenhier.mail import addressed, people_in_city, tell_with
from samenhier.newcomers.lifecycle import Track
from samenhier.proposals.models import Proposal


def coordinators_for(proposal: Proposal) -> QuerySet[User]:
    """Resettlement is matched nationally, welcome groups by the city's local partner."""
    if proposal.household.track == Track.RESETTLEMENT:
        return User.objects.filter(
            assignments__role=Role.NATIONAL_COORDINATOR, assignments__revoked_at__isnull=True
        ).distinct()
    return people_in_city(Role.LOCAL_COORDINATOR, proposal.household.city_id)


def group_contacts(group: Group) -> list[tuple[str, str]]:
    """(e-mail, language) of the group's contact person(s)."""
    return _members(group, contact_only=True)


def group_members(group: Group) -> list[tuple[str, str]]:
    return _members(group, contact_only=False)


def _members(group: Group, *, contact_only: bool) -> list[tuple[str, str]]:
    members = group.members.current().select_related("user")
    if contact_only:
        members = members.filter(is_contact=True)
    return [
        (m.email, m.user.preferred_language if m.user else group.registration_language)
        for m in members
    ]


def asked_to_answer(proposal: Proposal) -> list[tuple[str, str]]:
    """Who was asked for an answer once the municipality approved: the group's contact
    person, and the community builders who speak with the newcomer."""
    return group_contacts(proposal.group) + addressed(
        people_in_city(Role.COMMUNITY_BUILDER, proposal.household.city_id)
    )


def newcomer_accounts(proposal: Proposal) -> QuerySet[User]:
    return User.objects.filter(
        assignments__household_id=proposal.household_id, assignments__revoked_at__isnull=True
    ).distinct()


def link_to(proposal: Proposal) -> str:
    return settings.SITE_URL + reverse("proposals:detail", args=[proposal.pk])


def link_to_waiting() -> str:
    """The proposals that wait for the municipality's approval."""
    return settings.SITE_URL + reverse("proposals:proposals") + "?status=municipality"


def tell(
    recipients: Iterable[tuple[str, str]], *, subject: Promise, template: str, **context: Any
) -> None:
    tell_with(recipients, subject=subject, template=f"proposals/email/{template}.txt", **context)


__all__ = ["addressed", "people_in_city", "tell"]
