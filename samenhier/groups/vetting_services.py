"""Every write of vetting: intakes, signatures, certificates of conduct, declaration texts."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.groups import policies
from samenhier.groups.models import (
    ConductCertificate,
    DeclarationText,
    Group,
    Intake,
    Member,
    Signature,
)


def schedule_intake(
    *, actor: Any, group: Group, scheduled_at: datetime, interviewer: Any
) -> Intake:
    if not policies.coordinates(actor, group):
        raise PermissionDenied
    return Intake.objects.create(group=group, scheduled_at=scheduled_at, interviewer=interviewer)


def record_intake(*, actor: Any, intake: Intake, outcome: str, notes: str) -> Intake:
    if not policies.coordinates(actor, intake.group):
        raise PermissionDenied
    if intake.scheduled_at > timezone.now():
        raise ValidationError(
            _("The intake is planned in the future: record it after it took place.")
        )
    intake.outcome = outcome
    intake.notes = notes
    intake.completed_at = timezone.now()
    intake.save(update_fields=["outcome", "notes", "completed_at"])
    return intake


def record_certificate(
    *, actor: Any, member: Member, status: str, requested_on: date, issued_on: date | None
) -> ConductCertificate:
    if not policies.coordinates(actor, member.group):
        raise PermissionDenied
    today = timezone.localdate()
    if requested_on > today or (issued_on and issued_on > today):
        raise ValidationError(_("A date cannot be in the future."))
    if issued_on and issued_on < requested_on:
        raise ValidationError(_("A certificate cannot be issued before it was requested."))
    if status == ConductCertificate.Status.RECEIVED and issued_on is None:
        raise ValidationError(_("Enter the date the certificate was issued."))
    return ConductCertificate.objects.create(
        member=member,
        status=status,
        requested_on=requested_on,
        issued_on=issued_on,
        verified_by=actor if status == ConductCertificate.Status.RECEIVED else None,
    )


def current_text(language: str) -> DeclarationText | None:
    """The newest version, in the reader's language when it exists, else in Dutch."""
    newest = DeclarationText.objects.order_by("-version").first()
    if newest is None:
        return None
    texts = DeclarationText.objects.filter(version=newest.version)
    return (
        texts.filter(language=language).first()
        or texts.filter(language="nl").first()
        or texts.first()
    )


def sign_declaration(*, actor: Any, member: Member, text: DeclarationText) -> Signature:
    """A member signs for themselves; what is kept is who, which version, which language, when."""
    if member.user_id is None or member.user_id != actor.pk or member.left_at is not None:
        raise PermissionDenied
    try:
        with transaction.atomic():
            return Signature.objects.create(member=member, text=text)
    except IntegrityError:
        raise ValidationError(_("You have already signed this version.")) from None


def publish_declaration(
    *, actor: Any, texts: dict[str, tuple[str, str]], requires_new_signatures: bool
) -> list[DeclarationText]:
    """A new version in every language given; only the national coordinator publishes."""
    from samenhier.accounts.scoping import is_national_coordinator

    if not is_national_coordinator(actor):
        raise PermissionDenied
    with transaction.atomic():
        newest = DeclarationText.objects.select_for_update().order_by("-version").first()
        version = (newest.version if newest else 0) + 1
        return [
            DeclarationText.objects.create(
                version=version,
                language=language,
                title=title,
                body=body,
                requires_new_signatures=requires_new_signatures,
            )
            for language, (title, body) in texts.items()
        ]
