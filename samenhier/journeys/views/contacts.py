"""The contact log of a journey: the list, recording, correcting, the chart of the year."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_safe

from samenhier.audit.models import AccessLog
from samenhier.audit.services import record_access
from samenhier.journeys import contacts, policies
from samenhier.journeys.forms_contacts import PERIODS, ContactFilterForm, ContactForm
from samenhier.journeys.models import ContactEntry, Journey
from samenhier.journeys.policies import Standing
from samenhier.journeys.views.gate import get_journey_where
from samenhier.network.models import Programme
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

COLUMNS = [
    Column("date", gettext_lazy("Date"), "occurred_on"),
    Column("kind", gettext_lazy("Kind"), "kind"),
    Column("minutes", gettext_lazy("Minutes"), "minutes"),
    Column("who", gettext_lazy("Who took part"), None),
    Column("note", gettext_lazy("Note"), None),
    Column("actions", gettext_lazy("Actions"), None),
]


@login_required
@require_safe
def contact_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_where(request.user, pk, policies.can_view_contacts)
    filters = ContactFilterForm(request.GET or None)
    queryset = journey.contacts.select_related("recorded_by").prefetch_related("participants")
    if filters.is_valid():
        if kind := filters.cleaned_data.get("kind"):
            queryset = queryset.filter(kind=kind)
        if period := filters.cleaned_data.get("period"):
            queryset = queryset.filter(occurred_on__gt=timezone.localdate() - PERIODS[period])
    listing = sorted_page(request, queryset, columns=COLUMNS, default_sort="-date")
    # The notes may hold more than they should: who read them is written down.
    record_access(
        user=request.user,
        obj=journey,
        fields=["contacts.note"],
        purpose=AccessLog.Purpose.SUPPORT,
        path=request.path,
    )
    return render(
        request,
        "journeys/contacts/list.html",
        {
            "journey": journey,
            "listing": listing,
            "filters": filters,
            "may_record": policies.can_record_contact(request.user, journey),
            "summary": summary(journey, standing),
        },
    )


def _contact_form(
    request: AuthenticatedRequest, journey: Journey, entry: ContactEntry | None
) -> ContactForm:
    initial = {}
    if entry is None:
        initial = {"occurred_on": timezone.localdate(), "participants": [request.user.pk]}
    return ContactForm(
        request.POST or None,
        instance=entry,
        initial=initial,
        journey=journey,
        today=timezone.localdate(),
    )


def _save(
    request: AuthenticatedRequest, form: ContactForm, journey: Journey, entry: ContactEntry | None
) -> bool:
    data: dict[str, Any] = {
        "occurred_on": form.cleaned_data["occurred_on"],
        "kind": form.cleaned_data["kind"],
        "minutes": form.cleaned_data.get("minutes"),
        "participants": list(form.cleaned_data.get("participants") or []),
        "note": form.cleaned_data.get("note") or "",
    }
    try:
        if entry is None:
            contacts.record_contact(actor=request.user, journey=journey, **data)
        else:
            contacts.update_contact(actor=request.user, entry=entry, **data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_record_contact)
    form = _contact_form(request, journey, None)
    if request.method == "POST" and form.is_valid() and _save(request, form, journey, None):
        messages.success(request, _("The contact has been recorded."))
        return redirect("journeys:contacts", pk=journey.pk)
    return render(
        request, "journeys/contacts/form.html", {"journey": journey, "form": form, "entry": None}
    )


def _own_entry(request: AuthenticatedRequest, pk: int, entry_pk: int) -> ContactEntry:
    journey, _standing = get_journey_where(request.user, pk, policies.can_view_contacts)
    entry = get_object_or_404(journey.contacts.all(), pk=entry_pk)
    entry.journey = journey
    if not policies.can_change_contact(request.user, entry):
        raise PermissionDenied
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = _own_entry(request, pk, entry_pk)
    form = _contact_form(request, entry.journey, entry)
    if request.method == "POST" and form.is_valid() and _save(request, form, entry.journey, entry):
        messages.success(request, _("The contact has been corrected."))
        return redirect("journeys:contacts", pk=entry.journey_id)
    return render(
        request,
        "journeys/contacts/form.html",
        {"journey": entry.journey, "form": form, "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = _own_entry(request, pk, entry_pk)
    if request.method == "POST":
        contacts.delete_contact(actor=request.user, entry=entry)
        messages.success(request, _("The contact has been removed from the log."))
        return redirect("journeys:contacts", pk=entry.journey_id)
    return render(
        request, "journeys/contacts/delete.html", {"journey": entry.journey, "entry": entry}
    )


def _weeks(journey: Journey) -> list[contacts.Week]:
    dates = journey.contacts.values_list("occurred_on", flat=True)
    return contacts.weekly_counts(journey, dates, timezone.localdate())


@login_required
@require_safe
def contact_chart(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_view_contacts)
    weeks = _weeks(journey)
    return render(
        request,
        "journeys/contacts/chart.html",
        {
            "journey": journey,
            "weeks": weeks,
            "description": contacts.chart_description(weeks),
            "year_start": contacts.year_start(journey),
        },
    )


# The SVG is our own output, shown through <img>: nothing in it runs, and matplotlib styles
# its shapes with style attributes, which the page's policy would otherwise block.
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]})
@login_required
@require_safe
def contact_chart_svg(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_view_contacts)
    response = HttpResponse(contacts.chart_svg(_weeks(journey)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("<int:pk>/contacts/", contact_list, name="contacts"),
    path("<int:pk>/contacts/new/", contact_new, name="contact_new"),
    path("<int:pk>/contacts/<int:entry_pk>/edit/", contact_edit, name="contact_edit"),
    path("<int:pk>/contacts/<int:entry_pk>/delete/", contact_delete, name="contact_delete"),
    path("<int:pk>/contacts/chart/", contact_chart, name="contact_chart"),
    path("<int:pk>/contacts/chart.svg", contact_chart_svg, name="contact_chart_svg"),
]


def summary(journey: Journey, standing: Standing) -> dict[str, Any]:
    """Last contact, the last four weeks against what was expected, and a silence in words:
    two queries whatever the size of the log."""
    today = timezone.localdate()
    since = today - timedelta(weeks=contacts.RECENT_WEEKS)
    figures = journey.contacts.aggregate(
        last=Max("occurred_on"), recent=Count("pk", filter=Q(occurred_on__gt=since))
    )
    programme = Programme.current()
    silence = contacts.days_silent(journey, figures["last"], today)
    return {
        "last": figures["last"],
        "recent": figures["recent"],
        "expected": contacts.expected_between(journey, since + timedelta(days=1), today, programme),
        "silent": contacts.is_silent(journey, figures["last"], today, programme.silence_alert_days),
        "days_silent": silence,
    }


def card(journey: Journey, standing: Standing) -> dict[str, Any]:
    """What this part adds to the journey's page; a constant number of queries."""
    if not policies.sees_contacts(standing):
        return {}
    return {
        **summary(journey, standing),
        "may_record": standing.member and journey.closed_at is None,
    }
