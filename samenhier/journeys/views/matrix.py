"""The division of tasks: the matrix as it stands, editing it, its versions, its PDF."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samenhier.journeys import matrix, policies
from samenhier.journeys.forms_matrix import CompareForm, MatrixForm
from samenhier.journeys.models import Journey, TaskDivision
from samenhier.journeys.parties import MATRIX_PARTIES
from samenhier.journeys.policies import Standing
from samenhier.journeys.views.gate import get_journey_for, get_journey_where
from samenhier.web.http import AuthenticatedRequest


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], name: str) -> Any:
    """The page's own document template, printed by WeasyPrint."""
    from weasyprint import HTML  # heavy: only loaded when a PDF is asked for

    html = render_to_string(template, context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _chosen(journey: Journey, number: str | None) -> TaskDivision | None:
    """The version asked for in the address, else the newest; 404 for one that is not there."""
    if number is None:
        return matrix.current_division(journey)
    if not number.isdigit():
        raise Http404
    division = journey.divisions.filter(number=int(number)).select_related("created_by").first()
    if division is None:
        raise Http404
    return division


def _document(journey: Journey, division: TaskDivision | None) -> dict[str, Any]:
    cells = division.cells if division else matrix.template_for(journey)
    return {
        "journey": journey,
        "division": division,
        "rows": matrix.rows(cells),
        "parties": MATRIX_PARTIES,
        "missing": matrix.missing(cells),
    }


@login_required
@require_safe
def page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, standing = get_journey_for(request.user, pk)
    division = _chosen(journey, request.GET.get("version"))
    latest = matrix.current_division(journey) if request.GET.get("version") else division
    versions = list(
        journey.divisions.defer("cells").select_related("created_by").order_by("-number")
    )
    numbers = [v.number for v in versions]
    return render(
        request,
        "journeys/matrix/page.html",
        {
            **_document(journey, division),
            "standing": standing,
            "latest": latest,
            "versions": versions,
            "can_edit": policies.matrix_editable_with(standing, journey),
            "compare": CompareForm(numbers=numbers) if len(numbers) > 1 else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_where(request.user, pk, policies.can_edit_matrix)
    latest = matrix.current_division(journey)
    cells = latest.cells if latest else matrix.template_for(journey)
    form = MatrixForm(
        request.POST or None,
        cells=cells,
        initial={"based_on": latest.number if latest else 0},
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            division = matrix.save_division(
                actor=request.user,
                journey=journey,
                cells=form.cells(),
                based_on=form.cleaned_data["based_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            stale = error.code == "stale"
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of the division of tasks has been saved.")
                % {"number": division.number},
            )
            return redirect("journeys:matrix", pk=journey.pk)
    return render(
        request,
        "journeys/matrix/edit.html",
        {
            "journey": journey,
            "form": form,
            "latest": latest,
            "parties": MATRIX_PARTIES,
            "stale": stale,
            "based_on": form["based_on"].value(),
        },
    )


@login_required
@require_safe
def compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_for(request.user, pk)
    numbers = list(journey.divisions.order_by("-number").values_list("number", flat=True))
    form = CompareForm(request.GET or None, numbers=numbers)
    context: dict[str, Any] = {"journey": journey, "form": form}
    if form.is_valid():
        a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
        both = {d.number: d for d in journey.divisions.filter(number__in=[a, b])}
        context.update(
            old=both[a], new=both[b], changes=matrix.changes(both[a].cells, both[b].cells)
        )
    return render(request, "journeys/matrix/compare.html", context)


@login_required
@require_safe
def pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    journey, _standing = get_journey_for(request.user, pk)
    division = _chosen(journey, request.GET.get("version"))
    name = f"task-division-{journey.household.reference}"
    if division:
        name += f"-v{division.number}"
    return pdf_response(request, "journeys/matrix/pdf.html", _document(journey, division), name)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/matrix/", page, name="matrix"),
    path("<int:pk>/matrix/edit/", edit, name="matrix_edit"),
    path("<int:pk>/matrix/compare/", compare, name="matrix_compare"),
    path("<int:pk>/matrix/pdf/", pdf, name="matrix_pdf"),
]


def card(journey: Journey, standing: Standing) -> dict[str, Any]:
    """The matrix at a glance on the journey's page: everyone in the journey sees it."""
    if not standing.any:
        return {}
    division = matrix.current_division(journey)
    return {
        "division": division,
        "missing": matrix.missing(division.cells) if division else [],
        "can_edit": policies.matrix_editable_with(standing, journey),
    }
