"""The contact persons of a journey: one fixed person per party (aanspreekpunt)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.journeys import policies
from samenhier.journeys.models import ContactPerson, Journey, JourneyEvent
from samenhier.journeys.parties import CONTACT_PARTIES, Party
from samenhier.mail import addressed, tell_with

# The role that stands for a party in the city.
PARTY_ROLE: dict[str, str] = {
    Party.MUNICIPALITY: Role.MUNICIPALITY_OFFICER,
    Party.SOCIAL_SUPPORT: Role.SOCIAL_SUPPORT_WORKER,
    Party.LOCAL_PARTNER: Role.LOCAL_COORDINATOR,
    Party.RECEPTION: Role.RECEPTION_OFFICER,
    Party.COMMUNITY_BUILDER: Role.COMMUNITY_BUILDER,
}


def candidates(journey: Journey, party: str) -> QuerySet[User]:
    """Who can be the party's contact person: a member of the group with an account, or
    someone holding the party's role in the household's city (COA also nationally)."""
    if party == Party.GROUP:
        return User.objects.filter(
            memberships__group=journey.group,
            memberships__left_at__isnull=True,
        ).distinct()
    role = PARTY_ROLE[party]
    city = journey.household.city_id
    where = Q(assignments__city_id=city) | Q(assignments__organisation__city_id=city)
    if party == Party.RECEPTION:
        where |= Q(assignments__city__isnull=True, assignments__organisation__isnull=True)
    return User.objects.filter(
        where, assignments__role=role, assignments__revoked_at__isnull=True
    ).distinct()


def contacts_of(journey: Journey) -> dict[str, ContactPerson]:
    rows = ContactPerson.objects.filter(journey=journey).select_related("person")
    return {c.party: c for c in rows}


def appoint(*, actor: Any, journey: Journey, party: str, person: User) -> ContactPerson:
    if not policies.can_appoint_contacts(actor, journey):
        raise PermissionDenied
    if party not in CONTACT_PARTIES:
        raise ValidationError(_("Unknown party."))
    if not candidates(journey, party).filter(pk=person.pk).exists():
        raise ValidationError(_("This person cannot be the contact person for this party."))
    with transaction.atomic():
        contact, _created = ContactPerson.objects.update_or_create(
            journey=journey, party=party, defaults={"person": person}
        )
        JourneyEvent.objects.create(
            journey=journey,
            kind=JourneyEvent.Kind.CONTACT_PERSON,
            actor=actor,
            detail={"party": party},
        )
    tell_with(
        addressed([person]),
        subject=_("You are the contact person for %(reference)s"),
        template="journeys/email/contact_person.txt",
        reference=journey.household.reference,
        party=Party(party).label,
        journey=journey,
    )
    return contact


def appoint_defaults(journey: Journey) -> None:
    """At the start of the journey: the group's own contact person, and the city's contact
    at the municipality and the local partner when the city names them."""
    from samenhier.groups.models import Member

    defaults: dict[str, Any] = {}
    group_contact = (
        Member.objects.current()
        .filter(group=journey.group, is_contact=True, user__isnull=False)
        .select_related("user")
        .first()
    )
    if group_contact is not None:
        defaults[Party.GROUP] = group_contact.user
    city = journey.household.city
    if city.municipality_contact_id:
        defaults[Party.MUNICIPALITY] = city.municipality_contact
    if city.local_contact_id:
        defaults[Party.LOCAL_PARTNER] = city.local_contact
    for party, person in defaults.items():
        ContactPerson.objects.get_or_create(
            journey=journey, party=party, defaults={"person": person}
        )
