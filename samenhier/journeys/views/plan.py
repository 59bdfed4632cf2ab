"""The resettlement plan: reading it, writing it, submitting it, reviewing it, its versions and
its PDF. Every page that shows the plan's text records the read in the access log."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.audit.models import AccessLog
from samenhier.audit.services import record_access
from samenhier.journeys import plan as rules
from samenhier.journeys import policies
from samenhier.journeys.forms_matrix import CompareForm
from samenhier.journeys.forms_plan import PlanForm, ReviewForm, SubmitForm
from samenhier.journeys.models import Journey, PlanReview, PlanVersion, ResettlementPlan
from samenhier.journeys.parties import PlanSection, PlanStatus
from samenhier.journeys.policies import Standing
from samenhier.journeys.views.gate import get_journey_where
from samenhier.journeys.views.matrix import pdf_response
from samenhier.web.http import AuthenticatedRequest


def _log_read(request: AuthenticatedRequest, plan: ResettlementPlan, fields: list[str]) -> None:
    record_access(
        user=request.user,
        obj=plan,
        fields=fields,
        purpose=AccessLog.Purpose.SUPPORT,
        path=request.path,
    )


def _reviews(plan: ResettlementPlan | None) -> list[PlanReview]:
    if plan is None:
        return []
    return list(plan.reviews.select_related("by", "plan_version").defer("plan_version__sections"))


def _approved_number(reviews: list[PlanReview]) -> int | None:
    approved = [r for r in reviews if r.status == PlanStatus.APPROVED]
    return approved[-1].plan_version.number if approved else None


def _chosen(
    plan: ResettlementPlan | None,
    number: str | None,
    *,
    drafts: bool,
    reviews: list[PlanReview],
) -> PlanVersion | None:
    """The version asked for, else the newest the reader may see: the newest of all for the
    group and its coordinators, the one approved last for the newcomer."""
    if plan is None:
        if number is not None:
            raise Http404
        return None
    if number is None:
        if drafts:
            return rules.current_version(plan)
        approved = _approved_number(reviews)
        if approved is None:
            return None
        number = str(approved)
    if not number.isdigit():
        raise Http404
    if not drafts and int(number) not in {
        r.plan_version.number for r in reviews if r.status == PlanStatus.APPROVED
    }:
        raise Http404
    version = plan.versions.filter(number=int(number)).select_related("created_by").first()
    if version is None:
        raise Http404
    return version


def _document(journey: Journey, version: PlanVersion | None) -> dict[str, Any]:
    text: dict[str, str] = version.sections if version else {}
    return {
        "journey": journey,
        "version": version,
        "sections": [(s, rules.QUESTIONS[s], text.get(s.value, "")) for s in PlanSection],
    }


def _page(
    request: AuthenticatedRequest,
    journey: Journey,
    standing: Standing,
    *,
    submit_form: SubmitForm | None = None,
    review_form: ReviewForm | None = None,
) -> HttpResponse:
    plan = rules.get_plan(journey)
    drafts = policies.sees_plan_drafts(standing)
    reviews = _reviews(plan)
    number = request.GET.get("version")
    version = _chosen(plan, number, drafts=drafts, reviews=reviews)
    versions = (
        list(plan.versions.defer("sections").select_related("created_by").order_by("-number"))
        if plan is not None and drafts
        else []
    )
    latest = versions[0] if versions else version
    approved = {r.plan_version.number for r in reviews if r.status == PlanStatus.APPROVED}
    shown = (["sections"] if version else []) + (["comment"] if drafts and reviews else [])
    if plan is not None and shown:
        _log_read(request, plan, shown)
    status = plan.status if plan else PlanStatus.DRAFT
    can_write = policies.can_write_plan(request.user, journey)
    can_review = policies.can_review_plan(request.user, journey)
    plan_version = plan.version if plan else 0
    if (
        submit_form is None
        and can_write
        and latest is not None
        and status in (PlanStatus.DRAFT, PlanStatus.COMMENTS)
    ):
        submit_form = SubmitForm(initial={"version": plan_version})
    if review_form is None and can_review and status == PlanStatus.SUBMITTED:
        review_form = ReviewForm(initial={"version": plan_version})
    numbers = [v.number for v in versions]
    return render(
        request,
        "journeys/plan/page.html",
        {
            **_document(journey, version),
            "plan": plan,
            "status": status,
            "status_label": PlanStatus(status).label,
            "latest": latest,
            "versions": versions,
            "approved_numbers": approved,
            "reviews": reviews if drafts else [],
            "drafts": drafts,
            "can_write": can_write,
            "submit_form": submit_form,
            "review_form": review_form,
            "compare": CompareForm(numbers=numbers) if len(numbers) > 1 else None,
        },
    )


@login_required
@require_safe
def page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_where(request.user, pk, policies.can_view_plan)
    return _page(request, journey, standing)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_write_plan)
    plan = rules.get_plan(journey)
    latest = rules.current_version(plan)
    if latest is not None and plan is not None:
        _log_read(request, plan, ["sections"])
    form = PlanForm(
        request.POST or None,
        sections=latest.sections if latest else {},
        initial={"version": plan.version if plan else 0},
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            saved = rules.save_version(
                actor=request.user,
                journey=journey,
                sections=form.sections(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            stale = error.code == "stale"
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of the plan has been saved.") % {"number": saved.number},
            )
            return redirect("journeys:plan", pk=journey.pk)
    return render(
        request,
        "journeys/plan/edit.html",
        {
            "journey": journey,
            "form": form,
            "plan": plan,
            "latest": latest,
            "stale": stale,
        },
    )


@login_required
@require_POST
def submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_where(request.user, pk, policies.can_write_plan)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            rules.submit(actor=request.user, journey=journey, version=form.cleaned_data["version"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The plan has been submitted. The local coordinator has been told.")
            )
            return redirect("journeys:plan", pk=journey.pk)
    return _page(request, journey, standing, submit_form=form)


@login_required
@require_POST
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_where(request.user, pk, policies.can_review_plan)
    form = ReviewForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == ReviewForm.APPROVE
        try:
            rules.review(
                actor=request.user,
                journey=journey,
                version=form.cleaned_data["version"],
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The plan has been approved. The group has been told.")
                if approve
                else _("Your comments have been sent to the group."),
            )
            return redirect("journeys:plan", pk=journey.pk)
    return _page(request, journey, standing, review_form=form)


@login_required
@require_safe
def compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_where(request.user, pk, policies.can_view_plan)
    if not policies.sees_plan_drafts(standing):
        raise PermissionDenied
    plan = rules.get_plan(journey)
    numbers = (
        list(plan.versions.order_by("-number").values_list("number", flat=True)) if plan else []
    )
    form = CompareForm(request.GET or None, numbers=numbers)
    context: dict[str, Any] = {"journey": journey, "form": form}
    if plan is not None and form.is_valid():
        a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
        both = {v.number: v for v in plan.versions.filter(number__in=[a, b])}
        _log_read(request, plan, ["sections"])
        context.update(
            old=both[a], new=both[b], diffs=rules.compare(both[a].sections, both[b].sections)
        )
    return render(request, "journeys/plan/compare.html", context)


@login_required
@require_safe
def pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_where(request.user, pk, policies.can_view_plan)
    plan = rules.get_plan(journey)
    drafts = policies.sees_plan_drafts(standing)
    version = _chosen(plan, request.GET.get("version"), drafts=drafts, reviews=_reviews(plan))
    # Without a text yet, the PDF is the blank plan: its sections and guiding questions, for
    # the group to talk through on paper.
    if plan is not None and version is not None:
        _log_read(request, plan, ["sections"])
    context = {**_document(journey, version), "plan": plan}
    name = f"resettlement-plan-{journey.household.reference}"
    if version is not None:
        name += f"-v{version.number}"
    return pdf_response(request, "journeys/plan/pdf.html", context, name)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/plan/", page, name="plan"),
    path("<int:pk>/plan/edit/", edit, name="plan_edit"),
    path("<int:pk>/plan/submit/", submit, name="plan_submit"),
    path("<int:pk>/plan/review/", review, name="plan_review"),
    path("<int:pk>/plan/compare/", compare, name="plan_compare"),
    path("<int:pk>/plan/pdf/", pdf, name="plan_pdf"),
]


def card(journey: Journey, standing: Standing) -> dict[str, Any]:
    """The plan's state on the journey's page (no text: that is read on the plan's page)."""
    if not policies.plan_visible_with(standing, journey):
        return {}
    plan = rules.get_plan(journey)
    return {
        "plan": plan,
        "status": PlanStatus(plan.status).label if plan else None,
        "can_write": journey.closed_at is None and standing.member,
    }
