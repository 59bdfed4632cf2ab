"""What each role sees first: what it can do now and what waits for it."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samenhier.accounts.policies import can_invite_anyone, invitations_visible_to
from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import assignments_of
from samenhier.audit.policies import can_read_access_log
from samenhier.evaluation.moment_status import overdue
from samenhier.evaluation.moments import waiting as questions_waiting
from samenhier.evaluation.policies import can_follow_moments, moments_visible_to
from samenhier.groups.policies import groups_visible_to
from samenhier.groups.stages import GroupStage
from samenhier.journeys.policies import can_list_journeys, journeys_visible_to
from samenhier.network.policies import can_manage_network, cities_visible_to
from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.policies import households_visible_to, supported_by
from samenhier.proposals.lifecycle import OPEN
from samenhier.proposals.policies import can_view_proposals, can_view_runs, proposals_visible_to


def welcomed_by(user: Any, group: Any) -> list[tuple[int, str]]:
    """The households the user's group welcomes now, as far as the user may see them."""
    supported = supported_by(user)
    if supported is None:
        return []
    return list(
        households_visible_to(user)
        .filter(pk__in=supported, journeys__group=group, journeys__closed_at__isnull=True)
        .values_list("pk", "reference")
    )


@dataclass
class Action:
    label: str | Promise
    url: str


