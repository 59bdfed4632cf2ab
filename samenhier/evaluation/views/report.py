"""Impact reports: the list, a new one, the report as a page and as a PDF, its words, and
deleting it. Who sees a report is `policies.reports_visible_to` (404 otherwise, so another
city's report does not even exist); who writes one is `policies.can_change_report` (403)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import city_ids_for, is_national_coordinator
from samenhier.audit.models import AccessLog
from samenhier.audit.services import record_access
from samenhier.evaluation import policies, report_services
from samenhier.evaluation.forms_report import EditReportForm, NewReportForm
from samenhier.evaluation.models import ImpactReport
from samenhier.evaluation.report import ReportData, report_data
from samenhier.journeys.views.matrix import pdf_response
from samenhier.network.models import City
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

COLUMNS = [
    Column("title", gettext_lazy("Title"), "title"),
    Column("city", gettext_lazy("For"), "city__name"),
    Column("start", gettext_lazy("From"), "period_start"),
    Column("end", gettext_lazy("Until"), "period_end"),
    Column("created", gettext_lazy("Made on"), "created_at"),
]


def get_report_for(user: Any, pk: int) -> ImpactReport:
    """The only way views reach a report: 404 when the user may not see it."""
    report = policies.reports_visible_to(user).select_related("city").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def get_report_to_change(user: Any, pk: int) -> ImpactReport:
    report = get_report_for(user, pk)
    if not policies.can_change_report(user, report):
        raise PermissionDenied
    return report


def writable_cities(user: Any) -> list[City]:
    """The cities the user may write a report for (the policy decides each one)."""
    if is_national_coordinator(user):
        cities = City.objects.all()
    else:
        cities = City.objects.filter(pk__in=city_ids_for(user, Role.LOCAL_COORDINATOR))
    return [city for city in cities.order_by("name") if policies.can_write_report(user, city.pk)]


@login_required
@require_safe
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_view_figures(request.user):
        raise PermissionDenied
    listing = sorted_page(
        request,
        policies.reports_visible_to(request.user).select_related("city"),
        columns=COLUMNS,
        default_sort="-end",
        search_fields=("title", "city__name"),
    )
    may_write = policies.can_write_report(request.user, None) or bool(
        city_ids_for(request.user, Role.LOCAL_COORDINATOR)
    )
    return render(
        request, "evaluation/report/list.html", {"listing": listing, "may_write": may_write}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: AuthenticatedRequest) -> HttpResponse:
    network = policies.can_write_report(request.user, None)
    cities = writable_cities(request.user)
    if not network and not cities:
        raise PermissionDenied
    form = NewReportForm(request.POST or None, cities=cities, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = report_services.create_report(
            actor=request.user,
            city=form.chosen_city(),
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            recommendations=data["recommendations"],
        )
        messages.success(request, _("The report has been made."))
        return redirect("evaluation:report", pk=report.pk)
    return render(request, "evaluation/report/form.html", {"form": form, "report": None})


def _read(request: AuthenticatedRequest, pk: int) -> ReportData:
    """The report worked out for this reading (page or PDF), with one entry in the access
    log; quotes are read in aggregate, not one by one."""
    data = report_data(get_report_for(request.user, pk))
    record_access(
        user=request.user,
        obj=data.report,
        fields=["figures", "quotes"] if data.quotes else ["figures"],
        purpose=AccessLog.Purpose.REVIEW,
        path=request.path,
    )
    return data


@login_required
@require_safe
def report_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _read(request, pk)
    can_change = policies.can_change_report(request.user, data.report)
    return render(request, "evaluation/report/page.html", {"data": data, "can_change": can_change})


@login_required
@require_safe
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = _read(request, pk)
    report = data.report
    name = f"impact-report-{report.pk}-{slugify(report.title)[:40] or 'report'}"
    response: HttpResponse = pdf_response(
        request, "evaluation/report/pdf.html", {"data": data, "pdf": True}, name
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report_to_change(request.user, pk)
    initial = {
        "title": report.title,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "recommendations": report.recommendations,
        "version": report.version,
    }
    form = EditReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_services.update_report(
                actor=request.user,
                report=report,
                version=data["version"],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                recommendations=data["recommendations"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("evaluation:report", pk=report.pk)
    status = 409 if form.non_field_errors() else 200
    return render(
        request, "evaluation/report/form.html", {"form": form, "report": report}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report_to_change(request.user, pk)
    if request.method == "POST":
        report_services.delete_report(actor=request.user, report=report)
        messages.success(request, _("The report has been deleted."))
        return redirect("evaluation:reports")
    return render(request, "evaluation/report/delete.html", {"report": report})


urlpatterns: list[URLPattern] = [
    path("reports/", report_list, name="reports"),
    path("reports/new/", report_new, name="report_new"),
    path("reports/<int:pk>/", report_page, name="report"),
    path("reports/<int:pk>/edit/", report_edit, name="report_edit"),
    path("reports/<int:pk>/pdf/", report_pdf, name="report_pdf"),
    path("reports/<int:pk>/delete/", report_delete, name="report_delete"),
]
