"""Appointments of the year: what, when, where, who goes, and whether the newcomer wants
company. The newcomer always goes (the appointments are theirs); `attendees` are the others.

Planning, changing and cancelling belong to everyone who carries a part of the year
(policies.can_work_on_tasks); the choice of company is the newcomer's own
(policies.can_choose_company), so someone who may not choose it cannot change it either.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.journeys import policies
from samenhier.journeys.models import Appointment, Journey, Task
from samenhier.journeys.parties import Company, Party
from samenhier.mail import people_in_city
from samenhier.network.services import STALE_MESSAGE, StaleEdit, claim

# Times are entered and shown as the clock on the wall in the Netherlands.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def attendee_candidates(
    journey: Journey, *, actor: Any = None, appointment: Appointment | None = None
) -> QuerySet[User]:
    """Who may be put down as going: the group's members with an account, the journey's
    contact persons (the professionals, the community builder), the city's community
    builders while the journey has none appointed, and whoever plans it. Not a directory of
    the city: only people already in the journey. Those already going stay choosable, so
    an edit by someone else does not silently drop them."""
    condition = Q(
        assignments__role=Role.GROUP_MEMBER,
        assignments__group_id=journey.group_id,
        assignments__revoked_at__isnull=True,
    ) | Q(pk__in=journey.contact_persons.values("person"))
    if not journey.contact_persons.filter(party=Party.COMMUNITY_BUILDER).exists():
        condition |= Q(
            pk__in=people_in_city(Role.COMMUNITY_BUILDER, journey.household.city_id).values("pk")
        )
    if actor is not None and getattr(actor, "pk", None) is not None:
        condition |= Q(pk=actor.pk)
    if appointment is not None and appointment.pk is not None:
        condition |= Q(pk__in=appointment.attendees.values("pk"))
    return User.objects.filter(condition, is_active=True).distinct().order_by("full_name")


def newcomer_accounts(journey: Journey) -> QuerySet[User]:
    """The newcomer's own accounts: an active newcomer role on the journey's household."""
    return User.objects.filter(
        assignments__role=Role.NEWCOMER,
        assignments__household_id=journey.household_id,
        assignments__revoked_at__isnull=True,
        is_active=True,
    ).distinct()


def open_appointment_tasks(journey: Journey) -> QuerySet[Task]:
    """The checklist's appointment lines that are not done yet, to plan an appointment for."""
    return journey.tasks.filter(is_appointment=True, done_at__isnull=True)


def time_errors(
    starts_at: datetime | None,
    ends_at: datetime | None,
    *,
    now: datetime,
    check_future: bool = True,
) -> dict[str, str]:
    """What is wrong with a start and an end, per field. A new (or moved) appointment starts
    in the future; an appointment that already took place may still be corrected."""
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = _("Say when the appointment starts.")
        return errors
    if check_future and starts_at <= now:
        errors["starts_at"] = _("The appointment must start in the future.")
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The appointment must end after it starts.")
    return errors


def is_moved(old: datetime, new: datetime) -> bool:
    """Whether the start changed; the form shows minutes, so seconds do not count."""
    return old.replace(second=0, microsecond=0) != new.replace(second=0, microsecond=0)


def default_company(task: Task | None) -> str:
    return task.company if task is not None else Company.UNASKED


def _check_company(actor: Any, journey: Journey, company: str, unchanged: str) -> None:
    if company not in Company.values:
        raise ValidationError({"company": _("Choose one of the options.")})
    if company != unchanged and not policies.can_choose_company(actor, journey):
        raise PermissionDenied


def _check_attendees(
    attendees: Iterable[User], journey: Journey, actor: Any, appointment: Appointment | None
) -> list[User]:
    chosen = list(attendees)
    allowed = set(
        attendee_candidates(journey, actor=actor, appointment=appointment).values_list(
            "pk", flat=True
        )
    )
    if any(person.pk not in allowed for person in chosen):
        raise ValidationError(
            {"attendees": _("Only people who take part in this journey can go along.")}
        )
    return chosen


