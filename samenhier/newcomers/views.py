from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.audit.models import AccessLog
from samenhier.audit.services import record_access
from samenhier.network.policies import cities_visible_to
from samenhier.newcomers import importing, policies, rights, services, transitions
from samenhier.newcomers.forms import (
    ConsentForm,
    ConsentTextForm,
    EraseForm,
    FamilyFormSet,
    HouseholdFilterForm,
    ImportForm,
    InformationMeetingForm,
    ReferralForm,
    StopForm,
)
from samenhier.newcomers.lifecycle import CLOSED, HouseholdStage
from samenhier.newcomers.models import ConsentPurpose, ConsentText, ErasureRecord, Household
from samenhier.newcomers.profile import profile_of
from samenhier.proposals.policies import proposals_visible_to
from samenhier.web.exports import as_csv, as_xlsx
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

# What the identity section of a household's page shows; each read of it is logged.
IDENTITY_FIELDS = ["main_applicant_name", "phone", "email", "address", "family"]

COLUMNS = [
    Column("reference", gettext_lazy("Reference"), "reference"),
    Column("city", gettext_lazy("City"), "city__name"),
    Column("track", gettext_lazy("Track"), "track"),
    Column("size", gettext_lazy("Size"), "size"),
    Column("stage", gettext_lazy("Stage"), "stage"),
    Column("waiting", gettext_lazy("Days in stage"), "stage_changed_at"),
]


def get_household_for(user: Any, pk: int, *, with_family: bool = False) -> Household:
    """The only way views reach a household: 404 when the user may not see it."""
    households = policies.households_visible_to(user).select_related("city")
    if with_family:
        households = households.prefetch_related("family")
    return get_object_or_404(households, pk=pk)


