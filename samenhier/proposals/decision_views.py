"""The proposals: the municipality approves, the group and the newcomer answer."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from samenhier.newcomers.policies import households_visible_to
from samenhier.newcomers.profile import profile_of
from samenhier.proposals import explain, policies, present, services, snapshot
from samenhier.proposals.forms import DecisionForm, WithdrawForm
from samenhier.proposals.lifecycle import DECIDES_IN, Party, ProposalStatus
from samenhier.proposals.models import Proposal
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

COLUMNS = [
    Column("reference", gettext_lazy("Household"), "household__reference"),
    Column("group", gettext_lazy("Group"), "group__name"),
    Column("city", gettext_lazy("City"), "household__city__name"),
    Column("score", gettext_lazy("Score"), "score"),
    Column("status", gettext_lazy("Status"), "status"),
    Column("proposed", gettext_lazy("Proposed"), "created_at"),
]


def get_proposal_for(user: Any, pk: int) -> Proposal:
    """The only way views reach a proposal: 404 when the user may not see it."""
    proposals = policies.proposals_visible_to(user).select_related(
        "household__city", "group__city", "run"
    )
    return get_object_or_404(proposals, pk=pk)


@login_required
@require_safe
def proposals(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_view_proposals(request.user):
        raise PermissionDenied
    queryset = policies.proposals_visible_to(request.user).select_related(
        "household__city", "group"
    )
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        queryset = queryset.filter(status=status)
    listing = sorted_page(
        request,
        queryset,
        columns=COLUMNS,
        default_sort="-proposed",
        search_fields=("household__reference", "group__name"),
    )
    return render(
        request,
        "proposals/proposals.html",
        {"listing": listing, "statuses": ProposalStatus.choices, "status": status},
    )


def _record(proposal: Proposal, key: str) -> dict[str, Any]:
    return snapshot.records_by_key(proposal.run.instance).get(key, {})


@login_required
@require_safe
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, get_proposal_for(request.user, pk))


def _page(
    request: AuthenticatedRequest, proposal: Proposal, bound: DecisionForm | None = None
) -> HttpResponse:
    """The proposal's page; `bound` is an answer that needs correcting, shown in place."""
    user = request.user
    household = proposal.household
    status = ProposalStatus(proposal.status)
    decisions = list(proposal.decisions.select_related("by"))
    answered = {d.party for d in decisions}
    parties = [
        (
            party,
            bound if bound and bound.party == party else DecisionForm(party=party, prefix=party),
        )
        for party in DECIDES_IN.get(status, frozenset())
        if party not in answered and policies.can_decide(user, proposal, party)
    ]
    h_record = _record(proposal, snapshot.household_key(household.pk))
    g_record = _record(proposal, snapshot.group_key(proposal.group_id))
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "household": household,
            "profile": profile_of(household, timezone.localdate()),
            "bars": present.criteria_bars(proposal.criteria),
            "why": explain.why(h_record, g_record) if h_record and g_record else "",
            "decisions": decisions,
            "closing_reason": proposal.closing_reason if policies.manages(user, proposal) else "",
            "parties": sorted(parties, key=lambda p: list(Party).index(p[0])),
            "can_withdraw": status in DECIDES_IN and policies.can_withdraw(user, proposal),
            "withdraw_form": WithdrawForm(),
            "opens_household": households_visible_to(user).filter(pk=household.pk).exists(),
        },
    )


@login_required
@require_POST
def decide(request: AuthenticatedRequest, pk: int, party: str) -> HttpResponse:
    proposal = get_proposal_for(request.user, pk)
    if party not in Party.values:
        raise Http404
    if not policies.can_decide(request.user, proposal, party):
        raise PermissionDenied
    form = DecisionForm(request.POST, party=party, prefix=party)
    if form.is_valid():
        try:
            services.decide(
                actor=request.user,
                proposal=proposal,
                party=party,
                accepted=form.cleaned_data["accepted"],
                reason=form.cleaned_data["reason"],
                language=form.cleaned_data.get("language", ""),
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your answer has been recorded."))
            return redirect("proposals:detail", pk=proposal.pk)
    else:
        return _page(request, proposal, bound=form)
    return redirect("proposals:detail", pk=proposal.pk)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for(request.user, pk)
    if not policies.can_withdraw(request.user, proposal):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("proposals:detail", pk=proposal.pk)
    try:
        services.withdraw(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect("proposals:detail", pk=proposal.pk)