def _check_text(title: str, place: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Say what the appointment is.")
    elif len(title) > 150:
        errors["title"] = _("Keep the title under 150 characters.")
    if len(place) > 200:
        errors["place"] = _("Keep the place under 200 characters.")
    return errors


def plan_appointment(
    *,
    actor: Any,
    journey: Journey,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str,
    attendees: Iterable[User],
    company: str,
    task: Task | None = None,
) -> Appointment:
    if not policies.can_work_on_tasks(actor, journey):
        raise PermissionDenied
    if task is not None and (task.journey_id != journey.pk or not task.is_appointment):
        raise ValidationError({"task": _("Choose an appointment of this journey's checklist.")})
    _check_company(actor, journey, company, default_company(task))
    errors = {**_check_text(title, place), **time_errors(starts_at, ends_at, now=timezone.now())}
    if errors:
        raise ValidationError(errors)
    chosen = _check_attendees(attendees, journey, actor, None)
    with transaction.atomic():
        appointment = Appointment.objects.create(
            journey=journey,
            task=task,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            company=company,
            created_by=actor,
        )
        appointment.attendees.set(chosen)
    return appointment


def _bump(appointment: Appointment, version: int | None, **changes: Any) -> None:
    """Write `changes` only if nobody changed the appointment since `version` was read; the
    check and the write are one UPDATE, so of two people saving at once one is told."""
    if version is None:  # a form that lost its version cannot be trusted to be current
        raise StaleEdit(_(STALE_MESSAGE))
    try:
        claim(
            Appointment.objects.filter(pk=appointment.pk, cancelled_at__isnull=True),
            version,
            **changes,
        )
    except StaleEdit:
        if Appointment.objects.filter(pk=appointment.pk, cancelled_at__isnull=False).exists():
            raise ValidationError(_("This appointment has been cancelled.")) from None
        raise
    appointment.refresh_from_db()


def change_appointment(
    *,
    actor: Any,
    appointment: Appointment,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str,
    attendees: Iterable[User],
    company: str,
    version: int | None,
) -> Appointment:
    journey = appointment.journey
    if not policies.can_work_on_tasks(actor, journey):
        raise PermissionDenied
    _check_company(actor, journey, company, appointment.company)
    moved = is_moved(appointment.starts_at, starts_at)
    if not moved:
        starts_at = appointment.starts_at
    errors = {
        **_check_text(title, place),
        **time_errors(starts_at, ends_at, now=timezone.now(), check_future=moved),
    }
    if errors:
        raise ValidationError(errors)
    chosen = _check_attendees(attendees, journey, actor, appointment)
    changes: dict[str, Any] = {
        "title": title.strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place.strip(),
        "company": company,
    }
    if moved:
        # A moved appointment is reminded again the day before its new date.
        changes["reminded_at"] = None
    with transaction.atomic():
        _bump(appointment, version, **changes)
        appointment.attendees.set(chosen)
    return appointment


def cancel_appointment(*, actor: Any, appointment: Appointment, version: int | None) -> Appointment:
    if not policies.can_work_on_tasks(actor, appointment.journey):
        raise PermissionDenied
    with transaction.atomic():
        _bump(appointment, version, cancelled_at=timezone.now())
    return appointment


def choose_company(
    *, actor: Any, appointment: Appointment, company: str, version: int | None
) -> Appointment:
    """The newcomer says whether they want someone to come along (or the community builder
    records it for them)."""
    if not policies.can_choose_company(actor, appointment.journey):
        raise PermissionDenied
    if company not in Company.values:
        raise ValidationError({"company": _("Choose one of the options.")})
    with transaction.atomic():
        _bump(appointment, version, company=company)
    return appointment


def upcoming(appointments: QuerySet[Appointment], now: datetime) -> QuerySet[Appointment]:
    """Not over yet: it starts later, or it is still going on."""
    return appointments.filter(Q(starts_at__gte=now) | Q(ends_at__gt=now))


def past(appointments: QuerySet[Appointment], now: datetime) -> QuerySet[Appointment]:
    return appointments.filter(starts_at__lt=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__lte=now)
    )
