"""What members do themselves (their details, leaving) and a coordinator's hand-set location."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenhier.accounts.models import RoleAssignment, User
from samenhier.accounts.roles import Role
from samenhier.groups import policies
from samenhier.groups.models import GroupEvent, Member
from samenhier.groups.services import normalise_postcode
from samenhier.groups.tasks import schedule_geocoding
from samenhier.mail import send_after_commit
from samenhier.network.geocoding import rounded

ADDRESS_FIELDS = ("street", "postcode", "town")


def update_own_details(*, actor: Any, member: Member, data: dict[str, Any]) -> Member:
    if member.user_id != actor.pk or member.left_at is not None:
        raise PermissionDenied
    data = {**data, "postcode": normalise_postcode(data["postcode"])}
    moved = any(getattr(member, f) != data[f] for f in ADDRESS_FIELDS)
    with transaction.atomic():
        for field, value in data.items():
            setattr(member, field, value)
        if moved and member.location_source != "manual":
            member.latitude = member.longitude = None
            member.location_source = ""
        member.save()
        if moved and member.location_source != "manual":
            schedule_geocoding(member.pk)
    return member


def leave_group(*, actor: Any, member: Member) -> Member:
    """A member leaves: their role ends at once and the coordinators are told."""
    if member.user_id != actor.pk:
        raise PermissionDenied
    if member.left_at is not None:
        raise ValidationError(_("You have already left this group."))
    group = member.group
    with transaction.atomic():
        member.left_at = timezone.now()
        member.is_contact = False
        member.save(update_fields=["left_at", "is_contact"])
        RoleAssignment.objects.active().filter(
            user=actor, role=Role.GROUP_MEMBER, group=group
        ).update(revoked_at=timezone.now(), revoked_by=actor)
        GroupEvent.objects.create(
            group=group, actor=actor, kind=GroupEvent.Kind.MEMBER_LEFT, reason=member.full_name
        )
        coordinators = User.objects.filter(
            assignments__role=Role.LOCAL_COORDINATOR,
            assignments__city=group.city,
            assignments__revoked_at__isnull=True,
        ).distinct()
        for person in coordinators:
            with translation.override(person.preferred_language):
                subject = _("%(name)s has left %(group)s") % {
                    "name": member.full_name,
                    "group": group.name,
                }
                body = render_to_string(
                    "groups/email/member_left.txt",
                    {
                        "member": member,
                        "group": group,
                        "link": settings.SITE_URL + reverse("groups:detail", args=[group.pk]),
                    },
                )
            send_after_commit(subject=subject, body=body, to=[person.email])
    return member


def set_location(*, actor: Any, member: Member, latitude: Decimal, longitude: Decimal) -> Member:
    if not policies.coordinates(actor, member.group):
        raise PermissionDenied
    point = rounded(float(latitude), float(longitude))
    member.latitude, member.longitude = point.latitude, point.longitude
    member.location_source = "manual"
    member.save(update_fields=["latitude", "longitude", "location_source"])
    return member
