"""Arrival and the end of the year: the household and the group move with the journey."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.groups import services as group_services
from samenhier.groups.stages import GroupStage
from samenhier.journeys import policies
from samenhier.journeys.models import Journey, JourneyEvent
from samenhier.journeys.parties import JourneyOutcome
from samenhier.network.services import claim
from samenhier.newcomers import services as household_services
from samenhier.newcomers.lifecycle import HouseholdStage

BEFORE_ARRIVAL = {HouseholdStage.MATCHED, HouseholdStage.PRE_DEPARTURE}


def has_arrived(journey: Journey) -> bool:
    return journey.household.stage not in BEFORE_ARRIVAL


def _claim(journey: Journey, **changes: Any) -> None:
    """Write `changes` only if nobody changed (or closed) the journey since it was read."""
    claim(Journey.objects.filter(pk=journey.pk, closed_at__isnull=True), journey.version, **changes)


def record_arrival(*, actor: Any, journey: Journey) -> None:
    """The newcomer has arrived: the year begins for the household and the group."""
    if not policies.can_set_arrival(actor, journey):
        raise PermissionDenied
    if has_arrived(journey):
        raise ValidationError(_("The arrival is already recorded."))
    if journey.ready_at is None:
        raise ValidationError(_("The journey is not ready for arrival yet."))
    if journey.arrival_at is None or journey.arrival_at > timezone.now():
        raise ValidationError(_("Set the arrival date first; it cannot be in the future."))
    with transaction.atomic():
        _claim(journey)
        household_services.advance(household=journey.household, name="arrive")
        household_services.advance(household=journey.household, name="start_year")
        group_services.advance(group=journey.group, name="start_year")
        JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.ARRIVED, actor=actor)
    journey.refresh_from_db()


def close_year(
    *,
    actor: Any,
    journey: Journey,
    final_evaluation_on: date | None,
    handover: str,
    continues_informally: str,
) -> None:
    """The closing checklist is complete: the journey ends, and with the household's stage
    the retention clock starts."""
    if not policies.can_close(actor, journey):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if not has_arrived(journey):
        raise ValidationError(_("The year has not begun: record the arrival first."))
    if final_evaluation_on is None:
        errors["final_evaluation_on"] = _("Give the date of the final evaluation.")
    elif final_evaluation_on > timezone.localdate():
        errors["final_evaluation_on"] = _("A date cannot be in the future.")
    if not handover.strip():
        errors["handover"] = _("Say which regular services take over.")
    if not continues_informally.strip():
        errors["continues_informally"] = _("Say what continues informally (or that nothing does).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _claim(
            journey,
            final_evaluation_on=final_evaluation_on,
            handover=handover.strip(),
            continues_informally=continues_informally.strip(),
            outcome=JourneyOutcome.COMPLETED,
            closed_at=timezone.now(),
        )
        household = journey.household
        if household.stage == HouseholdStage.ARRIVED:
            household_services.advance(household=household, name="start_year")
            household.refresh_from_db()
        household_services.advance(household=household, name="complete")
        if not Journey.objects.open().filter(group=journey.group).exists():
            group_services.advance(group=journey.group, name="complete")
        JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.CLOSED, actor=actor)
    journey.refresh_from_db()


def offer_group_again(*, actor: Any, journey: Journey) -> bool:
    """After the year the group may welcome someone new; True when it is available again."""
    if not policies.can_offer_group_again(actor, journey):
        raise PermissionDenied
    if journey.closed_at is None or journey.group.stage != GroupStage.COMPLETED:
        raise ValidationError(_("The group can offer itself again once its year is closed."))
    return group_services.advance(group=journey.group, name="offer_again")
