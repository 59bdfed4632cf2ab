from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.accounts.forms import AcceptInvitationForm
from samenhier.groups import lifecycle, policies, requirements, services
from samenhier.groups.forms import (
    PipelineFilterForm,
    ProfileForm,
    TransitionForm,
    member_formset_class,
)
from samenhier.groups.models import Group, Member
from samenhier.groups.stages import PIPELINE, GroupStage
from samenhier.learning.policies import sessions_visible_to
from samenhier.learning.services import hours_by_member
from samenhier.network.models import City, GroupKind, Programme
from samenhier.network.policies import cities_visible_to
from samenhier.network.vocabularies import Language, Vulnerability, labels
from samenhier.proposals.policies import proposals_visible_to
from samenhier.web.exports import as_csv, as_xlsx
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

PIPELINE_COLUMNS = [
    Column("name", gettext_lazy("Group"), "name"),
    Column("city", gettext_lazy("City"), "city__name"),
    Column("kind", gettext_lazy("Kind"), "kind"),
    Column("stage", gettext_lazy("Stage"), "stage"),
    Column("members", gettext_lazy("Members"), "member_count"),
    Column("waiting", gettext_lazy("Days in stage"), "stage_changed_at"),
]


@require_safe
def register_index(request: HttpRequest) -> HttpResponse:
    cities = City.objects.filter(active=True).filter(
        Q(runs_sponsor_groups=True) | Q(runs_welcome_groups=True)
    )
    return render(request, "groups/register_index.html", {"cities": cities})


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug, active=True)
    if kind not in city.group_kinds:
        raise Http404
    data = request.POST if request.method == "POST" else None
    profile = ProfileForm(data, city=city, prefix="group")
    members = member_formset_class()(data, prefix="members")
    if request.method == "POST" and profile.is_valid() and members.is_valid():
        filled = [f.cleaned_data for f in members.forms if f.has_changed()]
        try:
            group = services.register_group(
                city=city,
                kind=kind,
                profile=dict(profile.cleaned_data),
                members=[services.MemberData(**m) for m in filled],
                language=translation.get_language() or "nl",
            )
        except ValidationError as error:
            profile.add_error(None, error)
        else:
            request.session["registered_group"] = group.name
            return redirect("groups:registered")
    return render(
        request,
        "groups/register.html",
        {
            "city": city,
            "kind": GroupKind(kind),
            "profile": profile,
            "members": members,
            "programme": Programme.current(),
        },
    )


