"""The group's signalling function (DOMAIN.md: "Keeping it working"): a problem the group runs
into reaches the party responsible for it, is followed up, and the group hears the answer.

Routing: each topic has a default party; when the journey's division of tasks names a party
responsible for the matching domain, that party gets it instead. Within the party, the
journey's contact person gets it, or else everyone of that party in the city.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.groups.models import Member
from samenhier.journeys import policies
from samenhier.journeys.models import ContactPerson, Journey, Signal, TaskDivision
from samenhier.journeys.parties import (
    MATRIX_PARTIES,
    Domain,
    MatrixRole,
    Party,
    SignalStatus,
    SignalTopic,
)
from samenhier.mail import addressed, people_in_city, tell_with
from samenhier.network.services import STALE_MESSAGE, StaleEdit, claim

MAX_TEXT = 4000

DEFAULT_PARTY: dict[str, Party] = {
    SignalTopic.LETTERS: Party.MUNICIPALITY,
    SignalTopic.FINANCES: Party.MUNICIPALITY,
    SignalTopic.HOUSING: Party.MUNICIPALITY,
    SignalTopic.CARE: Party.SOCIAL_SUPPORT,
    SignalTopic.DISCRIMINATION: Party.LOCAL_PARTNER,
    SignalTopic.OTHER: Party.COMMUNITY_BUILDER,
}
# The topics the division of tasks speaks about, and the domain it calls them.
TOPIC_DOMAIN: dict[str, Domain] = {
    SignalTopic.HOUSING: Domain.HOUSING,
    SignalTopic.FINANCES: Domain.INCOME,
    SignalTopic.CARE: Domain.HEALTH,
}
# The parties a signal can be routed to, and who acts for each in a city. The group and the
# newcomer are parties of the matrix too, but a signal raised by the group must leave it.
PARTY_ROLE: dict[Party, Role] = {
    Party.MUNICIPALITY: Role.MUNICIPALITY_OFFICER,
    Party.SOCIAL_SUPPORT: Role.SOCIAL_SUPPORT_WORKER,
    Party.LOCAL_PARTNER: Role.LOCAL_COORDINATOR,
    Party.COMMUNITY_BUILDER: Role.COMMUNITY_BUILDER,
    Party.RECEPTION: Role.RECEPTION_OFFICER,
}
# Where a signal may go from each status; the same status again saves a changed answer.
NEXT_STATUSES: dict[str, tuple[SignalStatus, ...]] = {
    SignalStatus.OPEN: (SignalStatus.IN_PROGRESS, SignalStatus.ANSWERED, SignalStatus.CLOSED),
    SignalStatus.IN_PROGRESS: (SignalStatus.ANSWERED, SignalStatus.CLOSED),
    SignalStatus.ANSWERED: (SignalStatus.IN_PROGRESS, SignalStatus.CLOSED),
    SignalStatus.CLOSED: (),
}
STILL_OPEN = (SignalStatus.OPEN, SignalStatus.IN_PROGRESS)


def responsible_party(topic: str, cells: Mapping[str, Mapping[str, str]]) -> Party:
    """The party a signal about `topic` goes to, given the division of tasks' cells."""
    domain = TOPIC_DOMAIN.get(topic)
    if domain is not None:
        row = cells.get(domain) or {}
        for party in MATRIX_PARTIES:
            if party in PARTY_ROLE and row.get(party) == MatrixRole.RESPONSIBLE:
                return party
    return DEFAULT_PARTY[topic]


def route(journey: Journey, topic: str) -> tuple[Party, User | None]:
    division = TaskDivision.objects.filter(journey=journey).order_by("-number").first()
    party = responsible_party(topic, division.cells if division else {})
    contact = (
        ContactPerson.objects.filter(journey=journey, party=party).select_related("person").first()
    )
    return party, contact.person if contact else None


def handlers(signal: Signal) -> list[User]:
    """Who is told of a new signal: the routed contact person, else the party in the city."""
    if signal.routed_to is not None:
        return [signal.routed_to]
    role = PARTY_ROLE.get(Party(signal.party))
    if role is None:
        return []
    return list(people_in_city(role, signal.journey.household.city_id))


