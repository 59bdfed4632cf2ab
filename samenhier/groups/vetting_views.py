from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenhier.accounts.scoping import is_national_coordinator
from samenhier.groups import policies, vetting_services
from samenhier.groups.models import DeclarationText
from samenhier.groups.vetting_forms import (
    CertificateForm,
    DeclarationForm,
    IntakeRecordForm,
    IntakeScheduleForm,
)
from samenhier.groups.views import get_group_for
from samenhier.web.http import AuthenticatedRequest


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk)
    if not policies.coordinates(request.user, group):
        raise PermissionDenied
    open_intake = group.intakes.filter(completed_at__isnull=True).first()
    data = request.POST if request.method == "POST" else None
    schedule = IntakeScheduleForm(data if open_intake is None else None, group=group)
    record = IntakeRecordForm(data if open_intake is not None else None)
    form = record if open_intake is not None else schedule
    if request.method == "POST" and form.is_valid():
        try:
            if open_intake is None:
                vetting_services.schedule_intake(
                    actor=request.user, group=group, **schedule.cleaned_data
                )
                messages.success(request, _("The intake interview has been planned."))
            else:
                vetting_services.record_intake(
                    actor=request.user, intake=open_intake, **record.cleaned_data
                )
                messages.success(request, _("The outcome of the intake has been recorded."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/intake.html",
        {
            "group": group,
            "open_intake": open_intake,
            "form": form,
            "intakes": group.intakes.select_related("interviewer"),
            "show_notes": policies.can_read_intake_notes(request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk)
    if not policies.coordinates(request.user, group):
        raise PermissionDenied
    member = get_object_or_404(group.members.current(), pk=member_pk)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vetting_services.record_certificate(
                actor=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The certificate of conduct has been recorded."))
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/certificate.html",
        {"group": group, "member": member, "form": form, "history": member.certificates.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = get_group_for(request.user, pk)
    member = group.members.current().filter(user=request.user).first()
    if member is None:
        raise PermissionDenied
    text = vetting_services.current_text(get_language() or "nl")
    signed = text is not None and member.signatures.filter(text__version__gte=text.version).exists()
    if request.method == "POST" and text is not None:
        try:
            vetting_services.sign_declaration(actor=request.user, member=member, text=text)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Thank you: you have signed the participant declaration."))
        return redirect("groups:mine", pk=group.pk)
    return render(request, "groups/sign.html", {"group": group, "text": text, "signed": signed})


@login_required
@require_http_methods(["GET", "POST"])
def declarations(request: AuthenticatedRequest) -> HttpResponse:
    if not is_national_coordinator(request.user):
        raise PermissionDenied
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        texts = vetting_services.publish_declaration(
            actor=request.user,
            texts=form.texts(),
            requires_new_signatures=form.cleaned_data["requires_new_signatures"],
        )
        messages.success(request, _("Version %(n)s has been published.") % {"n": texts[0].version})
        return redirect("groups:declarations")
    return render(
        request,
        "groups/declarations.html",
        {"form": form, "texts": DeclarationText.objects.all()},
    )
