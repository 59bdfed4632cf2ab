from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samenhier.accounts import policies, services
from samenhier.accounts.forms import (
    AcceptInvitationForm,
    InviteForm,
    PeopleFilterForm,
    ProfileForm,
)
from samenhier.accounts.models import Invitation, RoleAssignment
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

PEOPLE_COLUMNS = [
    Column("name", gettext_lazy("Name"), "user__full_name"),
    Column("email", gettext_lazy("E-mail address"), "user__email"),
    Column("role", gettext_lazy("Role"), "role"),
    Column("scope", gettext_lazy("Where")),
    Column("granted", gettext_lazy("Since"), "granted_at"),
    Column("actions", gettext_lazy("Actions")),
]
INVITATION_COLUMNS = [
    Column("name", gettext_lazy("Name"), "full_name"),
    Column("email", gettext_lazy("E-mail address"), "email"),
    Column("role", gettext_lazy("Role"), "role"),
    Column("city", gettext_lazy("City"), "city__name"),
    Column("sent", gettext_lazy("Sent"), "created_at"),
    Column("status", gettext_lazy("Status")),
    Column("actions", gettext_lazy("Actions")),
]


def _require_team_access(request: AuthenticatedRequest) -> None:
    if not (
        policies.can_invite_anyone(request.user)
        or policies.assignments_visible_to(request.user).exists()
    ):
        raise PermissionDenied


@login_required
def people(request: AuthenticatedRequest) -> HttpResponse:
    _require_team_access(request)
    filters = PeopleFilterForm(request.GET or None, actor=request.user)
    queryset = policies.assignments_visible_to(request.user).select_related(
        "user", "city", "organisation", "group", "household"
    )
    status = "active"
    if filters.is_valid():
        data = filters.cleaned_data
        status = data.get("status") or "active"
        if data.get("role"):
            queryset = queryset.filter(role=data["role"])
        if data.get("city"):
            queryset = queryset.filter(Q(city=data["city"]) | Q(organisation__city=data["city"]))
    if status == "active":
        queryset = queryset.filter(revoked_at__isnull=True)
    elif status == "revoked":
        queryset = queryset.filter(revoked_at__isnull=False)
    listing = sorted_page(
        request,
        queryset,
        columns=PEOPLE_COLUMNS,
        default_sort="name",
        search_fields=("user__full_name", "user__email"),
    )
    rows = [(a, policies.can_revoke(request.user, a)) for a in listing.page.object_list]
    return render(
        request,
        "accounts/people.html",
        {
            "listing": listing,
            "rows": rows,
            "filters": filters,
            "can_invite": policies.can_invite_anyone(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_invite_anyone(request.user):
        raise PermissionDenied
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                city=data.get("city"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The invitation has been sent to %(email)s.") % {"email": data["email"]}
            )
            return redirect("accounts:invitations")
    return render(request, "accounts/invite.html", {"form": form})


@login_required
def invitations(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_invite_anyone(request.user):
        raise PermissionDenied
    queryset = policies.invitations_visible_to(request.user).select_related("city", "invited_by")
    listing = sorted_page(
        request,
        queryset,
        columns=INVITATION_COLUMNS,
        default_sort="-sent",
        search_fields=("full_name", "email"),
    )
    return render(request, "accounts/invitations.html", {"listing": listing})


@login_required
@require_POST
def cancel_invitation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(policies.invitations_visible_to(request.user), pk=pk)
    try:
        services.cancel_invitation(actor=request.user, invitation=invitation)
    except PermissionDenied:
        messages.error(request, _("This invitation can no longer be cancelled."))
    else:
        messages.success(request, _("The invitation has been cancelled."))
    return redirect("accounts:invitations")


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        policies.assignments_visible_to(request.user).select_related("user", "city"), pk=pk
    )
    if not policies.can_revoke(request.user, assignment):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.revoke_role(actor=request.user, assignment=assignment)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(name)s no longer has the role %(role)s.")
                % {"name": assignment.user, "role": assignment.get_role_display()},
            )
        return redirect("accounts:people")
    return render(request, "accounts/revoke_confirm.html", {"assignment": assignment})


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404
    if not invitation.is_open:
        return render(
            request, "accounts/invitation_closed.html", {"invitation": invitation}, status=410
        )
    user = request.user if request.user.is_authenticated else None
    has_account = user is not None or _account_exists(invitation)
    form = None
    if user is None and not has_account:
        form = AcceptInvitationForm(
            request.POST or None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
    if request.method == "POST":
        if form is not None and not form.is_valid():
            return render(
                request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form}
            )
        try:
            services.accept_invitation(
                invitation=invitation,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(request.path)
        messages.success(request, _("Welcome! Your role is active."))
        return redirect("web:home" if user else "account_login")
    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "form": form, "needs_login": user is None and has_account},
    )


def _account_exists(invitation: Invitation) -> bool:
    from samenhier.accounts.models import User

    return User.objects.filter(email__iexact=invitation.email).exists()


@login_required
@require_http_methods(["GET", "POST"])
def me(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:me")
    assignments = (
        RoleAssignment.objects.active()
        .filter(user=request.user)
        .select_related("city", "organisation", "group", "household")
    )
    return render(request, "accounts/me.html", {"form": form, "assignments": assignments})
