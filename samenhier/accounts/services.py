"""Every write about people, roles and invitations."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenhier.accounts import policies
from samenhier.accounts.models import Invitation, RoleAssignment, User, hash_token
from samenhier.accounts.roles import ALLOWED_SCOPES, Role, Scope
from samenhier.mail import send_after_commit


def grant_role(
    *,
    user: User,
    role: str,
    granted_by: User | None = None,
    city: Any = None,
    organisation: Any = None,
    group: Any = None,
    household: Any = None,
) -> RoleAssignment:
    """Give `user` a role, unless they hold that same role in that same scope already."""
    existing = RoleAssignment.objects.active().filter(
        user=user, role=role, city=city, organisation=organisation, group=group, household=household
    )
    found = existing.first()
    if found is not None:
        return found
    return RoleAssignment.objects.create(
        user=user,
        role=role,
        city=city,
        organisation=organisation,
        group=group,
        household=household,
        granted_by=granted_by,
    )


def invite(
    *,
    actor: User,
    email: str,
    full_name: str,
    role: str,
    city: Any = None,
    organisation: Any = None,
    language: str | None = None,
) -> Invitation:
    city_id = city.pk if city is not None else (organisation.city_id if organisation else None)
    if not policies.can_invite(actor, role, city_id):
        raise PermissionDenied
    needs_place = Scope.NETWORK not in ALLOWED_SCOPES[role]
    if needs_place and city is None and organisation is None:
        raise ValidationError(_("Choose the city this role works in."))
    if role == Role.NATIONAL_COORDINATOR:
        city = organisation = None
    token = Invitation.new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.strip().lower(),
            full_name=full_name.strip(),
            role=role,
            city=city,
            organisation=organisation,
            token_hash=hash_token(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        _send_invitation(invitation, token, language or invitation_language(actor))
    return invitation


def invitation_language(actor: User) -> str:
    return translation.get_language() or actor.preferred_language or settings.LANGUAGE_CODE


def invitation_path(token: str) -> str:
    return reverse("accept_invitation", kwargs={"token": token})


def _send_invitation(invitation: Invitation, token: str, language: str) -> None:
    with translation.override(language):
        context = {
            "invitation": invitation,
            "path": invitation_path(token),
            "days": settings.INVITATION_VALID_DAYS,
            "site_url": settings.SITE_URL,
        }
        subject = _("You are invited to Samen Hier")
        body = render_to_string("accounts/email/invitation.txt", context)
    send_after_commit(subject=subject, body=body, to=[invitation.email])


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.filter(token_hash=hash_token(token)).select_related("city").first()


def accept_invitation(
    *, invitation: Invitation, user: User | None, full_name: str = "", password: str = ""
) -> User:
    """Turn an open invitation into a role; creates the account when the person has none."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise ValidationError(_("This invitation is no longer valid."))
        if user is None:
            if User.objects.filter(email__iexact=locked.email).exists():
                raise ValidationError(_("Log in first to accept this invitation."))
            user = User.objects.create_user(
                locked.email, password, full_name=full_name or locked.full_name
            )
            from allauth.account.models import EmailAddress

            # The invitation link reached this mailbox: that verifies the address.
            EmailAddress.objects.create(user=user, email=locked.email, verified=True, primary=True)
        elif user.email.lower() != locked.email.lower():
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        grant_role(
            user=user,
            role=locked.role,
            granted_by=locked.invited_by,
            city=locked.city,
            organisation=locked.organisation,
        )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return user


def cancel_invitation(*, actor: User, invitation: Invitation) -> None:
    if not policies.can_cancel_invitation(actor, invitation):
        raise PermissionDenied
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])


def revoke_role(*, actor: User, assignment: RoleAssignment) -> None:
    """End a role. It takes effect on the person's next request: roles are read per request."""
    if not policies.can_revoke(actor, assignment):
        raise PermissionDenied
    with transaction.atomic():
        updated = RoleAssignment.objects.filter(pk=assignment.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        if not updated:
            raise ValidationError(_("This role had already ended."))
        assignment.refresh_from_db()
