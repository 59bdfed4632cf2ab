"""Signals: raised by the group about a journey, followed up by the party responsible, and
counted per city for the coordinators."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from samenhier.audit.models import AccessLog
from samenhier.audit.services import record_access
from samenhier.journeys import policies, signalling
from samenhier.journeys.forms_signals import FollowUpForm, RaiseSignalForm, SignalFilterForm
from samenhier.journeys.models import Journey, Signal
from samenhier.journeys.parties import SignalStatus, SignalTopic
from samenhier.journeys.policies import Standing
from samenhier.journeys.views.gate import get_journey_where
from samenhier.network.models import City
from samenhier.network.services import StaleEdit
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

COLUMNS = [
    Column("raised", gettext_lazy("Raised on"), "raised_at"),
    Column("topic", gettext_lazy("Topic"), "topic"),
    Column("party", gettext_lazy("Routed to"), "party"),
    Column("status", gettext_lazy("Status"), "status"),
]
CITY_COLUMNS = [
    Column("household", gettext_lazy("Household"), "journey__household__reference"),
    Column("city", gettext_lazy("City"), "journey__household__city__name"),
    *COLUMNS,
]


@login_required
@require_safe
def signal_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_view_signals)
    queryset = policies.signals_visible_to(request.user, journey).select_related("routed_to")
    listing = sorted_page(request, queryset, columns=COLUMNS, default_sort="-raised")
    return render(
        request,
        "journeys/signals/list.html",
        {
            "journey": journey,
            "listing": listing,
            "may_raise": policies.can_raise_signal(request.user, journey),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_raise_signal)
    form = RaiseSignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signal = signalling.raise_signal(
                actor=request.user,
                journey=journey,
                topic=form.cleaned_data["topic"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The signal has been sent to: %(party)s.")
                % {"party": signal.get_party_display()},
            )
            return redirect("journeys:signal", pk=journey.pk, signal_pk=signal.pk)
    return render(request, "journeys/signals/form.html", {"journey": journey, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def signal_detail(request: AuthenticatedRequest, pk: int, signal_pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_view_signals)
    signal = get_object_or_404(
        policies.signals_visible_to(request.user, journey).select_related(
            "routed_to", "raised_by", "answered_by"
        ),
        pk=signal_pk,
    )
    signal.journey = journey
    record_access(
        user=request.user,
        obj=signal,
        fields=["description", "answer"],
        purpose=AccessLog.Purpose.SUPPORT,
        path=request.path,
    )
    may_answer = policies.can_answer_signal(request.user, signal) and bool(
        signalling.allowed_statuses(signal)
    )
    if request.method == "POST" and not may_answer:
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, instance=signal) if may_answer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            signalling.follow_up(
                actor=request.user,
                signal=signal,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data.get("answer") or "",
                version=form.cleaned_data.get("version"),
            )
        except StaleEdit as error:
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up has been saved."))
            return redirect("journeys:signal", pk=journey.pk, signal_pk=signal.pk)
    return render(
        request,
        "journeys/signals/detail.html",
        {"journey": journey, "signal": signal, "form": form},
    )


def _count_cities(user: Any) -> QuerySet[City]:
    ids = policies.signal_count_city_ids(user)
    cities = City.objects.all() if ids is None else City.objects.filter(pk__in=ids)
    return cities.order_by("name")


def count_table(signals: QuerySet[Signal], cities: list[City]) -> list[dict[str, Any]]:
    """One row per city and topic that has signals, with a count per status and in all."""
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for row in signals.values("journey__household__city", "topic", "status").annotate(
        n=Count("pk")
    ):
        counts[(row["journey__household__city"], row["topic"])][row["status"]] = row["n"]
    table = []
    for city in cities:
        for topic in SignalTopic:
            found = counts.get((city.pk, topic.value))
            if not found:
                continue
            table.append(
                {
                    "city": city,
                    "topic": topic.label,
                    "counts": [found.get(status.value, 0) for status in SignalStatus],
                    "total": sum(found.values()),
                }
            )
    return table


@login_required
@require_safe
def signal_counts(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_view_signal_counts(request.user):
        raise PermissionDenied
    cities = _count_cities(request.user)
    city_list = list(cities)
    signals = Signal.objects.filter(journey__household__city__in=cities)
    filters = SignalFilterForm(request.GET or None, cities=cities)
    listed = signals.select_related("journey__household__city")
    if filters.is_valid():
        data = filters.cleaned_data
        listed = listed.filter(
            Q(topic=data["topic"]) if data.get("topic") else Q(),
            Q(status=data["status"]) if data.get("status") else Q(),
            Q(journey__household__city=data["city"]) if data.get("city") else Q(),
        )
    listing = sorted_page(request, listed, columns=CITY_COLUMNS, default_sort="-raised")
    table = count_table(signals, city_list)
    counted = {row["city"].pk for row in table}
    return render(
        request,
        "journeys/signals/counts.html",
        {
            "table": table,
            "statuses": SignalStatus.choices,
            "quiet_cities": [c for c in city_list if c.pk not in counted],
            "listing": listing,
            "filters": filters,
        },
    )


urlpatterns: list[URLPattern] = [
    path("signals/", signal_counts, name="signal_counts"),
    path("<int:pk>/signals/", signal_list, name="signals"),
    path("<int:pk>/signals/new/", signal_new, name="signal_new"),
    path("<int:pk>/signals/<int:signal_pk>/", signal_detail, name="signal"),
]


def card(journey: Journey, standing: Standing) -> dict[str, Any]:
    """What this part adds to the journey's page: the signals still open, one query."""
    if not policies.sees_signals(standing):
        return {}
    signals = journey.signals.all()
    if not (standing.member or standing.builder or standing.coordinates):
        signals = signals.filter(party__in=standing.parties)
    figures = signals.aggregate(
        open=Count("pk", filter=Q(status__in=signalling.STILL_OPEN)),
        answered=Count("pk", filter=Q(status=SignalStatus.ANSWERED)),
        total=Count("pk"),
    )
    return {
        **figures,
        "may_raise": journey.closed_at is None and (standing.member or standing.builder),
    }
