"""Reading the questionnaires in any language, and the texts a coordinator adds in a new
language. The draft that becomes the next version is in views/questionnaire_drafts.py.

Coordinators read them (the national and the local ones) and add texts in a language; only
the national coordinator changes questions.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samenhier.evaluation import policies, texts
from samenhier.evaluation import questionnaire_services as services
from samenhier.evaluation import questionnaires as rules
from samenhier.evaluation.forms_questionnaires import (
    LanguageCodeForm,
    LanguageTextsForm,
)
from samenhier.evaluation.models import Questionnaire
from samenhier.journeys.parties import Party
from samenhier.web.http import AuthenticatedRequest

T = "evaluation/questionnaires/"


def page_language() -> str:
    return translation.get_language() or rules.FALLBACK_LANGUAGE


def saved(
    request: AuthenticatedRequest, form: forms.Form, write: Callable[[], Any], done: str
) -> bool:
    """For a valid POST of `form`: `write`, then `done` as the message. A refusal (a stale
    version, a published draft) lands on the form instead. Whether it was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write()
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, done)
    return True


def form_page(
    request: AuthenticatedRequest, template: str, form: forms.Form, **context: Any
) -> HttpResponse:
    """A form page; after a stale edit it offers the current state (_stale.html)."""
    stale = any(error.code == "stale" for error in form.non_field_errors().as_data())
    return render(request, T + template, {"form": form, "stale": stale, **context})


def _reader(request: AuthenticatedRequest) -> None:
    if not policies.can_add_question_texts(request.user):
        raise PermissionDenied


def _questionnaire(request: AuthenticatedRequest, pk: int) -> Questionnaire:
    _reader(request)
    return get_object_or_404(Questionnaire, pk=pk)


@login_required
@require_safe
def questionnaire_list(request: AuthenticatedRequest) -> HttpResponse:
    _reader(request)
    language = page_language()
    rows = [
        {
            "row": row,
            "title": rules.title_in(row.questionnaire, language),
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
    languages = texts.written_languages(questionnaire.titles, questions)
    wanted = request.GET.get("lang") or translation.get_language() or ""
    language = wanted if wanted in languages else rules.FALLBACK_LANGUAGE
    return render(
        request,
        T + "detail.html",
        {
            "questionnaire": questionnaire,
            "title": rules.title_in(questionnaire, language),
            "audience": Party(questionnaire.audience).label,
            "version": version,
            "current": versions[0] if versions else None,
            "versions": versions,
            "questions": rules.shown(questions, language),
            "language": language,
            "language_dir": texts.direction(language),
            "languages": [
                (c, texts.language_name(c), texts.covers(questionnaire.titles, questions, c))
                for c in languages
            ],
            "draft": rules.draft_of(questionnaire),
            "can_manage": policies.can_manage_questionnaires(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def language(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add or correct the texts of one language in the current version."""
    questionnaire = _questionnaire(request, pk)
    target = rules.current_version(questionnaire)
    chosen = (request.POST if request.method == "POST" else request.GET).get("language")
    code_form = LanguageCodeForm({"language": chosen} if chosen is not None else None)
    context: dict[str, Any] = {"questionnaire": questionnaire, "target": target}
    if target is None or not code_form.is_valid():
        return render(request, T + "language.html", {**context, "code_form": code_form})
    code = code_form.cleaned_data["language"]
    source = page_language()
    form = LanguageTextsForm(
        request.POST if request.method == "POST" else None,
        questionnaire=questionnaire,
        questions=rules.questions_of(target),
        language=code,
        source=source if source in texts.BASE_LANGUAGES else rules.FALLBACK_LANGUAGE,
        initial={"version": target.version},
    )

    def write() -> None:
        title, questions, choices = form.texts()
        services.add_language(
            actor=request.user,
            target=target,
            language=code,
            title=title,
            questions=questions,
            choices=choices,
            version=form.cleaned_data["version"],
        )

    done = _("The texts in “%(language)s” have been saved in version %(number)s.") % {
        "language": code,
        "number": target.number,
    }
    if saved(request, form, write, done):
        return redirect(reverse("evaluation:questionnaire", args=[pk]) + f"?lang={code}")
    return form_page(request, "language.html", form, **context, code_form=code_form, code=code)


urlpatterns: list[URLPattern] = [
    path("questionnaires/", questionnaire_list, name="questionnaires"),
    path("questionnaires/<int:pk>/", questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:pk>/language/", language, name="questionnaire_language"),
]