def allowed_statuses(signal: Signal) -> tuple[SignalStatus, ...]:
    current = SignalStatus(signal.status)
    following = NEXT_STATUSES[current]
    if not following:
        return ()
    same = (current,) if current != SignalStatus.OPEN else ()
    return same + following


def _link(signal: Signal) -> str:
    return settings.SITE_URL + reverse(
        "journeys:signal", kwargs={"pk": signal.journey_id, "signal_pk": signal.pk}
    )


def _mail_context(signal: Signal) -> dict[str, Any]:
    return {
        "reference": signal.journey.household.reference,
        "topic": SignalTopic(signal.topic).label,
        "party": Party(signal.party).label,
        "link": _link(signal),
    }


# --- writes ---------------------------------------------------------------------------------


def raise_signal(*, actor: Any, journey: Journey, topic: str, description: str) -> Signal:
    if not policies.can_raise_signal(actor, journey):
        raise PermissionDenied
    description = description.strip()
    errors: dict[str, str] = {}
    if topic not in SignalTopic.values:
        errors["topic"] = _("Choose what the signal is about.")
    if not description:
        errors["description"] = _("Describe what is going on.")
    elif len(description) > MAX_TEXT:
        errors["description"] = _("Keep it under %(most)s characters.") % {"most": MAX_TEXT}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        party, person = route(journey, topic)
        signal = Signal.objects.create(
            journey=journey,
            topic=topic,
            description=description,
            party=party,
            routed_to=person,
            raised_by=actor,
        )
        tell_with(
            addressed(handlers(signal)),
            subject=gettext_lazy("A signal for %(reference)s"),
            template="journeys/email/signal_raised.txt",
            **_mail_context(signal),
        )
    return signal


def follow_up(
    *, actor: Any, signal: Signal, status: str, answer: str, version: int | None
) -> Signal:
    """Move a signal on and (re)write its answer; refuses an edit made on an old copy.

    The flow is checked against the stored status, not `signal`'s: a bound form has already
    written the requested status onto the instance."""
    if not policies.can_answer_signal(actor, signal):
        raise PermissionDenied
    answer = answer.strip()
    with transaction.atomic():
        stored = Signal.objects.select_for_update().filter(pk=signal.pk).first()
        if stored is None or stored.version != version:
            raise StaleEdit(_(STALE_MESSAGE))
        errors: dict[str, str] = {}
        if status not in allowed_statuses(stored):
            errors["status"] = _("A signal cannot go from “%(now)s” to this status.") % {
                "now": stored.get_status_display()
            }
        if status == SignalStatus.ANSWERED and not answer:
            errors["answer"] = _("Write the answer the group will read.")
        if len(answer) > MAX_TEXT:
            errors["answer"] = _("Keep it under %(most)s characters.") % {"most": MAX_TEXT}
        if errors:
            raise ValidationError(errors)
        newly_answered = status == SignalStatus.ANSWERED and stored.status != SignalStatus.ANSWERED
        changes: dict[str, Any] = {"status": status, "answer": answer}
        if newly_answered:
            changes |= {"answered_by": actor, "answered_at": timezone.now()}
        claim(Signal.objects.filter(pk=signal.pk), version, **changes)
        for name, value in changes.items():
            setattr(signal, name, value)
        signal.version = stored.version + 1
        if newly_answered:
            tell_with(
                addressed(_group_and_raiser(signal)),
                subject=gettext_lazy("An answer to a signal for %(reference)s"),
                template="journeys/email/signal_answered.txt",
                **_mail_context(signal),
            )
    return signal


def _group_and_raiser(signal: Signal) -> list[User]:
    members = Member.objects.current().filter(group_id=signal.journey.group_id)
    people = list(User.objects.filter(pk__in=members.values("user_id")).order_by("pk"))
    if signal.raised_by is not None and signal.raised_by not in people:
        people.append(signal.raised_by)
    return people
