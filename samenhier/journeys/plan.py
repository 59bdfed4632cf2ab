"""A sponsor group's resettlement plan (DOMAIN.md, before arrival, condition 2): how the group
will help with reception and guidance, with an explicit reflection on equality.

The road: draft → submitted → comments (→ submitted again) → approved, by the city's local
coordinator. Every save of the text is a new PlanVersion; every step of the review a
PlanReview. Editing an approved plan takes it back to draft: the coordinator approved that
text, not the next one.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from samenhier.accounts.roles import Role
from samenhier.journeys import policies
from samenhier.journeys.models import Journey, PlanReview, PlanVersion, ResettlementPlan
from samenhier.journeys.parties import REQUIRED_SECTIONS, PlanSection, PlanStatus
from samenhier.mail import addressed, people_in_city, tell_with
from samenhier.network.services import StaleEdit, claim
from samenhier.proposals.notify import group_members

Sections = dict[str, str]

# The longest text one section may hold; a plan is a few pages, not a book.
SECTION_MAX_LENGTH = 20_000

QUESTIONS = {
    PlanSection.RECEPTION: gettext_lazy(
        "Who meets the newcomer at arrival, and what happens in the first days and weeks?"
    ),
    PlanSection.HOME: gettext_lazy(
        "How will the home be ready on arrival, and what will the newcomer choose themselves?"
    ),
    PlanSection.FINANCES: gettext_lazy(
        "Benefits start late: how do you help bridge the gap with advances, and explain letters "
        "and costs?"
    ),
    PlanSection.LANGUAGE: gettext_lazy(
        "How will you practise Dutch together, and support the choice of a language school?"
    ),
    PlanSection.HEALTH: gettext_lazy(
        "How do you help find a GP, a pharmacy and a dentist, and how do you ask whether the "
        "newcomer wants company?"
    ),
    PlanSection.WORK: gettext_lazy(
        "Which of your networks may lead to work, an internship or study?"
    ),
    PlanSection.SOCIAL: gettext_lazy(
        "How will you help the newcomer meet people beyond the group?"
    ),
    PlanSection.EQUALITY: gettext_lazy(
        "How do you keep the relationship equal and leave the decisions to the newcomer? "
        "How will you notice, and talk about it, when that goes wrong?"
    ),
}

STALE_MESSAGE = gettext_noop(
    "The plan changed while you had this page open (a new version, a submission or a "
    "review). Nothing was saved: reload the page to see the newest state."
)


def get_plan(journey: Journey) -> ResettlementPlan | None:
    return ResettlementPlan.objects.filter(journey=journey).first()


def is_approved(journey: Journey) -> bool:
    """For the readiness checklist: the journey's plan is approved (False without a plan)."""
    return ResettlementPlan.objects.filter(journey=journey, status=PlanStatus.APPROVED).exists()


def clean_sections(sections: Any) -> Sections:
    """Only known sections, with their text trimmed and line endings made plain."""
    if not isinstance(sections, dict):
        return {}
    result: Sections = {}
    for section in PlanSection:
        text = sections.get(section.value)
        if isinstance(text, str) and text.strip():
            result[section.value] = text.replace("\r\n", "\n").strip()
    return result


def missing_required(sections: Sections) -> list[PlanSection]:
    return [s for s in PlanSection if s in REQUIRED_SECTIONS and not sections.get(s.value)]


def current_version(plan: ResettlementPlan | None) -> PlanVersion | None:
    if plan is None:
        return None
    return plan.versions.order_by("-number").first()


def approved_version(plan: ResettlementPlan | None) -> PlanVersion | None:
    """The text the coordinator approved last, even if the group is revising it since."""
    if plan is None:
        return None
    review = (
        plan.reviews.filter(status=PlanStatus.APPROVED)
        .select_related("plan_version")
        .order_by("-at", "-pk")
        .first()
    )
    return review.plan_version if review else None


def approved_numbers(plan: ResettlementPlan) -> set[int]:
    return set(
        plan.reviews.filter(status=PlanStatus.APPROVED).values_list(
            "plan_version__number", flat=True
        )
    )


# --- comparing versions ---------------------------------------------------------------------

SAME, ADDED, REMOVED = "same", "added", "removed"
TOKENS = re.compile(r"\s+|[^\s]+")