@require_safe
def registered(request: HttpRequest) -> HttpResponse:
    return render(
        request, "groups/registered.html", {"name": request.session.get("registered_group", "")}
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    member = services.find_member_by_token(token)
    if member is None:
        raise Http404
    if member.confirmed_at is not None:
        return render(
            request, "groups/confirm_done.html", {"member": member, "already": True}, status=410
        )
    needs_password = not request.user.is_authenticated and not _has_account(member.email)
    form = (
        AcceptInvitationForm(
            request.POST or None, email=member.email, initial={"full_name": member.full_name}
        )
        if needs_password
        else None
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.confirm_membership(
                member=member,
                user=request.user,
                password=form.cleaned_data["password1"] if form else "",
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return render(
                request, "groups/confirm.html", {"member": member, "form": form}, status=400
            )
        return render(request, "groups/confirm_done.html", {"member": member, "already": False})
    return render(
        request,
        "groups/confirm.html",
        {
            "member": member,
            "form": form,
            "needs_login": not needs_password and not request.user.is_authenticated,
        },
    )


def _has_account(email: str) -> bool:
    from samenhier.accounts.models import User

    return User.objects.filter(email__iexact=email).exists()


def get_group_for(user: Any, pk: int) -> Group:
    """The only way views reach a group: 404 when the user may not see it."""
    return get_object_or_404(policies.groups_visible_to(user).select_related("city"), pk=pk)


@login_required
@require_safe
def pipeline(request: AuthenticatedRequest) -> HttpResponse:
    filters, queryset = _pipeline(request)
    counts = dict(queryset.order_by().values_list("stage").annotate(n=Count("pk", distinct=True)))
    listing = sorted_page(
        request,
        queryset,
        columns=PIPELINE_COLUMNS,
        default_sort="-waiting",
        search_fields=("name", "members__full_name"),
    )
    programme = Programme.current()
    stuck_before = timezone.now() - timedelta(days=programme.stuck_after_days)
    stages = [(stage, counts.get(stage.value, 0)) for stage in GroupStage]
    return render(
        request,
        "groups/pipeline.html",
        {
            "listing": listing,
            "filters": filters,
            "stages": stages,
            "stuck_before": stuck_before,
            "programme": programme,
            "show_city": len(cities_visible_to(request.user)) > 1,
        },
    )


def _pipeline(request: AuthenticatedRequest) -> tuple[PipelineFilterForm, Any]:
    if not policies.can_view_pipeline(request.user):
        raise PermissionDenied
    visible = policies.groups_visible_to(request.user)
    filters = PipelineFilterForm(request.GET or None, cities=cities_visible_to(request.user))
    queryset = visible.select_related("city").annotate(
        member_count=Count("members", filter=Q(members__left_at__isnull=True))
    )
    if filters.is_valid():
        queryset = _apply_filters(queryset, filters.cleaned_data)
    return filters, queryset


EXPORT_HEADER = [
    gettext_lazy("Group"),
    gettext_lazy("City"),
    gettext_lazy("Kind"),
    gettext_lazy("Stage"),
    gettext_lazy("Days in stage"),
    gettext_lazy("Members"),
    gettext_lazy("Languages"),
    gettext_lazy("Can support"),
    gettext_lazy("Contact person"),
    gettext_lazy("E-mail"),
    gettext_lazy("Phone"),
]


@login_required
@require_safe
def export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """The pipeline as a spreadsheet, with the same filters; only what coordinators may see."""
    _filters, queryset = _pipeline(request)
    groups = list(queryset.order_by("city__name", "name"))
    contacts = {
        m.group_id: m for m in Member.objects.current().filter(group__in=groups, is_contact=True)
    }
    rows = []
    for group in groups:
        contact = contacts.get(group.pk)
        show = contact is not None and policies.can_view_contact_details(request.user, group)
        rows.append(
            [
                group.name,
                group.city.name,
                group.get_kind_display(),
                group.get_stage_display(),
                group.days_in_stage,
                group.member_count,
                ", ".join(labels(Language, group.languages)),
                ", ".join(labels(Vulnerability, group.supports)),
                contact.full_name if contact else "",
                contact.email if show and contact else "",
                contact.phone if show and contact else "",
            ]
        )
    header = [str(h) for h in EXPORT_HEADER]
    name = f"groups-{timezone.localdate():%Y-%m-%d}"
    return as_csv(name, header, rows) if fmt == "csv" else as_xlsx(name, header, rows)


def _apply_filters(queryset: Any, data: dict[str, Any]) -> Any:
    if data.get("city"):
        queryset = queryset.filter(city=data["city"])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("stage"):
        queryset = queryset.filter(stage=data["stage"])
    # JSON lists of codes: match the quoted code, which works on SQLite and PostgreSQL alike.
    if data.get("language"):
        queryset = queryset.filter(languages__icontains=f'"{data["language"]}"')
    if data.get("supports"):
        queryset = queryset.filter(supports__icontains=f'"{data["supports"]}"')
    if data.get("waiting") is not None:
        queryset = queryset.filter(
            stage_changed_at__lte=timezone.now() - timedelta(days=data["waiting"])
        )
    return queryset.distinct() if data.get("q") else queryset


@login_required
@require_safe
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk)
    if policies.is_member_of(request.user, group) and not policies.can_view_pipeline(request.user):
        return redirect("groups:mine", pk=group.pk)
    return render(request, "groups/detail.html", _detail_context(request, group))


def _detail_context(request: AuthenticatedRequest, group: Group) -> dict[str, Any]:
    user = request.user
    members = list(
        group.members.current()
        .select_related("user")
        .prefetch_related("signatures__text", "certificates")
    )
    step = lifecycle.next_step(group.stage)
    missing = step.guard(group) if step and step.guard else []
    closing = [t for t in lifecycle.transitions_from(group.stage) if t.needs_reason]
    return {
        "group": group,
        "members": member_rows(members),
        "open_intake": group.intakes.filter(completed_at__isnull=True).first(),
        "can_coordinate": policies.coordinates(user, group),
        "step": step if step and policies.can_transition(user, group, step) else None,
        "missing": missing,
        "can_override": bool(step and missing and policies.can_override(user, group, step)),
        "closing": [t for t in closing if policies.can_transition(user, group, t)],
        "show_contact": policies.can_view_contact_details(user, group),
        "events": group.events.select_related("actor")[:50],
        "proposals": proposals_visible_to(user)
        .filter(group=group)
        .select_related("household")
        .prefetch_related("decisions"),
        "pipeline": PIPELINE,
    }


def member_rows(members: list[Any]) -> list[dict[str, Any]]:
    """Per member what the coordinator needs to see; reads only prefetched relations."""
    version = requirements.binding_declaration_version()
    months = Programme.current().vog_valid_months
    old_before = timezone.localdate() - timedelta(days=round(months * 30.44))
    elsewhere = services.active_elsewhere(members)
    rows = []
    for member in members:
        certificates = sorted(member.certificates.all(), key=lambda c: (c.recorded_at, c.pk))
        latest = certificates[-1] if certificates else None
        rows.append(
            {
                "member": member,
                "elsewhere": elsewhere[member.pk],
                "signed": version is not None
                and any(s.text.version >= version for s in member.signatures.all()),
                "certificate": latest,
                "certificate_old": bool(
                    latest and latest.issued_on and latest.issued_on < old_before
                ),
            }
        )
    return rows


@login_required
@require_POST
def transition(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    group = get_group_for(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    if form.cleaned_data.get("version") not in (None, group.version):
        messages.error(
            request, _("Someone else changed this group in the meantime. Reload the page.")
        )
        return redirect("groups:detail", pk=group.pk)
    try:
        services.transition_group(
            actor=request.user,
            group=group,
            name=name,
            reason=form.cleaned_data.get("reason") or "",
            override=bool(form.cleaned_data.get("override")),
        )
    except services.TransitionRefused as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(group)s is now: %(stage)s.")
            % {"group": group.name, "stage": group.get_stage_display()},
        )
    return redirect("groups:detail", pk=group.pk)


@login_required
@require_safe
def mine(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk)
    if not policies.is_member_of(request.user, group):
        raise PermissionDenied
    step = lifecycle.next_step(group.stage)
    me = group.members.current().filter(user=request.user).first()
    sessions = (
        sessions_visible_to(request.user)
        .filter(starts_at__gte=timezone.now())
        .select_related("module")[:10]
    )
    return render(
        request,
        "groups/mine.html",
        {
            "group": group,
            "members": group.members.current(),
            "missing": step.guard(group) if step and step.guard else [],
            "pipeline": PIPELINE,
            "sessions": sessions,
            "registered": set(me.registrations.values_list("session_id", flat=True))
            if me
            else set(),
            "hours": hours_by_member([me])[me.pk] if me else 0,
        },
    )
