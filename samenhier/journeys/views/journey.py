"""The journey's own pages: the list, the page with a card per part of the year."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from samenhier.groups.stages import GroupStage
from samenhier.journeys import closing, people, policies, readiness
from samenhier.journeys.parties import CONTACT_PARTIES, JourneyOutcome, Party
from samenhier.journeys.views.gate import get_journey_for
from samenhier.journeys.views.parts import PARTS
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

COLUMNS = [
    Column("household", gettext_lazy("Household"), "household__reference"),
    Column("group", gettext_lazy("Group"), "group__name"),
    Column("city", gettext_lazy("City"), "household__city__name"),
    Column("started", gettext_lazy("Matched at"), "started_at"),
    Column("arrival", gettext_lazy("Arrival"), "arrival_at"),
    Column("status", gettext_lazy("Status"), None),
]


@login_required
@require_safe
def journeys(request: AuthenticatedRequest) -> HttpResponse:
    queryset = policies.journeys_visible_to(request.user).select_related("household__city", "group")
    state = request.GET.get("state", "open")
    if state == "open":
        queryset = queryset.filter(closed_at__isnull=True)
    elif state == "closed":
        queryset = queryset.filter(closed_at__isnull=False)
    listing = sorted_page(
        request,
        queryset,
        columns=COLUMNS,
        default_sort="-started",
        search_fields=("household__reference", "group__name"),
    )
    return render(
        request,
        "journeys/list.html",
        {
            "listing": listing,
            "state": state,
            "may_keep_template": policies.can_maintain_checklist_template(request.user),
        },
    )


@login_required
@require_safe
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_for(request.user, pk)
    cards = {name: module.card(journey, standing) for name, module in PARTS}
    arrived = closing.has_arrived(journey)
    contacts = people.contacts_of(journey)
    return render(
        request,
        "journeys/detail.html",
        {
            "journey": journey,
            "standing": standing,
            "cards": cards,
            "contact_rows": [(Party(p), contacts.get(p)) for p in CONTACT_PARTIES],
            "open_conditions": [] if arrived else readiness.open_conditions(journey),
            "arrived": arrived,
            "may_close": arrived and policies.can_close(request.user, journey),
            "may_offer_again": journey.closed_at is not None
            and journey.outcome == JourneyOutcome.COMPLETED
            and journey.group.stage == GroupStage.COMPLETED
            and policies.can_offer_group_again(request.user, journey),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", journeys, name="list"),
    path("<int:pk>/", detail, name="detail"),
]