def diff_text(old: str, new: str) -> list[tuple[str, str]]:
    """The words of `new` against `old` as (kind, text) runs: same, added or removed.

    Words rather than characters: a reader sees a changed phrase, not a confetti of letters.
    """
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append((SAME, "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            runs.append((REMOVED, "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            runs.append((ADDED, "".join(b[j1:j2])))
    return runs


@dataclass(frozen=True)
class SectionDiff:
    section: PlanSection
    changed: bool
    runs: list[tuple[str, str]]


def compare(old: Sections, new: Sections) -> list[SectionDiff]:
    result = []
    for section in PlanSection:
        before, after = old.get(section.value, ""), new.get(section.value, "")
        result.append(SectionDiff(section, before != after, diff_text(before, after)))
    return result


# --- writes ---------------------------------------------------------------------------------


def _stale() -> ValidationError:
    return StaleEdit(_(STALE_MESSAGE))


def _bump(plan: ResettlementPlan, expected: int, **changes: Any) -> None:
    """Move the plan on, but only from the state the person saw."""
    claim(ResettlementPlan.objects.filter(pk=plan.pk), expected, stale=STALE_MESSAGE, **changes)
    plan.refresh_from_db()


def save_version(*, actor: Any, journey: Journey, sections: Any, version: int) -> PlanVersion:
    """Save the group's text as the next version. `version` is the plan's version the editor
    started from (0 when there was no plan yet)."""
    if not policies.can_write_plan(actor, journey):
        raise PermissionDenied
    text = clean_sections(sections)
    too_long = [s for s in PlanSection if len(text.get(s.value, "")) > SECTION_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            _("A section can hold at most %(n)s characters.") % {"n": SECTION_MAX_LENGTH}
        )
    with transaction.atomic():
        plan = get_plan(journey)
        if plan is None:
            if version != 0:
                raise _stale()
            try:
                with transaction.atomic():
                    plan = ResettlementPlan.objects.create(journey=journey)
            except IntegrityError as error:  # someone else wrote the first version just now
                raise _stale() from error
        else:
            latest = current_version(plan)
            if latest is not None and latest.sections == text:
                raise ValidationError(
                    _("Nothing has changed: no new version was made."), code="unchanged"
                )
            status = PlanStatus.COMMENTS if plan.status == PlanStatus.COMMENTS else PlanStatus.DRAFT
            _bump(plan, version, status=status, approved_at=None)
        latest = current_version(plan)
        return PlanVersion.objects.create(
            plan=plan,
            number=(latest.number if latest else 0) + 1,
            sections=text,
            created_by=actor,
        )


def submit(*, actor: Any, journey: Journey, version: int) -> PlanReview:
    """The group hands the plan to the local coordinator; the equality section is required."""
    if not policies.can_write_plan(actor, journey):
        raise PermissionDenied
    with transaction.atomic():
        plan = get_plan(journey)
        latest = current_version(plan)
        if plan is None or latest is None:
            raise ValidationError(_("Write the plan before you submit it."))
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.COMMENTS):
            raise ValidationError(
                _("This plan cannot be submitted now: it is already submitted or approved."),
                code="status",
            )
        missing = missing_required(latest.sections)
        if missing:
            raise ValidationError(
                _("The section “%(section)s” is required: write it before you submit the plan.")
                % {"section": missing[0].label}
            )
        _bump(plan, version, status=PlanStatus.SUBMITTED)
        review = PlanReview.objects.create(
            plan=plan, plan_version=latest, status=PlanStatus.SUBMITTED, by=actor
        )
    tell_with(
        addressed(people_in_city(Role.LOCAL_COORDINATOR, journey.household.city_id)),
        subject=gettext_lazy("Resettlement plan for %(reference)s submitted for review"),
        template="journeys/email/plan_submitted.txt",
        reference=journey.household.reference,
        link=link_to(journey),
    )
    return review


def review(
    *, actor: Any, journey: Journey, version: int, approve: bool, comment: str = ""
) -> PlanReview:
    """The local coordinator approves the submitted plan or sends it back with comments."""
    if not policies.can_review_plan(actor, journey):
        raise PermissionDenied
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Write what the group should change.")})
    with transaction.atomic():
        plan = get_plan(journey)
        latest = current_version(plan)
        if plan is None or latest is None or plan.status != PlanStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted plan can be reviewed."), code="status")
        status = PlanStatus.APPROVED if approve else PlanStatus.COMMENTS
        _bump(plan, version, status=status, approved_at=timezone.now() if approve else None)
        step = PlanReview.objects.create(
            plan=plan, plan_version=latest, status=status, comment=comment, by=actor
        )
    tell_with(
        group_members(journey.group),
        subject=(
            gettext_lazy("The resettlement plan for %(reference)s is approved")
            if approve
            else gettext_lazy("Comments on the resettlement plan for %(reference)s")
        ),
        template=f"journeys/email/plan_{'approved' if approve else 'comments'}.txt",
        reference=journey.household.reference,
        link=link_to(journey),
    )
    return step


def link_to(journey: Journey) -> str:
    return settings.SITE_URL + reverse("journeys:plan", args=[journey.pk])
