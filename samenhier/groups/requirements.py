"""What a group still needs before its next step, as plain functions of its data.

Each returns a list of missing items in plain language (empty: nothing missing), so that the
same rule guards a transition and tells the coordinator and the members what to do.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenhier.groups.models import Group, Member
from samenhier.groups.vetting import ConductCertificate, DeclarationText, Intake, Signature
from samenhier.learning.models import Module, Registration
from samenhier.network.models import Programme


@dataclass(frozen=True)
class Missing:
    text: str
    who: str  # "members", "coordinator" or "group": who can resolve it


Requirement = Callable[[Group], list[Missing]]


def _members(group: Group) -> list[Member]:
    return list(group.members.current())


def member_count(group: Group) -> list[Missing]:
    programme = Programme.current()
    n = len(_members(group))
    if n < programme.group_min_members:
        return [
            Missing(
                _("The group has %(n)s members; at least %(min)s are needed.")
                % {"n": n, "min": programme.group_min_members},
                "group",
            )
        ]
    if n > programme.group_max_members:
        return [
            Missing(
                _("The group has %(n)s members; at most %(max)s are allowed.")
                % {"n": n, "max": programme.group_max_members},
                "group",
            )
        ]
    return []


def confirmations(group: Group) -> list[Missing]:
    waiting = [m.full_name for m in _members(group) if m.confirmed_at is None]
    if not waiting:
        return []
    return [
        Missing(
            _("Not yet confirmed by e-mail: %(names)s.") % {"names": ", ".join(waiting)},
            "members",
        )
    ]


def registration(group: Group) -> list[Missing]:
    return member_count(group) + confirmations(group)


def intake(group: Group) -> list[Missing]:
    done = group.intakes.filter(completed_at__isnull=False).order_by("-completed_at").first()
    if done is None:
        return [Missing(_("The intake interview has not been held yet."), "coordinator")]
    if done.outcome != Intake.Outcome.POSITIVE:
        return [Missing(_("The intake interview did not have a positive outcome."), "coordinator")]
    return []


def binding_declaration_version() -> int | None:
    """The version everyone must have signed: the newest that asked for new signatures."""
    binding = (
        DeclarationText.objects.filter(requires_new_signatures=True).order_by("-version").first()
        or DeclarationText.objects.order_by("version").first()
    )
    return binding.version if binding else None


def declarations(group: Group) -> list[Missing]:
    version = binding_declaration_version()
    if version is None:
        return [Missing(_("There is no participant declaration to sign yet."), "coordinator")]
    members = _members(group)
    signed = set(
        Signature.objects.filter(member__in=members, text__version__gte=version).values_list(
            "member_id", flat=True
        )
    )
    unsigned = [m.full_name for m in members if m.pk not in signed]
    if not unsigned:
        return []
    return [
        Missing(
            _("Participant declaration not yet signed by: %(names)s.")
            % {"names": ", ".join(unsigned)},
            "members",
        )
    ]


def latest_certificates(members: list[Member]) -> dict[int, ConductCertificate]:
    """Each member's most recent certificate record, in one query."""
    latest: dict[int, ConductCertificate] = {}
    for certificate in ConductCertificate.objects.filter(member__in=members).order_by(
        "recorded_at", "pk"
    ):
        latest[certificate.member_id] = certificate
    return latest


def certificates(group: Group) -> list[Missing]:
    members = _members(group)
    latest = latest_certificates(members)
    missing = [
        m.full_name
        for m in members
        if m.pk not in latest or latest[m.pk].status != ConductCertificate.Status.RECEIVED
    ]
    if not missing:
        return []
    return [
        Missing(
            _("Certificate of conduct not yet received for: %(names)s.")
            % {"names": ", ".join(missing)},
            "coordinator",
        )
    ]


def approval(group: Group) -> list[Missing]:
    return member_count(group) + intake(group) + declarations(group) + certificates(group)


def training(group: Group, *, kinds: tuple[str, ...] | None = None) -> list[Missing]:
    """The required modules not yet completed by enough members (only `kinds`, when given)."""
    programme = Programme.current()
    members = _members(group)
    needed = programme.trained_members_required or len(members)
    needed = min(needed, len(members)) if members else 1
    attended = set(
        Registration.objects.filter(member__in=members, attended=True).values_list(
            "session__module_id", "member_id"
        )
    )
    missing = []
    modules = Module.objects.filter(required=True, active=True)
    if kinds is not None:
        modules = modules.filter(kind__in=kinds)
    for module in modules:
        done = sum(1 for m in members if (module.pk, m.pk) in attended)
        if done < needed:
            missing.append(
                Missing(
                    ngettext(
                        "%(module)s: %(done)s of %(needed)s member has completed it.",
                        "%(module)s: %(done)s of %(needed)s members have completed it.",
                        needed,
                    )
                    % {"module": module.name, "done": done, "needed": needed},
                    "members",
                )
            )
    return missing
