"""The arrival checklist of a journey, and the national template it is made from."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.journeys import checklist, policies
from samenhier.journeys.forms_checklist import (
    ArrivalForm,
    AssignForm,
    ChecklistFilterForm,
    CompanyForm,
    TemplateLineForm,
)
from samenhier.journeys.models import Journey, Task, TaskTemplate
from samenhier.journeys.parties import Company, Phase
from samenhier.journeys.policies import Standing
from samenhier.journeys.views.gate import get_journey_for, get_journey_where
from samenhier.network.services import StaleEdit
from samenhier.web.http import AuthenticatedRequest

# --- the journey's checklist --------------------------------------------------------------


def _dress(task: Task, on: Any) -> Task:
    """What a row shows besides the task's own fields."""
    task.shown_title = checklist.title_of(task)  # type: ignore[attr-defined]
    task.overdue = checklist.is_overdue(task, on)  # type: ignore[attr-defined]
    task.days_late = (on - task.due_on).days  # type: ignore[attr-defined]
    return task


def _abilities(request: AuthenticatedRequest, journey: Journey) -> dict[str, Any]:
    user = request.user
    return {
        "can_work": policies.can_work_on_tasks(user, journey),
        "can_choose": policies.can_choose_company(user, journey),
        "can_set_arrival": policies.can_set_arrival(user, journey),
        "company_choices": Company.choices,
    }


def _filtered(
    request: AuthenticatedRequest,
    journey: Journey,
    standing: Standing,
    filters: ChecklistFilterForm,
) -> list[Task]:
    on = checklist.today()
    tasks = Task.objects.filter(journey=journey).select_related("assignee")
    data = filters.cleaned_data if filters.is_valid() else {}
    if data.get("phase"):
        tasks = tasks.filter(phase=data["phase"])
    state = data.get("state")
    if state == "open":
        tasks = tasks.filter(done_at__isnull=True)
    elif state == "done":
        tasks = tasks.filter(done_at__isnull=False)
    elif state == "overdue":
        tasks = tasks.filter(done_at__isnull=True, due_on__lt=on)
    if data.get("mine"):
        tasks = tasks.filter(Q(assignee=request.user) | Q(owner__in=standing.parties))
    rows = [_dress(task, on) for task in tasks.order_by("due_on", "pk")]
    query = (data.get("q") or "").strip().casefold()
    if query:
        # Search what the reader sees (a translated title) as well as what was typed.
        rows = [
            t
            for t in rows
            if query in str(t.shown_title).casefold()  # type: ignore[attr-defined]
            or query in t.title.casefold()
        ]
    return rows


def _page(
    request: AuthenticatedRequest,
    journey: Journey,
    standing: Standing,
    arrival_form: ArrivalForm | None = None,
) -> HttpResponse:
    filters = ChecklistFilterForm(request.GET or None)
    rows = _filtered(request, journey, standing, filters)
    phases = [(phase, [t for t in rows if t.phase == phase.value]) for phase in Phase]
    abilities = _abilities(request, journey)
    if arrival_form is None and abilities["can_set_arrival"]:
        arrival_form = ArrivalForm(journey=journey)
    return render(
        request,
        "journeys/checklist/page.html",
        {
            "journey": journey,
            "standing": standing,
            "filters": filters,
            "phases": [(phase, tasks) for phase, tasks in phases if tasks],
            "shown": len(rows),
            "summary": checklist.summary(journey, checklist.today()),
            "arrival_form": arrival_form,
            "back": request.get_full_path(),
            **abilities,
        },
    )


@login_required
@require_safe
def checklist_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_for(request.user, pk)
    return _page(request, journey, standing)


