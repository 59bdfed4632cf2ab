"""Appointments of the year: the list, planning and changing them, the newcomer's choice of
company, and the private calendar addresses (the journey's and a person's own)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.accounts.models import User
from samenhier.journeys import appointments as rules
from samenhier.journeys import calendar, policies
from samenhier.journeys.checklist import title_of
from samenhier.journeys.forms_appointments import (
    AppointmentForm,
    CompanyForm,
    attach_errors,
    whole_number,
)
from samenhier.journeys.models import Appointment, CalendarFeed, Journey
from samenhier.journeys.policies import Standing
from samenhier.journeys.views.gate import get_journey_for, get_journey_where
from samenhier.network.services import StaleEdit
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

COLUMNS = [
    Column("starts", gettext_lazy("When"), "starts_at"),
    Column("title", gettext_lazy("What"), "title"),
    Column("place", gettext_lazy("Place"), None),
    Column("attendees", gettext_lazy("Who goes along"), None),
    Column("company", gettext_lazy("Company wanted"), None),
]
CARD_SIZE = 3


def card(journey: Journey, standing: Standing) -> dict[str, Any]:
    """The next appointments, in one query."""
    if not policies.appointments_visible_with(standing):
        return {}
    coming = rules.upcoming(journey.appointments.filter(cancelled_at__isnull=True), timezone.now())
    shown = list(coming.order_by("starts_at", "pk")[: CARD_SIZE + 1])
    return {"journey": journey, "next": shown[:CARD_SIZE], "more": len(shown) > CARD_SIZE}


def _with_attendees(queryset: Any) -> Any:
    people = User.objects.only("pk", "full_name", "email").order_by("full_name")
    return queryset.prefetch_related(Prefetch("attendees", queryset=people))


def _appointment_of(journey: Journey, appointment_pk: int) -> Appointment:
    return get_object_or_404(
        _with_attendees(journey.appointments.select_related("task")), pk=appointment_pk
    )


def _visible(user: Any, pk: int) -> tuple[Journey, Standing]:
    journey, standing = get_journey_for(user, pk)
    if not policies.appointments_visible_with(standing):
        raise PermissionDenied
    return journey, standing


@login_required
@require_safe
def appointment_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = _visible(request.user, pk)
    state = "past" if request.GET.get("state") == "past" else "upcoming"
    now = timezone.now()
    base = _with_attendees(journey.appointments.all())
    queryset = rules.past(base, now) if state == "past" else rules.upcoming(base, now)
    listing = sorted_page(
        request,
        queryset,
        columns=COLUMNS,
        default_sort="-starts" if state == "past" else "starts",
        search_fields=("title", "place"),
    )
    may_keep_feed = policies.can_keep_journey_feed(request.user, journey)
    feed = calendar.journey_feed_of(journey) if may_keep_feed else None
    return render(
        request,
        "journeys/appointments/list.html",
        {
            "journey": journey,
            "listing": listing,
            "state": state,
            "can_plan": policies.can_work_on_tasks(request.user, journey),
            "may_keep_feed": may_keep_feed,
            "feed": feed,
            "feed_url": calendar.feed_url(feed) if feed else "",
        },
    )


def _write(form: AppointmentForm, action: Callable[[], Appointment]) -> Appointment | None:
    try:
        return action()
    except (StaleEdit, ValidationError) as error:
        attach_errors(form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def appointment_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_work_on_tasks)
    task = None
    task_pk = whole_number(request.GET.get("task"))
    if task_pk is not None:
        task = rules.open_appointment_tasks(journey).filter(pk=task_pk).first()
    form = AppointmentForm(
        request.POST or None,
        journey=journey,
        actor=request.user,
        may_choose_company=policies.can_choose_company(request.user, journey),
        task=task,
    )
    if request.method == "POST" and form.is_valid():
        saved = _write(
            form,
            lambda: rules.plan_appointment(
                actor=request.user,
                journey=journey,
                task=form.cleaned_data.get("task"),
                **form.details(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The appointment has been planned."))
            return redirect("journeys:appointment", journey.pk, saved.pk)
    return render(
        request,
        "journeys/appointments/form.html",
        {
            "journey": journey,
            "form": form,
            "task": task,
            "appointment": None,
            "shows_company": "company" in form.fields,
        },
    )


@login_required
@require_safe
def appointment_detail(request: AuthenticatedRequest, pk: int, appointment_pk: int) -> HttpResponse:
    journey, _standing = _visible(request.user, pk)
    appointment = _appointment_of(journey, appointment_pk)
    open_ = appointment.cancelled_at is None
    may_choose = open_ and policies.can_choose_company(request.user, journey)
    company_form = (
        CompanyForm(initial={"company": appointment.company, "version": appointment.version})
        if may_choose
        else None
    )
    return render(
        request,
        "journeys/appointments/detail.html",
        {
            "journey": journey,
            "appointment": appointment,
            "can_change": open_ and policies.can_work_on_tasks(request.user, journey),
            "task_title": title_of(appointment.task) if appointment.task else "",
            "company_form": company_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_edit(request: AuthenticatedRequest, pk: int, appointment_pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_work_on_tasks)
    appointment = _appointment_of(journey, appointment_pk)
    if appointment.cancelled_at is not None:
        messages.error(request, _("This appointment has been cancelled."))
        return redirect("journeys:appointment", journey.pk, appointment.pk)
    form = AppointmentForm(
        request.POST or None,
        journey=journey,
        actor=request.user,
        may_choose_company=policies.can_choose_company(request.user, journey),
        appointment=appointment,
    )
    if request.method == "POST" and form.is_valid():
        saved = _write(
            form,
            lambda: rules.change_appointment(
                actor=request.user,
                appointment=appointment,
                version=form.cleaned_data.get("version"),
                **form.details(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The appointment has been changed."))
            return redirect("journeys:appointment", journey.pk, appointment.pk)
    return render(
        request,
        "journeys/appointments/form.html",
        {
            "journey": journey,
            "form": form,
            "appointment": appointment,
            "shows_company": "company" in form.fields,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_cancel(request: AuthenticatedRequest, pk: int, appointment_pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_work_on_tasks)
    appointment = _appointment_of(journey, appointment_pk)
    if request.method == "POST":
        try:
            rules.cancel_appointment(
                actor=request.user,
                appointment=appointment,
                version=whole_number(request.POST.get("version")),
            )
        except (StaleEdit, ValidationError) as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The appointment has been cancelled."))
        return redirect("journeys:appointment", journey.pk, appointment.pk)
    return render(
        request,
        "journeys/appointments/cancel.html",
        {"journey": journey, "appointment": appointment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_company(
    request: AuthenticatedRequest, pk: int, appointment_pk: int
) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_choose_company)
    appointment = _appointment_of(journey, appointment_pk)
    form = CompanyForm(
        request.POST or None,
        initial={"company": appointment.company, "version": appointment.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            rules.choose_company(
                actor=request.user,
                appointment=appointment,
                company=form.cleaned_data.get("company") or "",
                version=form.cleaned_data.get("version"),
            )
        except (StaleEdit, ValidationError) as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your choice has been saved."))
            return redirect("journeys:appointment", journey.pk, appointment.pk)
    return render(
        request,
        "journeys/appointments/company.html",
        {"journey": journey, "appointment": appointment, "form": form},
    )


# --- calendar addresses ----------------------------------------------------------------------


@login_required
@require_POST
def journey_feed_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_keep_journey_feed)
    calendar.create_journey_feed(actor=request.user, journey=journey)
    messages.success(request, _("The journey has a new calendar address."))
    return redirect("journeys:appointments", journey.pk)


def _revoke_page(
    request: AuthenticatedRequest, feed: CalendarFeed, back: str, journey: Journey | None
) -> HttpResponse:
    if request.method == "POST":
        calendar.revoke_feed(actor=request.user, feed=feed)
        messages.success(request, _("The calendar address no longer works."))
        return redirect(back)
    return render(
        request,
        "journeys/appointments/revoke_feed.html",
        {"feed": feed, "back": back, "journey": journey},
    )


@login_required
@require_http_methods(["GET", "POST"])
def journey_feed_revoke(request: AuthenticatedRequest, pk: int, feed_pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_keep_journey_feed)
    feed = get_object_or_404(journey.calendar_feeds.filter(revoked_at__isnull=True), pk=feed_pk)
    return _revoke_page(request, feed, reverse("journeys:appointments", args=[journey.pk]), journey)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_keep_calendar_feed(request.user):
        raise PermissionDenied
    if request.method == "POST":
        calendar.create_personal_feed(actor=request.user)
        messages.success(request, _("You have a new calendar address."))
        return redirect("journeys:calendar")
    feed = calendar.personal_feed_of(request.user)
    return render(
        request,
        "journeys/appointments/feeds.html",
        {"feed": feed, "feed_url": calendar.feed_url(feed) if feed else ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_revoke(request: AuthenticatedRequest, feed_pk: int) -> HttpResponse:
    feed = get_object_or_404(
        CalendarFeed.objects.filter(person=request.user, revoked_at__isnull=True), pk=feed_pk
    )
    return _revoke_page(request, feed, reverse("journeys:calendar"), None)


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The calendar itself, for calendar apps: no login, the secret address is the key."""
    feed = calendar.active_feed(secret)
    if feed is None:
        raise Http404
    response = HttpResponse(calendar.render_feed(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="samenhier.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns: list[URLPattern] = [
    path("<int:pk>/appointments/", appointment_list, name="appointments"),
    path("<int:pk>/appointments/new/", appointment_new, name="appointment_new"),
    path("<int:pk>/appointments/<int:appointment_pk>/", appointment_detail, name="appointment"),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/edit/",
        appointment_edit,
        name="appointment_edit",
    ),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/cancel/",
        appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/company/",
        appointment_company,
        name="appointment_company",
    ),
    path("<int:pk>/appointments/calendar/", journey_feed_new, name="journey_feed_new"),
    path(
        "<int:pk>/appointments/calendar/<int:feed_pk>/revoke/",
        journey_feed_revoke,
        name="journey_feed_revoke",
    ),
    path("calendar/", calendar_page, name="calendar"),
    path("calendar/<int:feed_pk>/revoke/", calendar_revoke, name="calendar_revoke"),
    path("calendar/<slug:secret>.ics", calendar_feed, name="calendar_feed"),
]
