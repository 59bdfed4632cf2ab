"""Managing the questionnaires: reading them in any language, the draft that becomes the next
version, and the texts a coordinator adds in a new language.

Coordinators read them (the national and the local ones); only the national coordinator
changes questions. A published version is never edited: asking to is answered with a clear
message and the way to a draft, never an error page.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenhier.evaluation import policies
from samenhier.evaluation import questionnaires as rules
from samenhier.evaluation.forms_questionnaires import (
    LanguageCodeForm,
    LanguageTextsForm,
    MoveForm,
    QuestionForm,
    TitlesForm,
    VersionForm,
    language_name,
)
from samenhier.evaluation.models import Question, Questionnaire, QuestionnaireVersion
from samenhier.journeys.parties import Party
from samenhier.web.http import AuthenticatedRequest

T = "evaluation/questionnaires/"


def _reader(request: AuthenticatedRequest) -> None:
    if not policies.can_add_question_texts(request.user):
        raise PermissionDenied


def _manager(request: AuthenticatedRequest) -> None:
    if not policies.can_manage_questionnaires(request.user):
        raise PermissionDenied


def _questionnaire(request: AuthenticatedRequest, pk: int) -> Questionnaire:
    _reader(request)
    return get_object_or_404(Questionnaire, pk=pk)


def _title(questionnaire: Questionnaire, language: str) -> str:
    return rules.text_in(questionnaire.titles, language)[0] or str(
        Party(questionnaire.audience).label
    )


def _shown(questions: list[Question], language: str) -> list[dict[str, Any]]:
    """Each question as read in `language`, marking the texts that fall back to another."""
    shown = []
    for question in questions:
        text, written_in = rules.text_in(question.texts, language)
        choices = []
        for choice in rules.choice_items(question):
            label, label_in = rules.text_in(choice.get("texts") or {}, language)
            choices.append(
                {
                    "value": choice.get("value", ""),
                    "text": label,
                    "lang": label_in,
                    "dir": rules.direction(label_in),
                    "fallback": label_in != language,
                }
            )
        shown.append(
            {
                "question": question,
                "text": text,
                "lang": written_in,
                "dir": rules.direction(written_in),
                "fallback": written_in != language,
                "choices": choices,
            }
        )
    return shown


@login_required
@require_safe
def questionnaire_list(request: AuthenticatedRequest) -> HttpResponse:
    _reader(request)
    language = translation.get_language() or rules.FALLBACK_LANGUAGE
    rows = [
        {
            "row": row,
            "title": _title(row.questionnaire, language),
            "audience": Party(row.questionnaire.audience).label,
            "languages": row.languages,
        }
        for row in rules.overview()
    ]
    return render(request, T + "list.html", {"rows": rows})


@login_required
@require_safe
def questionnaire_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    versions = list(rules.published(questionnaire).annotate(answered=Count("responses")))
    number = request.GET.get("version")
    if number is None:
        version = versions[0] if versions else None
    else:
        version = next((v for v in versions if str(v.number) == number), None)
        if version is None:
            raise Http404
    questions = rules.questions_of(version)
    languages = rules.languages_of(questionnaire.titles, questions)
    wanted = request.GET.get("lang") or translation.get_language() or ""
    language = wanted if wanted in languages else rules.FALLBACK_LANGUAGE
    covered = rules.covered_languages(questionnaire.titles, questions)
    return render(
        request,
        T + "detail.html",
        {
            "questionnaire": questionnaire,
            "title": _title(questionnaire, language),
            "audience": Party(questionnaire.audience).label,
            "version": version,
            "current": versions[0] if versions else None,
            "versions": versions,
            "questions": _shown(questions, language),
            "language": language,
            "language_dir": rules.direction(language),
            "languages": [(c, language_name(c), c in covered) for c in languages],
            "draft": rules.draft_of(questionnaire),
            "can_manage": policies.can_manage_questionnaires(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the draft with its actions (or the offer to start one); POST: start it."""
    _manager(request)
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    if request.method == "POST":
        made, created = rules.start_draft(actor=request.user, questionnaire=questionnaire)
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
    status: int = 200,
) -> HttpResponse:
    current = rules.draft_of(questionnaire)
    questions = rules.questions_of(current)
    language = translation.get_language() or rules.FALLBACK_LANGUAGE
    return render(
        request,
        T + "draft.html",
        {
            "questionnaire": questionnaire,
            "title": _title(questionnaire, language),
            "audience": Party(questionnaire.audience).label,
            "draft": current,
            "questions": _shown(questions, language),
            "titles": [
                (language_name(c), t, rules.direction(c))
                for c, t in sorted(questionnaire.titles.items())
            ],
            "problems": problems,
            "error": error,
        },
        status=status,
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
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            rules.save_question(
                actor=request.user,
                draft=current,
                question=question,
                data=form.data_for_save(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            stale = getattr(error, "code", None) == "stale"
            form.add_error(None, error)
        else:
            messages.success(request, _("The question has been saved in the draft."))
            return redirect("evaluation:questionnaire_draft", pk=current.questionnaire_id)
    return render(
        request,
        T + "question_form.html",
        {"form": form, "draft": current, "question": question, "stale": stale},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    refused = _published_refusal(request, question)
    if refused:
        return refused
    form = VersionForm(request.POST or None, initial={"version": question.version.version})
    if request.method == "POST" and form.is_valid():
        try:
            rules.delete_question(
                actor=request.user, question=question, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question has been taken out of the draft."))
            return redirect("evaluation:questionnaire_draft", pk=question.version.questionnaire_id)
    language = translation.get_language() or rules.FALLBACK_LANGUAGE
    return render(
        request,
        T + "question_delete.html",
        {"form": form, "question": question, "shown": _shown([question], language)[0]},
    )


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
        rules.move_question(
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
    if request.method == "POST" and form.is_valid():
        try:
            rules.save_titles(
                actor=request.user,
                draft=current,
                titles=form.titles(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The title has been saved."))
            return redirect("evaluation:questionnaire_draft", pk=pk)
    return render(request, T + "titles.html", {"form": form, "draft": current})


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
        number = rules.publish(
            actor=request.user, draft=current, version=form.cleaned_data["version"]
        )
    except rules.Incomplete as incomplete:
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
    if request.method == "POST" and form.is_valid():
        try:
            rules.discard(actor=request.user, draft=current, version=form.cleaned_data["version"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft has been discarded."))
            return redirect("evaluation:questionnaire", pk=pk)
    return render(request, T + "discard.html", {"form": form, "draft": current})


@login_required
@require_http_methods(["GET", "POST"])
def language(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add or correct the texts of one language in the current version."""
    questionnaire = _questionnaire(request, pk)
    target = rules.current_version(questionnaire)
    chosen = (
        request.POST.get("language") if request.method == "POST" else request.GET.get("language")
    )
    code_form = LanguageCodeForm({"language": chosen} if chosen is not None else None)
    context: dict[str, Any] = {"questionnaire": questionnaire, "target": target}
    if target is None or not code_form.is_valid():
        return render(request, T + "language.html", {**context, "code_form": code_form})
    code = code_form.cleaned_data["language"]
    source = translation.get_language() or rules.FALLBACK_LANGUAGE
    form = LanguageTextsForm(
        request.POST if request.method == "POST" else None,
        questionnaire=questionnaire,
        questions=rules.questions_of(target),
        language=code,
        source=source if source in rules.BASE_LANGUAGES else rules.FALLBACK_LANGUAGE,
        initial={"version": target.version},
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        title, questions, choices = form.texts()
        try:
            rules.add_language(
                actor=request.user,
                target=target,
                language=code,
                title=title,
                questions=questions,
                choices=choices,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            stale = getattr(error, "code", None) == "stale"
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The texts in “%(language)s” have been saved in version %(number)s.")
                % {"language": code, "number": target.number},
            )
            return redirect(reverse("evaluation:questionnaire", args=[pk]) + f"?lang={code}")
    return render(
        request,
        T + "language.html",
        {**context, "code_form": code_form, "form": form, "code": code, "stale": stale},
    )


urlpatterns: list[URLPattern] = [
    path("questionnaires/", questionnaire_list, name="questionnaires"),
    path("questionnaires/<int:pk>/", questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:pk>/draft/", draft, name="questionnaire_draft"),
    path("questionnaires/<int:pk>/draft/title/", titles, name="questionnaire_titles"),
    path("questionnaires/<int:pk>/draft/questions/new/", question_new, name="question_new"),
    path("questionnaires/<int:pk>/draft/publish/", publish, name="questionnaire_publish"),
    path("questionnaires/<int:pk>/draft/discard/", discard, name="questionnaire_discard"),
    path("questionnaires/<int:pk>/language/", language, name="questionnaire_language"),
    path("questionnaires/questions/<int:pk>/", question_edit, name="question_edit"),
    path("questionnaires/questions/<int:pk>/delete/", question_delete, name="question_delete"),
    path("questionnaires/questions/<int:pk>/move/", question_move, name="question_move"),
]