@login_required
@require_http_methods(["GET", "POST"])
def arrival(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_set_arrival)
    form = ArrivalForm(request.POST or None, journey=journey)
    if request.method == "POST" and form.is_valid():
        first = journey.arrival_at is None
        try:
            checklist.set_arrival(
                actor=request.user,
                journey=journey,
                arrival_at=form.cleaned_data["arrival_at"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:  # a stale edit, or the journey closed meanwhile
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The arrival is set and the checklist is made.")
                if first
                else _("The arrival is moved; the open tasks moved along."),
            )
            return redirect("journeys:checklist", journey.pk)
    return render(request, "journeys/checklist/arrival.html", {"journey": journey, "form": form})


def _task_in(journey: Journey, task_pk: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("assignee"), journey=journey, pk=task_pk)
    task.journey = journey  # the gate's copy, with its household and group
    return task


def _task_page(
    request: AuthenticatedRequest,
    journey: Journey,
    task: Task,
    *,
    assign_form: AssignForm | None = None,
    company_form: CompanyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    abilities = _abilities(request, journey)
    if assign_form is None and abilities["can_work"]:
        assign_form = AssignForm(
            journey=journey, initial={"assignee": task.assignee_id, "version": task.version}
        )
    if company_form is None and abilities["can_choose"] and task.is_appointment:
        company_form = CompanyForm(initial={"company": task.company, "version": task.version})
    return render(
        request,
        "journeys/checklist/task.html",
        {
            "journey": journey,
            "task": _dress(task, checklist.today()),
            "assign_form": assign_form,
            "company_form": company_form,
            "back": reverse("journeys:checklist", args=[journey.pk]),
            **abilities,
        },
        status=status,
    )


@login_required
@require_safe
def task_detail(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    journey, _standing = get_journey_for(request.user, pk)
    return _task_page(request, journey, _task_in(journey, task_pk))


def _back_to(request: AuthenticatedRequest, journey: Journey) -> HttpResponse:
    """Back where the person was (the checklist with their filters), never elsewhere."""
    target = request.POST.get("back", "")
    home = reverse("journeys:checklist", args=[journey.pk])
    if not (
        target.startswith(home)
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        target = home
    return redirect(target)


def _row(request: AuthenticatedRequest, journey: Journey, task: Task) -> HttpResponse:
    """For htmx: the task's row again, in its new state."""
    return render(
        request,
        "journeys/checklist/page.html#task-row",
        {
            "journey": journey,
            "task": _dress(task, checklist.today()),
            "back": request.POST.get("back", ""),
            **_abilities(request, journey),
        },
    )


def _tick(request: AuthenticatedRequest, pk: int, task_pk: int, done: bool) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_work_on_tasks)
    task = _task_in(journey, task_pk)
    service = checklist.complete_task if done else checklist.reopen_task
    task = service(actor=request.user, task=task)
    if request.htmx:
        return _row(request, journey, task)
    title = checklist.title_of(task)
    messages.success(
        request,
        (_("Done: %(task)s") if done else _("Open again: %(task)s")) % {"task": title},
    )
    return _back_to(request, journey)


@login_required
@require_POST
def complete(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    return _tick(request, pk, task_pk, done=True)


@login_required
@require_POST
def reopen(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    return _tick(request, pk, task_pk, done=False)


@login_required
@require_POST
def assign(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_work_on_tasks)
    task = _task_in(journey, task_pk)
    form = AssignForm(request.POST, journey=journey)
    if form.is_valid():
        try:
            checklist.assign_task(
                actor=request.user,
                task=task,
                assignee=form.cleaned_data["assignee"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The task has been given to someone."))
            return redirect("journeys:checklist_task", journey.pk, task.pk)
    return _task_page(request, journey, task, assign_form=form)


@login_required
@require_POST
def company(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_choose_company)
    task = _task_in(journey, task_pk)
    form = CompanyForm(request.POST)
    if form.is_valid():
        try:
            checklist.choose_company(
                actor=request.user,
                task=task,
                company=form.cleaned_data["company"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choice has been saved."))
            return _back_to(request, journey)
    return _task_page(request, journey, task, company_form=form)


# --- the national template ----------------------------------------------------------------


def _maintainer(request: AuthenticatedRequest) -> None:
    if not policies.can_maintain_checklist_template(request.user):
        raise PermissionDenied


@login_required
@require_safe
def template_list(request: AuthenticatedRequest) -> HttpResponse:
    _maintainer(request)
    lines = list(TaskTemplate.objects.order_by("-active", "offset_days", "pk"))
    for line in lines:
        line.shown_title = checklist.title_of(line)  # type: ignore[attr-defined]
    return render(request, "journeys/checklist/template_list.html", {"lines": lines})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthenticatedRequest, line_pk: int | None = None) -> HttpResponse:
    _maintainer(request)
    line = get_object_or_404(TaskTemplate, pk=line_pk) if line_pk else TaskTemplate()
    form = TemplateLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            saved = checklist.save_line(actor=request.user, form=form)
        except StaleEdit as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The line “%(title)s” has been saved.") % {"title": saved.title}
            )
            return redirect("journeys:checklist_template")
    return render(request, "journeys/checklist/template_form.html", {"form": form, "line": line})


@login_required
@require_http_methods(["GET", "POST"])
def template_deactivate(request: AuthenticatedRequest, line_pk: int) -> HttpResponse:
    """A page that asks first, so taking a line out of use needs no script to be confirmed."""
    _maintainer(request)
    line = get_object_or_404(TaskTemplate, pk=line_pk)
    error = ""
    if request.method == "POST":
        try:
            checklist.set_line_active(
                actor=request.user, line=line, active=False, version=_version(request)
            )
        except StaleEdit as stale:
            error = stale.messages[0]
        else:
            messages.success(
                request,
                _("The line “%(title)s” is no longer in use.")
                % {"title": checklist.title_of(line)},
            )
            return redirect("journeys:checklist_template")
    return render(
        request,
        "journeys/checklist/template_deactivate.html",
        {"line": line, "shown_title": checklist.title_of(line), "error": error},
    )


@login_required
@require_POST
def template_activate(request: AuthenticatedRequest, line_pk: int) -> HttpResponse:
    _maintainer(request)
    line = get_object_or_404(TaskTemplate, pk=line_pk)
    try:
        checklist.set_line_active(
            actor=request.user, line=line, active=True, version=_version(request)
        )
    except StaleEdit as stale:
        messages.error(request, stale.messages[0])
    else:
        messages.success(
            request,
            _("The line “%(title)s” is in use again.") % {"title": checklist.title_of(line)},
        )
    return redirect("journeys:checklist_template")


def _version(request: AuthenticatedRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


# --- the journey's page -------------------------------------------------------------------


def card(journey: Journey, standing: Standing) -> dict[str, Any]:
    """Open, overdue and done, and the next three tasks: two queries."""
    if not standing.any:
        return {}
    on = checklist.today()
    summary = checklist.summary(journey, on)
    return {
        "summary": summary,
        "upcoming": [_dress(task, on) for task in summary.upcoming],
        "arrival_set": journey.arrival_at is not None,
    }


urlpatterns: list[URLPattern] = [
    path("<int:pk>/checklist/", checklist_page, name="checklist"),
    path("<int:pk>/checklist/arrival/", arrival, name="checklist_arrival"),
    path("<int:pk>/checklist/<int:task_pk>/", task_detail, name="checklist_task"),
    path("<int:pk>/checklist/<int:task_pk>/done/", complete, name="checklist_done"),
    path("<int:pk>/checklist/<int:task_pk>/reopen/", reopen, name="checklist_reopen"),
    path("<int:pk>/checklist/<int:task_pk>/assign/", assign, name="checklist_assign"),
    path("<int:pk>/checklist/<int:task_pk>/company/", company, name="checklist_company"),
    path("checklist-template/", template_list, name="checklist_template"),
    path("checklist-template/add/", template_edit, name="checklist_template_add"),
    path("checklist-template/<int:line_pk>/", template_edit, name="checklist_template_edit"),
    path(
        "checklist-template/<int:line_pk>/deactivate/",
        template_deactivate,
        name="checklist_template_deactivate",
    ),
    path(
        "checklist-template/<int:line_pk>/activate/",
        template_activate,
        name="checklist_template_activate",
    ),
]
