"""Every write about households: referral, information, consent, stopping."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.accounts.models import RoleAssignment
from samenhier.accounts.roles import Role
from samenhier.newcomers import policies
from samenhier.newcomers.lifecycle import CLOSED, HouseholdStage
from samenhier.newcomers.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    FamilyMember,
    Household,
    InformationMeeting,
)


def refer(*, actor: Any, data: dict[str, Any], family: list[dict[str, Any]]) -> Household:
    city = data["city"]
    if not policies.can_refer(actor, data["track"], city.pk):
        raise PermissionDenied
    if Household.objects.filter(reference=data["reference"]).exists():
        raise ValidationError(_("A household with this reference already exists."))
    with transaction.atomic():
        household = Household.objects.create(referred_by=actor, **data)
        for person in family:
            FamilyMember.objects.create(household=household, **person)
    return household


def _move(household: Household, stage: str) -> None:
    moved = Household.objects.filter(pk=household.pk, stage=household.stage).update(
        stage=stage, stage_changed_at=timezone.now(), version=F("version") + 1
    )
    if not moved:
        raise ValidationError(
            _("Someone else changed this household in the meantime. Reload the page.")
        )
    household.refresh_from_db()


def record_information_meeting(
    *,
    actor: Any,
    household: Household,
    held_on: date,
    language: str,
    interpreter: bool,
    material_version: str,
) -> InformationMeeting:
    if not policies.manages(actor, household):
        raise PermissionDenied
    if held_on > timezone.localdate():
        raise ValidationError(_("A date cannot be in the future."))
    with transaction.atomic():
        meeting = InformationMeeting.objects.create(
            household=household,
            held_on=held_on,
            held_by=actor,
            language=language,
            interpreter=interpreter,
            material_version=material_version,
        )
        if household.stage == HouseholdStage.REFERRED:
            _move(household, HouseholdStage.INFORMED)
    return meeting


def record_consent(
    *, actor: Any, household: Household, purposes: list[str], text: ConsentText, method: str
) -> list[Consent]:
    """Consent per purpose, with the text's version and language and who witnessed it."""
    if not policies.manages(actor, household):
        raise PermissionDenied
    if household.stage in CLOSED:
        raise ValidationError(_("This household no longer takes part."))
    if not household.information_meetings.exists():
        raise ValidationError(_("Record the information meeting first: consent must be informed."))
    with transaction.atomic():
        given = []
        for purpose in purposes:
            if household.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
                continue
            given.append(
                Consent.objects.create(
                    household=household,
                    purpose=purpose,
                    text=text,
                    method=method,
                    witnessed_by=actor,
                )
            )
        if household.stage == HouseholdStage.INFORMED and ConsentPurpose.PARTICIPATION in purposes:
            _move(household, HouseholdStage.CONSENTED)
    return given


def withdraw_consent(*, actor: Any, household: Household, purpose: str) -> None:
    """Takes effect at once: access that rests on this consent is checked on every request."""
    if not policies.can_withdraw_consent(actor, household):
        raise PermissionDenied
    with transaction.atomic():
        changed = household.consents.filter(purpose=purpose, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if not changed:
            raise ValidationError(_("There is no consent for this purpose to withdraw."))
        if purpose == ConsentPurpose.PARTICIPATION and household.stage not in CLOSED:
            stop(actor=actor, household=household, alternative_support="", via_withdrawal=True)


def stop(
    *, actor: Any, household: Household, alternative_support: str, via_withdrawal: bool = False
) -> None:
    """The newcomer stops, at any time and without consequences; the retention clock starts."""
    if not via_withdrawal and not policies.can_withdraw_consent(actor, household):
        raise PermissionDenied
    if household.stage in CLOSED:
        raise ValidationError(_("This household no longer takes part."))
    with transaction.atomic():
        Household.objects.filter(pk=household.pk).update(alternative_support=alternative_support)
        _move(household, HouseholdStage.STOPPED)
        # Nobody keeps access through the case but the newcomer and the coordinators.
        RoleAssignment.objects.active().filter(household=household).exclude(
            role=Role.NEWCOMER
        ).update(revoked_at=timezone.now(), revoked_by=actor)


def transition(*, actor: Any, household: Household, name: str) -> None:
    """Take a step of the case by hand (transitions.TRANSITIONS), if its guard is met."""
    from samenhier.newcomers.transitions import BY_NAME

    step = BY_NAME.get(name)
    if not policies.manages(actor, household):
        raise PermissionDenied
    if step is None or step.automatic or household.stage not in step.sources:
        raise ValidationError(_("This step is not possible now."))
    missing = step.guard(household) if step.guard else []
    if missing:
        raise ValidationError(_("Still missing: %(items)s.") % {"items": ", ".join(missing)})
    with transaction.atomic():
        _move(household, step.target)