@dataclass
class Card:
    title: str | Promise
    text: str | Promise = ""
    counts: list[tuple[str, int]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def _stage_counts(queryset: Any, choices: Any) -> list[tuple[str, int]]:
    found = dict(queryset.order_by().values_list("stage").annotate(n=Count("pk")))
    return [(str(label), found[value]) for value, label in choices.choices if found.get(value)]


def _journeys_card(user: Any) -> Card | None:
    if not can_list_journeys(user):
        return None
    journeys = journeys_visible_to(user).filter(closed_at__isnull=True)
    counts = journeys.aggregate(
        preparing=Count("pk", filter=Q(ready_at__isnull=True)),
        ready=Count("pk", filter=Q(ready_at__isnull=False)),
    )
    if not counts["preparing"] and not counts["ready"]:
        return None
    return Card(
        title=_("Journeys"),
        text=_("Who does what, by when, and what happened: everything of the year in one place."),
        counts=[
            (str(_("Preparing for arrival")), counts["preparing"]),
            (str(_("Ready or under way")), counts["ready"]),
        ],
        actions=[Action(_("Open the journeys"), reverse("journeys:list"))],
    )


def _moments_card(user: Any) -> Card | None:
    """Overdue evaluation moments of the cities the user follows: one query."""
    if not can_follow_moments(user):
        return None
    late = overdue(moments_visible_to(user)).count()
    return Card(
        title=_("Evaluation moments"),
        text=_("Moments past their date that still wait for answers."),
        counts=[(str(_("Overdue")), late)],
        actions=[Action(_("Evaluation moments"), reverse("evaluation:moments"))],
    )


def _questions_card(user: Any) -> Card | None:
    """The evaluation questions waiting for this person: one query."""
    mine = list(
        questions_waiting()
        .filter(respondent=user)
        .select_related("moment__journey__household")
        .order_by("moment__due_on", "pk")[:5]
    )
    if not mine:
        return None
    return Card(
        title=_("Evaluation questions for you"),
        text=_("How is the year going? Your answers help the programme improve."),
        actions=[
            Action(
                ngettext(
                    "Answer for journey %(reference)s, %(months)s month after arrival",
                    "Answer for journey %(reference)s, %(months)s months after arrival",
                    response.moment.months,
                )
                % {
                    "reference": response.moment.journey.household.reference,
                    "months": response.moment.months,
                },
                reverse("evaluation:answer", args=[response.pk]),
            )
            for response in mine
        ],
    )


def cards_for(user: Any) -> list[Card]:
    cards: list[Card] = []
    roles = {a.role for a in assignments_of(user)}
    for card in (_questions_card(user), _journeys_card(user), _moments_card(user)):
        if card is not None:
            cards.append(card)
    if can_manage_network(user):
        cards.append(
            Card(
                title=_("The network"),
                text=_("Cities and their partners, and who works in them."),
                counts=[(str(_("Cities")), cities_visible_to(user).count())],
                actions=[
                    Action(_("Cities"), reverse("network:city_list")),
                    Action(_("Organisations"), reverse("network:organisation_list")),
                    Action(_("Programme settings"), reverse("network:programme")),
                    Action(_("Participant declarations"), reverse("groups:declarations")),
                ],
            )
        )
    if roles & {Role.NATIONAL_COORDINATOR, Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER}:
        groups = groups_visible_to(user)
        cards.append(
            Card(
                title=_("Groups"),
                text=_("Groups by stage, from registration to the end of their year."),
                counts=_stage_counts(groups, GroupStage),
                actions=[Action(_("All groups"), reverse("groups:pipeline"))],
            )
        )
    if roles & {Role.NATIONAL_COORDINATOR, Role.LOCAL_COORDINATOR, Role.MUNICIPALITY_OFFICER}:
        cards.append(
            Card(
                title=_("Newcomer households"),
                text=_("Households by stage, from referral to the end of their year."),
                counts=_stage_counts(households_visible_to(user), HouseholdStage),
                actions=[Action(_("All households"), reverse("newcomers:pipeline"))],
            )
        )
    if can_view_proposals(user):
        waiting = proposals_visible_to(user).filter(status__in=OPEN).count()
        actions = [Action(_("Proposals and decisions"), reverse("proposals:proposals"))]
        if can_view_runs(user):
            actions.insert(0, Action(_("Matching"), reverse("proposals:runs")))
        cards.append(
            Card(
                title=_("Matching"),
                text=_("Proposals of a group for a household, and the decisions on them."),
                counts=[(str(_("Open proposals")), waiting)],
                actions=actions,
            )
        )
    if can_invite_anyone(user):
        open_invitations = invitations_visible_to(user).open().count()
        cards.append(
            Card(
                title=_("Team"),
                text=_("Invite the people who work with the groups, and end roles that stop."),
                counts=[(str(_("Open invitations")), open_invitations)],
                actions=[
                    Action(_("Invite someone"), reverse("accounts:invite")),
                    Action(_("People and roles"), reverse("accounts:people")),
                ],
            )
        )
    if can_read_access_log(user):
        cards.append(
            Card(
                title=_("Audit"),
                text=_("Who read sensitive data, and who changed what."),
                actions=[Action(_("Access log"), reverse("audit:access_log"))],
            )
        )
    for assignment in assignments_of(user):
        if assignment.role == Role.GROUP_MEMBER and assignment.group is not None:
            group = assignment.group
            actions = [
                Action(_("Where your group stands"), reverse("groups:mine", args=[group.pk]))
            ]
            actions += [
                Action(
                    _("Whom you welcome: household %(reference)s") % {"reference": reference},
                    reverse("newcomers:detail", args=[pk]),
                )
                for pk, reference in welcomed_by(user, group)
            ]
            cards.append(
                Card(
                    title=_("Your group: %(name)s") % {"name": group.name},
                    text=_("Stage: %(stage)s") % {"stage": group.get_stage_display()},
                    actions=actions,
                )
            )
        elif assignment.role == Role.NEWCOMER:
            cards.append(
                Card(
                    title=_("Welcome"),
                    text=_(
                        "Here you will find your group, your appointments and what you chose. "
                        "You decide what help you want, and you can stop at any time."
                    ),
                    actions=[
                        Action(
                            _("Your details and consent"),
                            reverse("newcomers:detail", args=[assignment.household_id]),
                        )
                    ],
                )
            )
        elif assignment.role in {Role.SOCIAL_SUPPORT_WORKER, Role.RECEPTION_OFFICER}:
            cards.append(
                Card(
                    title=assignment.get_role_display(),
                    text=_(
                        "Nothing waits for you right now. Journeys you take part in appear here."
                    ),
                )
            )
    return cards
