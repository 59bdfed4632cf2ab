"""The coordinator's side: choose who takes part, run the engine, adjust, send for approval."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.network.policies import cities_visible_to
from samenhier.newcomers.lifecycle import Track
from samenhier.newcomers.profile import profile_of
from samenhier.proposals import explain, policies, present, services, snapshot
from samenhier.proposals.forms import PairForm, RunScopeForm, SelectionForm, SwapForm
from samenhier.proposals.lifecycle import RunStatus
from samenhier.proposals.models import MatchingRun, PairChoice
from samenhier.proposals.selection import available_groups, ready_households, with_positions
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

RUN_COLUMNS = [
    Column("started", gettext_lazy("Started"), "created_at"),
    Column("track", gettext_lazy("Track"), "track"),
    Column("city", gettext_lazy("City"), "city__name"),
    Column("status", gettext_lazy("Status"), "status"),
    Column("sent", gettext_lazy("Sent for approval"), "published_at"),
]


def get_run_for(user: Any, pk: int) -> MatchingRun:
    """The only way views reach a run: 404 when the user may not see it."""
    return get_object_or_404(
        policies.runs_visible_to(user).select_related("city", "created_by"), pk=pk
    )


def _tracks(user: Any) -> list[str]:
    return [t for t in Track.values if policies.run_cities(user, t) != set()]


@login_required
@require_safe
def runs(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_view_runs(request.user):
        raise PermissionDenied
    queryset = policies.runs_visible_to(request.user).select_related("city", "created_by")
    status = request.GET.get("status", "")
    if status in RunStatus.values:
        queryset = queryset.filter(status=status)
    listing = sorted_page(request, queryset, columns=RUN_COLUMNS, default_sort="-started")
    return render(
        request,
        "proposals/runs.html",
        {"listing": listing, "statuses": RunStatus.choices, "status": status},
    )


def _scope(request: AuthenticatedRequest) -> tuple[RunScopeForm, str | None, Any]:
    tracks = _tracks(request.user)
    if not tracks:
        raise PermissionDenied
    cities = cities_visible_to(request.user)
    scope = RunScopeForm(request.GET or None, tracks=tracks, cities=cities)
    if not scope.is_valid():
        return scope, None, None
    return scope, scope.cleaned_data["track"], scope.cleaned_data["city"]


@login_required
@require_http_methods(["GET", "POST"])
def new_run(request: AuthenticatedRequest) -> HttpResponse:
    """Step one: the scope. Step two: who takes part, with the pre-selection beside them."""
    scope, track, city = _scope(request)
    context: dict[str, Any] = {"scope": scope}
    if track is None or not policies.can_run(request.user, track, city.pk if city else None):
        if track is not None:
            scope.add_error("city", _("Choose one of your cities."))
        return render(request, "proposals/new_run.html", context)
    cities = {city.pk} if city else None
    ready = ready_households(track, cities).order_by("reference")
    available = available_groups(track, cities).order_by("city__name", "name")
    # Keys and labels only: starting a run of thousands should not load every profile twice.
    household_choices = list(ready.values_list("pk", "reference"))
    group_choices = list(available.values_list("pk", "name"))
    form = SelectionForm(
        request.POST or None,
        households=household_choices,
        groups=group_choices,
        initial={
            "households": [pk for pk, _ref in household_choices],
            "groups": [pk for pk, _name in group_choices],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_run(
                actor=request.user,
                track=track,
                city=city,
                household_pks=form.cleaned_data["households"],
                group_pks=form.cleaned_data["groups"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("The run has started."))
            return redirect("proposals:run", pk=run.pk)
    # Only for the page: a run that starts goes to the worker without waiting for it.
    households = list(ready.prefetch_related("family"))
    groups = list(with_positions(available))
    preselection = _preselection(households, groups)
    context.update(
        {"form": form, "track": track, "city": city, "preselection": preselection, "groups": groups}
    )
    return render(request, "proposals/new_run.html", context)


def _preselection(households: list[Any], groups: list[Any]) -> list[dict[str, Any]]:
    """For each household: its anonymous profile, how many groups could take it, and if none,
    why not; from the same records the engine will get."""
    group_records = [snapshot.group_record(g, int(g.room)) for g in groups]
    excluded = {
        (snapshot.household_key(h), snapshot.group_key(g))
        for h, g in services.declined_pairs(h.pk for h in households)
    }
    rows = []
    today = timezone.localdate()
    for household in households:
        record = snapshot.household_record(household)
        compatible = sum(
            1 for g in group_records if explain.pair_problem(record, g, excluded) is None
        )
        rows.append(
            {
                "household": household,
                "profile": profile_of(household, today),
                "compatible": compatible,
                "reasons": explain.why_no_group(record, group_records, excluded),
            }
        )
    return rows


@login_required
@require_safe
def run(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    matching_run = get_run_for(request.user, pk)
    context: dict[str, Any] = {
        "run": matching_run,
        "can_manage": policies.can_manage_run(request.user, matching_run),
    }
    if request.htmx and matching_run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        return render(request, "proposals/run.html#progress", context)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    if matching_run.status == RunStatus.DONE:
        rows, left = present.result_rows(matching_run)
        editable = context["can_manage"] and matching_run.published_at is None
        context.update(
            {
                "rows": rows,
                "left": left,
                "editable": editable,
                "swap": SwapForm(households=[(r.household_pk, r.reference) for r in rows]),
                "objective": (matching_run.result or {}).get("objective", {}),
            }
        )
    return render(request, "proposals/run.html", context)


def _act(request: AuthenticatedRequest, pk: int, act: Any, done: str) -> HttpResponse:
    matching_run = get_run_for(request.user, pk)
    if not policies.can_manage_run(request.user, matching_run):
        raise PermissionDenied
    try:
        outcome = act(matching_run)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("proposals:run", pk=matching_run.pk)
    messages.success(request, done)
    if isinstance(outcome, MatchingRun):
        return redirect("proposals:run", pk=outcome.pk)
    return redirect("proposals:run", pk=matching_run.pk)


def _on_pair(request: AuthenticatedRequest, pk: int, service: Any, done: str) -> HttpResponse:
    """Lock or exclude the posted pair of household and group."""

    def act(r: MatchingRun) -> None:
        form = PairForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a household and a group."))
        service(
            actor=request.user,
            run=r,
            household_pk=form.cleaned_data["household"],
            group_pk=form.cleaned_data["group"],
            reason=form.cleaned_data["reason"],
        )

    return _act(request, pk, act, done)


@login_required
@require_POST
def lock(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _on_pair(request, pk, services.lock, _("The pair is locked for the next run."))


@login_required
@require_POST
def exclude(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _on_pair(request, pk, services.exclude, _("The pair is excluded from the next run."))


@login_required
@require_POST
def swap(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(r: MatchingRun) -> None:
        form = SwapForm(request.POST, households=present.proposed_households(r))
        if not form.is_valid():
            raise ValidationError(next(iter(form.errors.values()))[0])
        services.swap(
            actor=request.user,
            run=r,
            first_pk=form.cleaned_data["first"],
            second_pk=form.cleaned_data["second"],
            reason=form.cleaned_data["reason"],
        )

    return _act(request, pk, act, _("The groups are swapped and locked for the next run."))


@login_required
@require_POST
def undo(request: AuthenticatedRequest, pk: int, choice: int) -> HttpResponse:
    def act(r: MatchingRun) -> None:
        services.undo_choice(
            actor=request.user, choice=get_object_or_404(PairChoice, run=r, pk=choice)
        )

    return _act(request, pk, act, _("Undone."))


@login_required
@require_POST
def rerun(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda r: services.rerun(actor=request.user, run=r),
        _("The run has started again with your locks and exclusions."),
    )


@login_required
@require_POST
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda r: services.publish(actor=request.user, run=r),
        _("The proposals have been sent to the municipality for approval."),
    )
