from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenhier.groups import member_services, policies, services
from samenhier.groups.forms import LocationForm, OwnDetailsForm
from samenhier.groups.views import get_group_for
from samenhier.web.http import AuthenticatedRequest


def _own_membership(request: AuthenticatedRequest, pk: int):  # type: ignore[no-untyped-def]
    group = get_group_for(request.user, pk)
    member = group.members.current().filter(user=request.user).first()
    if member is None:
        raise PermissionDenied
    return group, member


@login_required
@require_http_methods(["GET", "POST"])
def own_details(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group, member = _own_membership(request, pk)
    form = OwnDetailsForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        fresh = type(member).objects.get(pk=member.pk)  # the form changed `member` in place
        member_services.update_own_details(actor=request.user, member=fresh, data=data)
        messages.success(request, _("Your details have been saved."))
        return redirect("groups:mine", pk=group.pk)
    return render(request, "groups/own_details.html", {"group": group, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group, member = _own_membership(request, pk)
    if request.method == "POST":
        try:
            member_services.leave_group(actor=request.user, member=member)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("web:home")
        messages.success(
            request, _("You have left %(group)s. Thank you for your time.") % {"group": group.name}
        )
        return redirect("web:home")
    return render(request, "groups/leave.html", {"group": group})


@login_required
@require_http_methods(["GET", "POST"])
def location(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk)
    if not policies.coordinates(request.user, group):
        raise PermissionDenied
    member = get_object_or_404(group.members.current(), pk=member_pk)
    initial = {"latitude": member.latitude, "longitude": member.longitude}
    form = LocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        member_services.set_location(actor=request.user, member=member, **form.cleaned_data)
        messages.success(request, _("The location has been set by hand."))
        return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/location.html", {"group": group, "member": member, "form": form})


@login_required
@require_POST
def resend(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk)
    member = get_object_or_404(group.members.current(), pk=member_pk)
    try:
        services.resend_confirmation(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("A new confirmation link has been sent to %(name)s.") % {"name": member.full_name},
        )
    return redirect("groups:detail", pk=group.pk)
