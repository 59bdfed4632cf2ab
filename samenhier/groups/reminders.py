"""Gentle reminders for what members still need to do, at most one e-mail a week per person.

Run daily (`manage.py send_reminders`, from cron or a systemd timer); the mails themselves go
through the worker. A member is reminded only after the group has waited the configured
number of days in its stage, and every item links straight to where it is done.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenhier.groups.models import Group, Member, ReminderLog
from samenhier.groups.requirements import binding_declaration_version, latest_certificates
from samenhier.groups.stages import GroupStage
from samenhier.groups.vetting import ConductCertificate, Signature
from samenhier.learning.models import Module, Registration
from samenhier.mail import send_after_commit
from samenhier.network.models import Programme

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Item:
    text: str
    link: str


def _link(name: str, *args: int) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def items_for(members: list[Member], group: Group) -> dict[int, list[Item]]:
    """What each member of the group still needs to do, as linked items."""
    todo: dict[int, list[Item]] = defaultdict(list)
    if group.stage == GroupStage.VETTING:
        version = binding_declaration_version()
        signed = set(
            Signature.objects.filter(
                member__in=members, text__version__gte=version or 0
            ).values_list("member_id", flat=True)
        )
        latest = latest_certificates(members)
        for m in members:
            if m.pk not in signed:
                todo[m.pk].append(
                    Item(_("Sign the participant declaration"), _link("groups:sign", group.pk))
                )
            certificate = latest.get(m.pk)
            if certificate is None or certificate.status != ConductCertificate.Status.RECEIVED:
                todo[m.pk].append(
                    Item(
                        _("Request your certificate of conduct (VOG) for your coordinator"),
                        _link("groups:mine", group.pk),
                    )
                )
    if group.stage == GroupStage.APPROVED:
        required = list(Module.objects.filter(required=True, active=True))
        taken = set(
            Registration.objects.filter(member__in=members).values_list(
                "member_id", "session__module_id"
            )
        )
        for m in members:
            for module in required:
                if (m.pk, module.pk) not in taken:
                    todo[m.pk].append(
                        Item(
                            _("Register for the training: %(module)s") % {"module": module.name},
                            _link("learning:overview"),
                        )
                    )
    return todo


def send_reminders(now: datetime | None = None) -> int:
    """Send what is due; returns the number of people reminded."""
    now = now or timezone.now()
    programme = Programme.current()
    waited = now - timedelta(days=programme.reminder_after_days)
    recently = set(
        ReminderLog.objects.filter(sent_at__gt=now - WEEK).values_list("email", flat=True)
    )
    reminded = 0
    groups = Group.objects.filter(
        stage__in=[GroupStage.VETTING, GroupStage.APPROVED], stage_changed_at__lte=waited
    )
    for group in groups:
        members = list(
            group.members.current().filter(confirmed_at__isnull=False).select_related("user")
        )
        todo = items_for(members, group)
        for member in members:
            items = todo.get(member.pk)
            if not items or member.email in recently:
                continue
            language = (
                member.user.preferred_language if member.user else group.registration_language
            )
            with translation.override(language):
                subject = _("Still to do for %(group)s") % {"group": group.name}
                body = render_to_string(
                    "groups/email/reminder.txt", {"member": member, "group": group, "items": items}
                )
            send_after_commit(subject=subject, body=body, to=[member.email])
            ReminderLog.objects.create(email=member.email, sent_at=now, items=len(items))
            recently.add(member.email)
            reminded += 1
    return reminded
