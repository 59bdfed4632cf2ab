"""The draft that becomes the next version of a questionnaire: starting it, its title and
questions, publishing and discarding it. Only the national coordinator changes questions.

A published version is never edited: asking to is answered with a clear message and the way
to a draft, never an error page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenhier.evaluation import policies, texts
from samenhier.evaluation import questionnaire_services as services
from samenhier.evaluation import questionnaires as rules
from samenhier.evaluation.forms_questionnaires import (
    MoveForm,
    QuestionForm,
    TitlesForm,
    VersionForm,
)
from samenhier.evaluation.models import Question, Questionnaire, QuestionnaireVersion
from samenhier.evaluation.views.questionnaires import T, form_page, page_language, saved
from samenhier.journeys.parties import Party
from samenhier.web.http import AuthenticatedRequest


def _manager(request: AuthenticatedRequest) -> None:
    if not policies.can_manage_questionnaires(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the draft with its actions (or the offer to start one); POST: start it."""
    _manager(request)
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    if request.method == "POST":
        made, created = services.start_draft(actor=request.user, questionnaire=questionnaire)
        if created:
            messages.success(
                request, _("Draft version %(number)s has been started.") % {"number": made.number}
            )
        else:
            messages.info(request, _("There is a draft already: here it is."))
        return redirect("evaluation:questionnaire_draft", pk=pk)
    return _draft_page(request, questionnaire)


def _draft_page(
    request: AuthenticatedRequest,
    questionnaire: Questionnaire,
    *,
    problems: list[str] | None = None,
    error: str = "",
) -> HttpResponse:
    current = rules.draft_of(questionnaire)
    language = page_language()
    return render(
        request,
        T + "draft.html",
        {
            "questionnaire": questionnaire,
            "title": rules.title_in(questionnaire, language),
            "audience": Party(questionnaire.audience).label,
            "draft": current,
            "questions": rules.shown(rules.questions_of(current), language),
            "titles": [
                (c, texts.language_name(c), questionnaire.titles[c], texts.direction(c))
                for c in texts.in_order(code for code, t in questionnaire.titles.items() if t)
            ],
            "problems": problems,
            "error": error,
        },
    )


def _draft_of(request: AuthenticatedRequest, pk: int) -> QuestionnaireVersion | None:
    _manager(request)
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    return rules.draft_of(questionnaire)


def _question(request: AuthenticatedRequest, pk: int) -> Question:
    _manager(request)
    return get_object_or_404(Question.objects.select_related("version__questionnaire"), pk=pk)


def _published_refusal(request: AuthenticatedRequest, question: Question) -> HttpResponse | None:
    if question.version.published_at is None:
        return None
    messages.error(
        request,
        _(
            "Version %(number)s is published: its questions cannot be changed, because answers "
            "given to it must keep their meaning. Start a draft to change them."
        )
        % {"number": question.version.number},
    )
    return redirect("evaluation:questionnaire", pk=question.version.questionnaire_id)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    refused = _published_refusal(request, question)
    if refused:
        return refused
    return _question_form(request, question.version, question)


@login_required
@require_http_methods(["GET", "POST"])
def question_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    current = _draft_of(request, pk)
    if current is None:
        messages.error(request, _("Start a draft first: questions are added to a draft."))
        return redirect("evaluation:questionnaire_draft", pk=pk)
    return _question_form(request, current, None)


