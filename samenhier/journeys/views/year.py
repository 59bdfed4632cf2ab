"""The journey's frame: contact persons, readiness before arrival, arrival, closing, timeline."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.journeys import closing, people, policies, readiness, timeline
from samenhier.journeys.forms_year import ClosingForm, ContactPersonForm, MeetingForm
from samenhier.journeys.models import Journey
from samenhier.journeys.parties import CONTACT_PARTIES, Party
from samenhier.journeys.views.gate import get_journey_for, get_journey_where
from samenhier.web.http import AuthenticatedRequest


def _back(journey: Journey, name: str = "detail") -> HttpResponse:
    return redirect(f"journeys:{name}", journey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_persons(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_for(request.user, pk)
    editable = policies.can_appoint_contacts(request.user, journey)
    current = people.contacts_of(journey)
    forms: dict[str, ContactPersonForm] = {}
    if editable:
        for party in CONTACT_PARTIES:
            data = request.POST if request.POST.get("party") == party else None
            chosen = current.get(party)
            forms[party] = ContactPersonForm(
                data,
                prefix=party,
                candidates=people.candidates(journey, party),
                initial={"person": chosen.person_id if chosen else None},
            )
    if request.method == "POST":
        posted = request.POST.get("party", "")
        if not editable or posted not in forms:
            raise Http404
        form = forms[posted]
        if form.is_valid():
            try:
                people.appoint(
                    actor=request.user,
                    journey=journey,
                    party=posted,
                    person=form.cleaned_data["person"],
                )
            except ValidationError as error:
                form.add_error("person", error)
            else:
                messages.success(request, _("The contact person is saved."))
                return _back(journey, "people")
    rows = [(Party(p), current.get(p), forms.get(p)) for p in CONTACT_PARTIES]
    return render(
        request,
        "journeys/people.html",
        {"journey": journey, "standing": standing, "rows": rows, "editable": editable},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def readiness_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_for(request.user, pk)
    may_record = policies.can_record_meeting(request.user, journey)
    form = MeetingForm(request.POST or None) if may_record else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                readiness.record_meeting(actor=request.user, journey=journey, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The meeting is recorded."))
                return _back(journey, "readiness")
    return render(
        request,
        "journeys/readiness.html",
        {
            "journey": journey,
            "standing": standing,
            "conditions": readiness.conditions(journey),
            "meetings": journey.meetings.select_related("recorded_by"),
            "form": form,
            "may_mark": policies.can_mark_ready(request.user, journey),
            "may_arrive": policies.can_set_arrival(request.user, journey)
            and journey.ready_at is not None
            and not closing.has_arrived(journey),
        },
        status=400 if request.method == "POST" else 200,
    )


def _act(
    request: AuthenticatedRequest,
    pk: int,
    rule: Callable[[Any, Journey], bool],
    act: Callable[..., Any],
    done: str,
    back: str = "detail",
) -> HttpResponse:
    """A one-button step: do it, say so (or say why not), and go back."""
    journey, _standing = get_journey_where(request.user, pk, rule)
    try:
        act(actor=request.user, journey=journey)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(journey, back)


@login_required
@require_POST
def mark_ready(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        policies.can_mark_ready,
        readiness.mark_ready,
        _("The journey is ready for arrival."),
        back="readiness",
    )


@login_required
@require_POST
def record_arrival(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        policies.can_set_arrival,
        closing.record_arrival,
        _("Welcome! The arrival is recorded; the year has begun."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_where(request.user, pk, policies.can_close)
    form = ClosingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Closing and offering the group again stand or fall together.
            with transaction.atomic():
                closing.close_year(
                    actor=request.user,
                    journey=journey,
                    final_evaluation_on=data["final_evaluation_on"],
                    handover=data["handover"],
                    continues_informally=data["continues_informally"],
                )
                if data["group_available"]:
                    closing.offer_group_again(actor=request.user, journey=journey)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The year is closed. Thank you all."))
            return _back(journey)
    return render(
        request,
        "journeys/close.html",
        {
            "journey": journey,
            "standing": standing,
            "form": form,
            "arrived": closing.has_arrived(journey),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def offer_again(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        policies.can_offer_group_again,
        closing.offer_group_again,
        _("The group is available for a new match."),
    )


@login_required
@require_safe
def timeline_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_for(request.user, pk)
    kinds = timeline.visible_kinds(request.user, journey, standing)
    kind = request.GET.get("kind", "")
    if kind not in kinds:
        kind = ""
    entries = timeline.entries(request.user, journey, standing, kind)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "journeys/timeline.html",
        {
            "journey": journey,
            "standing": standing,
            "page": page,
            "listing": {"page": page},
            "kinds": kinds,
            "kind": kind,
        },
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/people/", contact_persons, name="people"),
    path("<int:pk>/readiness/", readiness_page, name="readiness"),
    path("<int:pk>/ready/", mark_ready, name="ready"),
    path("<int:pk>/arrived/", record_arrival, name="arrived"),
    path("<int:pk>/close/", close, name="close"),
    path("<int:pk>/offer-again/", offer_again, name="offer_again"),
    path("<int:pk>/timeline/", timeline_page, name="timeline"),
]
