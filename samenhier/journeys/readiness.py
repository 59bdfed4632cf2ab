"""Ready for arrival: the six pre-departure conditions of DOMAIN.md, each read from the data.

Nothing here is ticked by hand: a condition is met when the thing it asks for is in the
system (the matrix, the approved plan, attendance, the recorded meetings, the consent). The
page names, for each open condition, who can close it and where.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samenhier.groups import requirements
from samenhier.groups.models import GroupKind
from samenhier.journeys import matrix, plan, policies
from samenhier.journeys.models import Journey, JourneyEvent, Meeting
from samenhier.journeys.parties import MeetingKind
from samenhier.learning.models import Module
from samenhier.network.services import claim
from samenhier.newcomers import services as household_services
from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.models import ConsentPurpose


@dataclass(frozen=True)
class Condition:
    key: str
    label: Promise
    met: bool
    # Who can close it, and where: shown while it is open.
    who: Promise
    detail: str = ""
    applies: bool = True


def conditions(journey: Journey) -> list[Condition]:
    division = matrix.current_division(journey)
    missing_domains = matrix.missing(division.cells) if division else []
    held = set(
        Meeting.objects.filter(journey=journey, held_on__isnull=False).values_list(
            "kind", flat=True
        )
    )
    household = journey.household
    training = requirements.training(journey.group, kinds=(Module.Kind.START,))
    sponsor = journey.group.kind == GroupKind.SPONSOR
    informed = household.information_meetings.exists()
    participates = ConsentPurpose.PARTICIPATION in household.active_consents()
    return [
        Condition(
            "matrix",
            _("The division of tasks and roles is on paper"),
            division is not None and matrix.is_complete(division.cells),
            _("The local coordinator and the group, on the division of tasks."),
            _("Not exactly one responsible party yet for: %(domains)s.")
            % {"domains": ", ".join(str(d.label) for d in missing_domains)}
            if division and missing_domains
            else "",
        ),
        Condition(
            "plan",
            _("The group's resettlement plan is approved"),
            plan.is_approved(journey) if sponsor else True,
            _("The group writes it; the local coordinator approves it."),
            applies=sponsor,
        ),
        Condition(
            "training",
            _("The group has completed the start training"),
            not training,
            _("The trainer records attendance at the start training."),
            " ".join(m.text for m in training),
        ),
        Condition(
            "social_support",
            _("The group has met the social support worker"),
            MeetingKind.SOCIAL_SUPPORT in held,
            _("The social support worker or the local coordinator records the meeting."),
        ),
        Condition(
            "briefing",
            _("The group was briefed on the social map and the finances"),
            MeetingKind.BRIEFING in held,
            _("The local coordinator or the community builder records the briefing."),
        ),
        Condition(
            "newcomer",
            _("The newcomer is fully informed and chose to take part"),
            informed and participates,
            _("The local coordinator records the information meeting and the consent."),
        ),
    ]


def open_conditions(journey: Journey) -> list[Condition]:
    return [c for c in conditions(journey) if c.applies and not c.met]


def mark_ready(*, actor: Any, journey: Journey) -> None:
    if not policies.can_mark_ready(actor, journey):
        raise PermissionDenied
    if journey.ready_at is not None:
        raise ValidationError(_("This journey is already ready for arrival."))
    still_open = open_conditions(journey)
    if still_open:
        raise ValidationError(
            ngettext(
                "One condition is still open: %(list)s.",
                "%(count)d conditions are still open: %(list)s.",
                len(still_open),
            )
            % {"count": len(still_open), "list": "; ".join(str(c.label) for c in still_open)}
        )
    with transaction.atomic():
        claim(
            Journey.objects.filter(pk=journey.pk, ready_at__isnull=True),
            journey.version,
            ready_at=timezone.now(),
            ready_by=actor,
        )
        JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.READY, actor=actor)
        if journey.household.stage == HouseholdStage.MATCHED:
            household_services.advance(household=journey.household, name="prepare")
    journey.refresh_from_db()


def record_meeting(
    *,
    actor: Any,
    journey: Journey,
    kind: str,
    held_on: date | None = None,
    planned_at: datetime | None = None,
) -> Meeting:
    """A pre-departure meeting held (social support, briefing) or the optional online meeting
    planned."""
    if not policies.can_record_meeting(actor, journey):
        raise PermissionDenied
    if kind not in MeetingKind.values:
        raise ValidationError(_("Unknown kind of meeting."))
    if held_on is None and planned_at is None:
        raise ValidationError(_("Give the date it was held, or when it is planned."))
    if held_on is not None and held_on > timezone.localdate():
        raise ValidationError(_("A date cannot be in the future."))
    return Meeting.objects.create(
        journey=journey, kind=kind, held_on=held_on, planned_at=planned_at, recorded_by=actor
    )
