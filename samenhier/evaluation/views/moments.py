"""The evaluation moments the coordinators and community builders follow: the list of their
cities' moments, and one moment with who answered and, for those who may, what."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import city_ids_for, is_national_coordinator
from samenhier.audit.models import AccessLog
from samenhier.audit.services import record_access
from samenhier.evaluation import answering, moment_status, policies, texts
from samenhier.evaluation.forms_answer import MomentFilterForm
from samenhier.evaluation.models import Answer, Response
from samenhier.evaluation.vocabularies import QuestionKind
from samenhier.journeys.parties import Party
from samenhier.network.models import City, Programme
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

COLUMNS = [
    Column("household", gettext_lazy("Household"), "journey__household__reference"),
    Column("city", gettext_lazy("City"), "journey__household__city__name"),
    Column("months", gettext_lazy("Months after arrival"), "months"),
    Column("due", gettext_lazy("Due on"), "due_on"),
    Column("status", gettext_lazy("Status"), None),
    Column("answered", gettext_lazy("Answered"), "answered"),
]


def _cities(user: Any) -> list[tuple[int, str]]:
    cities = City.objects.order_by("name")
    if not is_national_coordinator(user):
        ids = city_ids_for(user, Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER)
        cities = cities.filter(pk__in=ids)
    return list(cities.values_list("pk", "name"))


@login_required
@require_safe
def moment_list(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_follow_moments(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    filters = MomentFilterForm(
        request.GET,
        statuses=list(moment_status.STATUSES.items()),
        months=sorted(set(Programme.current().moments)),
        cities=_cities(request.user),
    )
    queryset = moment_status.with_counts(
        policies.moments_visible_to(request.user).select_related("journey__household__city")
    )
    filters.is_valid()  # an unknown value drops that filter, it never fails the page
    chosen = filters.cleaned_data
    if status := chosen.get("status"):
        queryset = queryset.filter(moment_status.status_filter(status, today))
    if months := chosen.get("months"):
        queryset = queryset.filter(months=months)
    if city := chosen.get("city"):
        queryset = queryset.filter(journey__household__city_id=city)
    listing = sorted_page(
        request,
        queryset,
        columns=COLUMNS,
        default_sort="due",
        search_fields=("journey__household__reference",),
    )
    listing.filters = {k: str(v) for k, v in chosen.items() if v not in (None, "")}
    rows = [(moment, moment_status.status_of(moment, today)) for moment in listing.page.object_list]
    return render(
        request,
        "evaluation/moments/list.html",
        {"listing": listing, "filters": filters, "rows": rows, "statuses": moment_status.STATUSES},
    )


def _answers(response: Response, language: str) -> list[tuple[str, Any]]:
    """The response's answers as (question, answer in words), in the question's order."""
    found = []
    for answer in response.answers.all():
        question = answer.question
        value: Any = answer.text or ""
        if question.kind == QuestionKind.SCALE or answer.number is not None:
            value = answer.number
        elif question.kind == QuestionKind.CHOICE:
            labels = dict(answering.choices_of(question, language))
            value = labels.get(answer.choice, answer.choice)
        found.append((question.position, texts.text_in(question.texts, language), value))
    return [(text, value) for _position, text, value in sorted(found, key=lambda f: f[0])]


@login_required
@require_safe
def moment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    moment = (
        policies.moments_visible_to(request.user)
        .select_related("journey__household__city", "journey__group")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.select_related("respondent", "recorded_by")
                .prefetch_related(
                    Prefetch("answers", queryset=Answer.objects.select_related("question"))
                )
                .order_by("audience", "pk"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if moment is None:
        raise Http404
    responses = list(moment.responses.all())
    for response in responses:
        response.moment = moment
    readable = bool(responses) and policies.can_read_answers(request.user, responses[0])
    language = translation.get_language() or "nl"
    rows = [
        {
            "response": response,
            "may_record": response.submitted_at is None
            and policies.can_record_interview(request.user, response),
            "newcomer": response.audience == Party.NEWCOMER,
            "answers": _answers(response, language) if readable and response.submitted_at else [],
        }
        for response in responses
    ]
    if readable and any(row["answers"] for row in rows):
        # Open answers may tell of health, faith or money: who read them is written down.
        record_access(
            user=request.user,
            obj=moment,
            fields=["responses.answers"],
            purpose=AccessLog.Purpose.SUPPORT,
            path=request.path,
        )
    return render(
        request,
        "evaluation/moments/detail.html",
        {
            "moment": moment,
            "rows": rows,
            "readable": readable,
            "status": moment_status.status_of(
                moment,
                timezone.localdate(),
                asked=len(responses),
                answered=sum(1 for r in responses if r.submitted_at),
            ),
            "statuses": moment_status.STATUSES,
        },
    )


urlpatterns: list[URLPattern] = [
    path("moments/", moment_list, name="moments"),
    path("moments/<int:pk>/", moment_detail, name="moment"),
]
