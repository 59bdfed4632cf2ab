"""Every write about households: referral, information, consent, stopping."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.newcomers import policies
from samenhier.newcomers.lifecycle import CLOSED
from samenhier.newcomers.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    FamilyMember,
    Household,
    InformationMeeting,
)
from samenhier.newcomers.signals import household_left
from samenhier.newcomers.transitions import BY_NAME

Referral = tuple[dict[str, Any], list[dict[str, Any]]]  # the household's data, its family


def refer(*, actor: Any, data: dict[str, Any], family: list[dict[str, Any]]) -> Household:
    return refer_many(actor=actor, referrals=[(data, family)])[0]


def refer_many(*, actor: Any, referrals: list[Referral]) -> list[Household]:
    """Create the households and their families, all or none.

    The reference is unique in the database, so a second import of the same rows, or a race
    with another one, fails as a whole instead of creating doubles.
    """
    if not all(policies.can_refer(actor, data["track"], data["city"].pk) for data, _f in referrals):
        raise PermissionDenied
    try:
        with transaction.atomic():
            created = []
            for data, family in referrals:
                household = Household.objects.create(referred_by=actor, **data)
                FamilyMember.objects.bulk_create(
                    FamilyMember(household=household, **person) for person in family
                )
                created.append(household)
    except IntegrityError as error:
        raise ValidationError(
            _("A household with this reference already exists."), code="duplicate"
        ) from error
    return created


def _take(household: Household, name: str) -> None:
    """Take the step `name` of transitions.TRANSITIONS, unless someone moved the case first."""
    step = BY_NAME[name]
    if household.stage not in step.sources:
        raise ValidationError(_("This step is not possible now."), code="stage")
    moved = Household.objects.filter(pk=household.pk, stage=household.stage).update(
        stage=step.target, stage_changed_at=timezone.now(), version=F("version") + 1
    )
    if not moved:
        raise ValidationError(
            _("Someone else changed this household in the meantime. Reload the page.")
        )
    household.refresh_from_db()


def advance(*, household: Household, name: str) -> None:
    """An automatic step taken by another workflow (matching, the journey)."""
    if not BY_NAME[name].automatic:
        raise ValueError(f"{name} is taken by hand")
    _take(household, name)


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
        if household.stage in BY_NAME["inform"].sources:
            _take(household, "inform")
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
        active = household.active_consents()
        given = [
            Consent.objects.create(
                household=household,
                purpose=purpose,
                text=text,
                method=method,
                witnessed_by=actor,
            )
            for purpose in purposes
            if purpose not in active
        ]
        consenting = ConsentPurpose.PARTICIPATION in purposes
        if consenting and household.stage in BY_NAME["consent"].sources:
            _take(household, "consent")
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
        elif purpose == ConsentPurpose.SHARE_PROFILE:
            household_left.send(sender=Household, household=household)


def stop(
    *, actor: Any, household: Household, alternative_support: str, via_withdrawal: bool = False
) -> None:
    """The newcomer stops, at any time and without consequences; the retention clock starts.

    Access others have through the case follows the stage, so it ends with this step.
    """
    if not via_withdrawal and not policies.acts_for(actor, household):
        raise PermissionDenied
    if household.stage in CLOSED:
        raise ValidationError(_("This household no longer takes part."))
    with transaction.atomic():
        Household.objects.filter(pk=household.pk).update(alternative_support=alternative_support)
        _take(household, "stop")
        household_left.send(sender=Household, household=household)


def transition(*, actor: Any, household: Household, name: str) -> None:
    """Take a step of the case by hand (transitions.TRANSITIONS), if its guard is met."""
    step = BY_NAME.get(name)
    if not policies.manages(actor, household):
        raise PermissionDenied
    if step is None or step.automatic or household.stage not in step.sources:
        raise ValidationError(_("This step is not possible now."), code="stage")
    missing = step.guard(household) if step.guard else []
    if missing:
        raise ValidationError(_("Still missing: %(items)s.") % {"items": ", ".join(missing)})
    with transaction.atomic():
        _take(household, name)