@login_required
@require_safe
def pipeline(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_view_pipeline(request.user):
        raise PermissionDenied
    filters = HouseholdFilterForm(request.GET or None, cities=cities_visible_to(request.user))
    queryset = policies.households_visible_to(request.user).select_related("city")
    if filters.is_valid():
        for name in ("city", "track", "stage"):
            if filters.cleaned_data.get(name):
                queryset = queryset.filter(**{name: filters.cleaned_data[name]})
    counts = dict(queryset.order_by().values_list("stage").annotate(n=Count("pk")))
    listing = sorted_page(
        request, queryset, columns=COLUMNS, default_sort="-waiting", search_fields=("reference",)
    )
    return render(
        request,
        "newcomers/pipeline.html",
        {
            "listing": listing,
            "filters": filters,
            "stages": [(stage, counts.get(stage.value, 0)) for stage in HouseholdStage],
            "can_refer": bool(policies.referral_tracks(request.user)),
            "can_manage_texts": policies.can_manage_consent_texts(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: AuthenticatedRequest) -> HttpResponse:
    tracks = policies.referral_tracks(request.user)
    if not tracks:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = ReferralForm(
        data, tracks=tracks, cities=cities_visible_to(request.user), prefix="household"
    )
    family = FamilyFormSet(data, prefix="family")
    if request.method == "POST" and form.is_valid() and family.is_valid():
        people = [f.cleaned_data for f in family.forms if f.has_changed()]
        try:
            household = services.refer(actor=request.user, data=form.cleaned_data, family=people)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, getattr(error, "messages", [_("You cannot refer for this city.")])[0]
            )
        else:
            messages.success(
                request, _("Household %(ref)s has been referred.") % {"ref": household.reference}
            )
            return redirect("newcomers:detail", pk=household.pk)
    return render(request, "newcomers/refer.html", {"form": form, "family": family})


@login_required
@require_safe
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = get_household_for(request.user, pk, with_family=True)
    user = request.user
    show_identity = policies.can_view_identity(user, household)
    show_details = policies.can_view_vulnerability_details(user, household)
    manages = policies.manages(user, household)
    shown = (IDENTITY_FIELDS if show_identity else []) + (
        ["vulnerability_details"] if show_details else []
    )
    if shown:
        record_access(
            user=user,
            obj=household,
            fields=shown,
            purpose=AccessLog.Purpose.CASE_WORK if manages else AccessLog.Purpose.SUPPORT,
            path=request.path,
        )
    return render(
        request,
        "newcomers/detail.html",
        {
            "household": household,
            "profile": profile_of(household, timezone.localdate()),
            "family": household.family.all(),
            "show_identity": show_identity,
            "show_details": show_details,
            "manages": manages,
            "closed": household.stage in CLOSED,
            "steps": transitions.manual_steps(household) if manages else [],
            "can_withdraw": policies.can_withdraw_consent(user, household),
            "can_review": policies.can_review_access(user),
            "can_export": policies.can_export(user, household),
            "case": policies.can_view_case(user, household),
            "meetings": household.information_meetings.select_related("held_by"),
            "consents": household.consents.select_related("text", "witnessed_by"),
            "proposals": proposals_visible_to(user)
            .filter(household=household)
            .select_related("group")
            .prefetch_related("decisions"),
        },
    )


def _case_form(
    request: AuthenticatedRequest,
    pk: int,
    form_class: Any,
    save: Any,
    done: str,
    template: str = "newcomers/form_page.html",
    **context: Any,
) -> HttpResponse:
    """A coordinator's form about one household: check, save through `save`, say `done`."""
    household = get_household_for(request.user, pk)
    if not policies.manages(request.user, household):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("newcomers:detail", pk=household.pk)
    return render(request, template, {"household": household, "form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def inform(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        InformationMeetingForm,
        services.record_information_meeting,
        _("The information meeting has been recorded."),
        title=_("Information meeting"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        ConsentForm,
        services.record_consent,
        _("The consent has been recorded."),
        title=_("Record consent"),
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int, purpose: str) -> HttpResponse:
    household = get_household_for(request.user, pk)
    if purpose not in ConsentPurpose.values:
        raise Http404
    try:
        services.withdraw_consent(actor=request.user, household=household, purpose=purpose)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The consent has been withdrawn. This takes effect at once."))
    return redirect("newcomers:detail", pk=household.pk)


@login_required
@require_http_methods(["GET", "POST"])
def stop(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        StopForm,
        services.stop,
        _("The household has stopped taking part."),
        template="newcomers/stop.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_households(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.referral_tracks(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.read_table(upload.read(), upload.name)
        except importing.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            result = importing.check_and_import(actor=request.user, rows=rows)
            if result.ok:
                messages.success(
                    request,
                    _("%(new)d households imported; %(known)d were already known.")
                    % {"new": len(result.created), "known": len(result.already_known)},
                )
                return redirect("newcomers:pipeline")
    return render(
        request,
        "newcomers/import.html",
        {"form": form, "result": result, "columns": importing.COLUMNS},
    )


@login_required
@require_safe
def import_template(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if not policies.referral_tracks(request.user):
        raise PermissionDenied
    export = as_xlsx if fmt == "xlsx" else as_csv
    # Headers only: an example row left in by mistake would become a household.
    return export("households-template", list(importing.COLUMNS), [])


@login_required
@require_http_methods(["GET", "POST"])
def consent_texts(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_manage_consent_texts(request.user):
        raise PermissionDenied
    form = ConsentTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The consent text has been added."))
        return redirect("newcomers:consent_texts")
    return render(
        request,
        "newcomers/consent_texts.html",
        {"form": form, "texts": ConsentText.objects.all()},
    )


@login_required
@require_safe
def export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    """Everything held about the household, for the newcomer's right of access."""
    household = get_household_for(request.user, pk)
    if not policies.can_export(request.user, household):
        raise PermissionDenied
    data = rights.export_household(household)
    record_access(
        user=request.user,
        obj=household,
        fields=["everything"],
        purpose=AccessLog.Purpose.EXPORT,
        path=request.path,
    )
    filename = f"household-{household.reference}"
    if fmt == "pdf":
        from weasyprint import HTML  # heavy: only loaded when a PDF is asked for

        html = render(request, "newcomers/export_pdf.html", {"data": data}).content.decode()
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = get_household_for(request.user, pk)
    if not policies.manages(request.user, household):
        raise PermissionDenied
    form = EraseForm(request.POST or None, reference=household.reference)
    if request.method == "POST" and form.is_valid():
        rights.erase_household(household, reason=ErasureRecord.Reason.REQUEST, by=request.user)
        messages.success(request, _("The household's data has been erased."))
        return redirect("newcomers:pipeline")
    return render(request, "newcomers/erase.html", {"household": household, "form": form})


@login_required
@require_POST
def transition(request: AuthenticatedRequest, pk: int, name: str) -> HttpResponse:
    household = get_household_for(request.user, pk)
    try:
        services.transition(actor=request.user, household=household, name=name)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The household is now: %(stage)s.") % {"stage": household.get_stage_display()},
        )
    return redirect("newcomers:detail", pk=household.pk)
