"""Every write to groups: registration, confirmation and the steps of the life cycle."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenhier.accounts.models import User, hash_token
from samenhier.accounts.roles import Role
from samenhier.accounts.services import grant_role
from samenhier.groups import lifecycle, policies
from samenhier.groups.models import Group, GroupEvent, Member
from samenhier.groups.stages import CLOSED, GroupStage
from samenhier.groups.tasks import schedule_geocoding
from samenhier.mail import send_after_commit
from samenhier.network.models import City, Programme


@dataclass
class MemberData:
    full_name: str
    email: str
    phone: str
    street: str
    postcode: str
    town: str
    daytime_flexible: bool = False


class TransitionRefused(ValidationError):
    pass


def register_group(
    *,
    city: City,
    kind: str,
    profile: dict[str, Any],
    members: list[MemberData],
    contact_index: int = 0,
    language: str = "nl",
) -> Group:
    """A public registration: the group and its members, each of whom must confirm by e-mail."""
    if kind not in city.group_kinds:
        raise ValidationError(_("%(city)s does not run this kind of group.") % {"city": city})
    programme = Programme.current()
    if not programme.group_min_members <= len(members) <= programme.group_max_members:
        raise ValidationError(
            _("A group has between %(min)s and %(max)s members.")
            % {"min": programme.group_min_members, "max": programme.group_max_members}
        )
    emails = [m.email.strip().lower() for m in members]
    if len(set(emails)) != len(emails):
        raise ValidationError(_("Every member needs their own e-mail address."))
    with transaction.atomic():
        group = Group.objects.create(
            city=city,
            kind=kind,
            registration_language=language,
            daytime_flexible=any(m.daytime_flexible for m in members),
            **profile,
        )
        tokens = []
        for index, data in enumerate(members):
            token = secrets.token_urlsafe(32)
            member = Member.objects.create(
                group=group,
                full_name=data.full_name.strip(),
                email=data.email.strip().lower(),
                phone=data.phone.strip(),
                street=data.street.strip(),
                postcode=normalise_postcode(data.postcode),
                town=data.town.strip(),
                daytime_flexible=data.daytime_flexible,
                is_contact=index == contact_index,
                confirmation_hash=hash_token(token),
                confirmation_expires_at=timezone.now()
                + timedelta(days=programme.confirmation_valid_days),
            )
            tokens.append((member, token))
            schedule_geocoding(member.pk)
        GroupEvent.objects.create(
            group=group, kind=GroupEvent.Kind.REGISTERED, to_stage=group.stage
        )
        for member, token in tokens:
            _mail_confirmation(member, token, language, programme.confirmation_valid_days)
    return group


def normalise_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value.strip().upper()


def _mail_confirmation(member: Member, token: str, language: str, days: int) -> None:
    with translation.override(language):
        body = render_to_string(
            "groups/email/confirm_membership.txt",
            {
                "member": member,
                "group": member.group,
                "link": settings.SITE_URL + reverse("groups:confirm", kwargs={"token": token}),
                "days": days,
            },
        )
        subject = _("Please confirm you are taking part in %(group)s") % {
            "group": member.group.name
        }
    send_after_commit(subject=subject, body=body, to=[member.email])


def resend_confirmation(*, actor: Any, member: Member) -> None:
    """A fresh link for a member whose link expired or got lost; the old link stops working."""
    if not policies.coordinates(actor, member.group):
        raise PermissionDenied
    if member.confirmed_at is not None:
        raise ValidationError(_("This member has already confirmed."), code="confirmed")
    days = Programme.current().confirmation_valid_days
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            confirmation_hash=hash_token(token),
            confirmation_expires_at=timezone.now() + timedelta(days=days),
        )
        _mail_confirmation(member, token, member.group.registration_language, days)


def find_member_by_token(token: str) -> Member | None:
    if not token or len(token) > 100:
        return None
    return (
        Member.objects.select_related("group__city")
        .filter(confirmation_hash=hash_token(token))
        .first()
    )


def confirm_membership(*, member: Member, user: Any = None, password: str = "") -> Member:
    """The member confirms: they get (or link) an account with the group member role."""
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("group").get(pk=member.pk)
        if member.confirmed_at is not None:
            raise ValidationError(_("You have already confirmed. You can log in."))
        if member.left_at is not None or member.group.stage in CLOSED:
            raise ValidationError(_("This group is no longer active."))
        if member.confirmation_expires_at and timezone.now() >= member.confirmation_expires_at:
            raise ValidationError(_("This link has expired. Ask your coordinator for a new one."))
        account = user if user is not None and user.is_authenticated else None
        if account is None:
            account = User.objects.filter(email__iexact=member.email).first()
            if account is None:
                account = User.objects.create_user(
                    member.email,
                    password or None,
                    full_name=member.full_name,
                    phone=member.phone,
                    preferred_language=member.group.registration_language,
                )
                from allauth.account.models import EmailAddress

                EmailAddress.objects.create(
                    user=account, email=member.email, verified=True, primary=True
                )
            elif user is None or not user.is_authenticated:
                raise ValidationError(
                    _("There is already an account for this address: log in first.")
                )
        elif account.email.lower() != member.email.lower():
            raise ValidationError(_("This link was sent to another e-mail address."))
        member.user = account
        member.confirmed_at = timezone.now()
        member.save(update_fields=["user", "confirmed_at"])
        grant_role(user=account, role=Role.GROUP_MEMBER, group=member.group)
        GroupEvent.objects.create(
            group=member.group, kind=GroupEvent.Kind.CONFIRMED, reason=member.full_name
        )
        group = member.group
        if not group.members.current().filter(confirmed_at__isnull=True).exists():
            Group.objects.filter(pk=group.pk).update(registration_complete_at=timezone.now())
            _tell_coordinators_registration_complete(group)
    return member


def _tell_coordinators_registration_complete(group: Group) -> None:
    coordinators = User.objects.filter(
        assignments__role=Role.LOCAL_COORDINATOR,
        assignments__city=group.city,
        assignments__revoked_at__isnull=True,
    ).distinct()
    for person in coordinators:
        with translation.override(person.preferred_language):
            subject = _("Registration complete: %(group)s") % {"group": group.name}
            body = render_to_string(
                "groups/email/registration_complete.txt",
                {
                    "group": group,
                    "link": settings.SITE_URL + reverse("groups:detail", args=[group.pk]),
                },
            )
        send_after_commit(subject=subject, body=body, to=[person.email])


def active_elsewhere(members: list[Member]) -> dict[int, list[str]]:
    """Per member, the other open groups the same person (by e-mail) is active in, in one
    query: the coordinator is told, since one person in two groups at once is a risk."""
    if not members:
        return {}
    group_id = members[0].group_id
    by_email: dict[str, list[str]] = {}
    others = (
        Member.objects.current()
        .filter(email__in=[m.email for m in members])
        .exclude(group_id=group_id)
        .exclude(group__stage__in=CLOSED)
        .values_list("email", "group__name")
    )
    for email, name in others:
        by_email.setdefault(email, []).append(name)
    return {m.pk: by_email.get(m.email, []) for m in members}


def transition_group(
    *, actor: Any, group: Group, name: str, reason: str = "", override: bool = False
) -> Group:
    """Move a group one step. Refuses steps from the wrong stage, steps whose guard finds
    something missing (unless the national coordinator overrides with a reason), and edits
    based on a stale page (the stage changed in the meantime)."""
    transition = lifecycle.BY_NAME.get(name)
    if transition is None or not policies.can_transition(actor, group, transition):
        raise PermissionDenied
    if group.stage not in transition.sources:
        raise TransitionRefused(_("This step is not possible from the group's current stage."))
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise TransitionRefused(_("Give a reason."))
    missing = transition.guard(group) if transition.guard else []
    if missing:
        if not override:
            raise TransitionRefused([m.text for m in missing])
        if not policies.can_override(actor, group, transition):
            raise PermissionDenied
        if not reason:
            raise TransitionRefused(_("Write down why you approve despite what is missing."))
    with transaction.atomic():
        _move(group, transition, actor=actor, reason=reason, overridden=bool(missing))
        if transition.target in {GroupStage.WITHDRAWN, GroupStage.REJECTED}:
            _tell_members_closed(group)
    return group


def _move(
    group: Group,
    transition: lifecycle.Transition,
    *,
    actor: Any = None,
    reason: str = "",
    overridden: bool = False,
) -> None:
    moved = Group.objects.filter(pk=group.pk, stage=group.stage).update(
        stage=transition.target,
        stage_changed_at=timezone.now(),
        version=F("version") + 1,
        closing_reason=reason if transition.needs_reason else F("closing_reason"),
    )
    if not moved:
        raise TransitionRefused(
            _("Someone else changed this group in the meantime. Reload the page.")
        )
    GroupEvent.objects.create(
        group=group,
        actor=actor,
        kind=GroupEvent.Kind.OVERRIDE if overridden else GroupEvent.Kind.TRANSITION,
        from_stage=group.stage,
        to_stage=transition.target,
        reason=reason,
    )
    group.refresh_from_db()


def advance(*, group: Group, name: str) -> bool:
    """Take an automatic step (matching, the journey) when the group is where it starts;
    True when it moved."""
    transition = lifecycle.BY_NAME[name]
    if not transition.automatic:
        raise ValueError(f"{name} is taken by hand")
    if group.stage not in transition.sources:
        return False
    _move(group, transition)
    return True


def release(*, group: Group) -> bool:
    return advance(group=group, name="release")


def _tell_members_closed(group: Group) -> None:
    for member in group.members.current().select_related("user"):
        language = member.user.preferred_language if member.user else group.registration_language
        with translation.override(language):
            subject = _("About your group %(group)s") % {"group": group.name}
            body = render_to_string(
                "groups/email/group_closed.txt", {"group": group, "member": member}
            )
        send_after_commit(subject=subject, body=body, to=[member.email])
