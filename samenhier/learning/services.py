"""Every write about training: sessions, registrations, attendance."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.accounts.scoping import city_ids_for
from samenhier.groups.models import Member
from samenhier.learning import policies
from samenhier.learning.models import Module, Registration, TrainingSession


def plan_session(*, actor: Any, data: dict[str, Any]) -> TrainingSession:
    city = data.get("city")
    allowed = policies.can_plan_sessions(actor) and (
        policies.can_manage_curriculum(actor)
        or (city is not None and city.pk in city_ids_for(actor))
    )
    if not allowed:
        raise PermissionDenied
    if data["ends_at"] <= data["starts_at"]:
        raise ValidationError(_("A session ends after it starts."))
    return TrainingSession.objects.create(**data)


def save_module(*, actor: Any, module: Module) -> Module:
    if not policies.can_manage_curriculum(actor):
        raise PermissionDenied
    module.save()
    return module


def register(*, actor: Any, session: TrainingSession, member: Member) -> Registration:
    """A member takes a place; the count is checked under a lock, so two last-minute
    registrations cannot both take the final place."""
    if member.user_id != actor.pk or member.left_at is not None:
        raise PermissionDenied
    if session.city_id is not None and session.city_id != member.group.city_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("This session has already started."))
        if locked.registrations.count() >= locked.capacity:
            raise ValidationError(_("This session is full. Choose another date."), code="full")
        try:
            with transaction.atomic():
                return Registration.objects.create(session=locked, member=member)
        except IntegrityError:
            raise ValidationError(_("You are already registered for this session.")) from None


def unregister(*, actor: Any, registration: Registration) -> None:
    if registration.member.user_id != actor.pk:
        raise PermissionDenied
    if registration.session.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started."))
    registration.delete()


def record_attendance(
    *, actor: Any, session: TrainingSession, attended: dict[int, bool]
) -> list[Registration]:
    if not policies.can_manage_session(actor, session):
        raise PermissionDenied
    if session.starts_at > timezone.now():
        raise ValidationError(
            _("Attendance can be recorded once the session has started."), code="not_started"
        )
    hours = session.module.hours
    updated = []
    with transaction.atomic():
        for registration in session.registrations.select_for_update():
            if registration.pk not in attended:
                continue
            registration.attended = attended[registration.pk]
            registration.hours = hours if registration.attended else Decimal("0")
            registration.recorded_by = actor
            registration.save(update_fields=["attended", "hours", "recorded_by"])
            updated.append(registration)
    return updated


def hours_by_member(members: list[Member]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {m.pk: Decimal("0") for m in members}
    for member_id, hours in Registration.objects.filter(
        member__in=members, attended=True
    ).values_list("member_id", "hours"):
        totals[member_id] += hours or Decimal("0")
    return totals
