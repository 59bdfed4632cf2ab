from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import city_ids_for, is_national_coordinator
from samenhier.groups.models import Member
from samenhier.learning import policies, services
from samenhier.learning.forms import ModuleForm, SessionForm
from samenhier.learning.models import Module, Registration, TrainingSession
from samenhier.network.policies import cities_visible_to
from samenhier.web.http import AuthenticatedRequest


def get_session_for(user: Any, pk: int) -> TrainingSession:
    return get_object_or_404(
        policies.sessions_visible_to(user).select_related("module", "city", "trainer"), pk=pk
    )


@login_required
@require_safe
def overview(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_view_training(request.user):
        raise PermissionDenied
    sessions = (
        policies.sessions_visible_to(request.user)
        .filter(ends_at__gte=timezone.now())
        .select_related("module", "city")
        .annotate(places_left=F("capacity") - Count("registrations"))
    )
    past = (
        policies.sessions_visible_to(request.user)
        .filter(ends_at__lt=timezone.now())
        .select_related("module", "city")
        .order_by("-starts_at")[:20]
    )
    membership = Member.objects.current().filter(user=request.user).select_related("group").first()
    mine = (
        set(Registration.objects.filter(member=membership).values_list("session_id", flat=True))
        if membership
        else set()
    )
    return render(
        request,
        "learning/overview.html",
        {
            "modules": policies.modules_visible_to(request.user),
            "sessions": sessions,
            "past": past,
            "membership": membership,
            "mine": mine,
            "can_plan": policies.can_plan_sessions(request.user),
            "can_manage_curriculum": policies.can_manage_curriculum(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_plan_sessions(request.user):
        raise PermissionDenied
    cities = cities_visible_to(request.user)
    if not is_national_coordinator(request.user):
        cities = cities.filter(pk__in=city_ids_for(request.user, Role.LOCAL_COORDINATOR))
    trainers = policies.possible_trainers(cities)
    form = SessionForm(request.POST or None, cities=cities, trainers=trainers)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.plan_session(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session has been planned."))
            return redirect("learning:session", pk=session.pk)
    return render(request, "learning/plan.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def module(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    if not policies.can_manage_curriculum(request.user):
        raise PermissionDenied
    instance = get_object_or_404(Module, pk=pk) if pk else Module()
    form = ModuleForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_module(actor=request.user, module=form.save(commit=False))
        messages.success(request, _("The curriculum has been saved."))
        return redirect("learning:overview")
    return render(request, "learning/module.html", {"form": form, "module": instance})


@login_required
@require_http_methods(["GET", "POST"])
def session(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training = get_session_for(request.user, pk)
    can_manage = policies.can_manage_session(request.user, training)
    registrations = list(
        training.registrations.select_related("member__group").order_by("member__full_name")
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        attended = {r.pk: request.POST.get(f"attended-{r.pk}") == "yes" for r in registrations}
        try:
            services.record_attendance(actor=request.user, session=training, attended=attended)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Attendance has been recorded."))
        return redirect("learning:session", pk=training.pk)
    return render(
        request,
        "learning/session.html",
        {
            "training": training,
            # Who registered is for the people who run the session, not for other participants.
            "registrations": registrations if can_manage else [],
            "taken": len(registrations),
            "can_manage": can_manage,
            "started": training.starts_at <= timezone.now(),
        },
    )


@login_required
@require_POST
def register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training = get_session_for(request.user, pk)
    member = Member.objects.current().filter(user=request.user).select_related("group").first()
    if member is None:
        raise PermissionDenied
    try:
        services.register(actor=request.user, session=training, member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You are registered for %(session)s.") % {"session": training})
    return redirect("learning:overview")


@login_required
@require_POST
def unregister(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training = get_session_for(request.user, pk)
    registration = get_object_or_404(Registration, session=training, member__user=request.user)
    try:
        services.unregister(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("learning:overview")