def _question_form(
    request: AuthenticatedRequest, current: QuestionnaireVersion, question: Question | None
) -> HttpResponse:
    form = QuestionForm(
        request.POST or None, question=question, initial={"version": current.version}
    )

    def write() -> None:
        services.save_question(
            actor=request.user,
            draft=current,
            question=question,
            data=form.data_for_save(),
            version=form.cleaned_data["version"],
        )

    if saved(request, form, write, _("The question has been saved in the draft.")):
        return redirect("evaluation:questionnaire_draft", pk=current.questionnaire_id)
    return form_page(request, "question_form.html", form, draft=current, question=question)


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    refused = _published_refusal(request, question)
    if refused:
        return refused
    form = VersionForm(request.POST or None, initial={"version": question.version.version})

    def write() -> None:
        services.delete_question(
            actor=request.user, question=question, version=form.cleaned_data["version"]
        )

    if saved(request, form, write, _("The question has been taken out of the draft.")):
        return redirect("evaluation:questionnaire_draft", pk=question.version.questionnaire_id)
    shown = rules.shown([question], page_language())[0]
    return form_page(request, "question_delete.html", form, question=question, shown=shown)


@login_required
@require_POST
def question_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    refused = _published_refusal(request, question)
    if refused:
        return refused
    form = MoveForm(request.POST)
    back = reverse("evaluation:questionnaire_draft", args=[question.version.questionnaire_id])
    if not form.is_valid():
        messages.error(request, _("The question was not moved: reload the page and try again."))
        return HttpResponseRedirect(back)
    try:
        services.move_question(
            actor=request.user,
            question=question,
            up=form.cleaned_data["direction"] == "up",
            version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(f"{back}#question-{question.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def titles(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    current = _draft_of(request, pk)
    if current is None:
        messages.error(request, _("Start a draft first: the title changes with a new version."))
        return redirect("evaluation:questionnaire_draft", pk=pk)
    form = TitlesForm(
        request.POST or None,
        questionnaire=current.questionnaire,
        initial={"version": current.version},
    )

    def write() -> None:
        services.save_titles(
            actor=request.user,
            draft=current,
            titles=form.titles(),
            version=form.cleaned_data["version"],
        )

    if saved(request, form, write, _("The title has been saved.")):
        return redirect("evaluation:questionnaire_draft", pk=pk)
    return form_page(request, "titles.html", form, draft=current)


@login_required
@require_POST
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    current = _draft_of(request, pk)
    if current is None:
        messages.error(request, _("There is no draft to publish."))
        return redirect("evaluation:questionnaire", pk=pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _draft_page(
            request, current.questionnaire, error=_("Reload the page and try again.")
        )
    try:
        number = services.publish(
            actor=request.user, draft=current, version=form.cleaned_data["version"]
        )
    except services.Incomplete as incomplete:
        return _draft_page(request, current.questionnaire, problems=incomplete.messages)
    except ValidationError as error:
        return _draft_page(request, current.questionnaire, error=" ".join(error.messages))
    messages.success(
        request,
        _("Version %(number)s has been published: it is asked from now on.") % {"number": number},
    )
    return redirect("evaluation:questionnaire", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def discard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    current = _draft_of(request, pk)
    if current is None:
        messages.info(request, _("There is no draft."))
        return redirect("evaluation:questionnaire", pk=pk)
    form = VersionForm(request.POST or None, initial={"version": current.version})

    def write() -> None:
        services.discard(actor=request.user, draft=current, version=form.cleaned_data["version"])

    if saved(request, form, write, _("The draft has been discarded.")):
        return redirect("evaluation:questionnaire", pk=pk)
    return form_page(request, "discard.html", form, draft=current)


urlpatterns: list[URLPattern] = [
    path("questionnaires/<int:pk>/draft/", draft, name="questionnaire_draft"),
    path("questionnaires/<int:pk>/draft/title/", titles, name="questionnaire_titles"),
    path("questionnaires/<int:pk>/draft/questions/new/", question_new, name="question_new"),
    path("questionnaires/<int:pk>/draft/publish/", publish, name="questionnaire_publish"),
    path("questionnaires/<int:pk>/draft/discard/", discard, name="questionnaire_discard"),
    path("questionnaires/questions/<int:pk>/", question_edit, name="question_edit"),
    path("questionnaires/questions/<int:pk>/delete/", question_delete, name="question_delete"),
    path("questionnaires/questions/<int:pk>/move/", question_move, name="question_move"),
]
