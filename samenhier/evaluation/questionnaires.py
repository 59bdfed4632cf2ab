"""Questionnaires: their versions, their languages, and the rules a draft must keep before
it is published. The writes are in evaluation.questionnaire_services.

A published version never changes what it asks: responses point at it, so a changed
question would change the meaning of answers already given. Changes go through the one
draft a questionnaire may have, which publishing makes the next version. Texts in a new
language do not change the meaning, so coordinators add them to the published version.

A text is read in a language as the answering pages show it (`texts.text_in`, with its
fallbacks), so a coordinator sees what a newcomer will see.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from samenhier.evaluation.models import Question, Questionnaire, QuestionnaireVersion
from samenhier.evaluation.texts import (
    BASE_LANGUAGES,
    choice_items,
    complete_languages,
    direction,
    has_text,
    text_in,
)
from samenhier.evaluation.vocabularies import INDICATOR_CHOICES, Indicator, QuestionKind
from samenhier.journeys.parties import Party

Texts = dict[str, str]

# Every published version speaks BASE_LANGUAGES. Dutch is the programme's own wording: the
# language a page falls back to, and what says that two versions ask the same question.
FALLBACK_LANGUAGE = "nl"
# A language (2 or 3 letters), optionally a script and a region: "ti", "prs-AF", "sr-Latn".
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
LANGUAGE_CODE_MAX_LENGTH = 40  # Response.language
TEXT_MAX_LENGTH = 1000
# Stored in Answer.choice (40 characters) and in exports: plain and short.
CHOICE_VALUE = re.compile(r"^[a-z0-9_]{1,40}$")

# The kind of question each indicator is asked with, so answers and indicators share one
# scale: the three levels are choices from the indicator's own scale, wellbeing is rated 1 to
# 5, and the network's size is a number typed as an open answer.
INDICATOR_KIND: dict[str, str] = {
    Indicator.LANGUAGE_LEVEL: QuestionKind.CHOICE,
    Indicator.INTEGRATION: QuestionKind.CHOICE,
    Indicator.WORK_STUDY: QuestionKind.CHOICE,
    Indicator.WELLBEING: QuestionKind.SCALE,
    Indicator.NETWORK_SIZE: QuestionKind.OPEN,
}

# --- plain rules ------------------------------------------------------------------------


def valid_language_code(code: str) -> bool:
    return len(code) <= LANGUAGE_CODE_MAX_LENGTH and bool(LANGUAGE_CODE.match(code))


def text_and_language(texts: Mapping[str, str], language: str) -> tuple[str, str]:
    """The text shown for `language` (`texts.text_in`) and the language it is written in,
    so a page can mark a fallback and give it its own lang= and dir=."""
    text = text_in(dict(texts), language)
    if not text or texts.get(language) == text:
        return text, language
    return text, next(code for code, value in texts.items() if value == text)


def indicator_problem(kind: str, indicator: str) -> str:
    """Why this kind cannot feed this indicator, or ""."""
    if not indicator or INDICATOR_KIND.get(indicator) == kind:
        return ""
    return _("“%(indicator)s” is asked as a question of the kind “%(kind)s”.") % {
        "indicator": Indicator(indicator).label,
        "kind": QuestionKind(INDICATOR_KIND[indicator]).label,
    }


def publish_problems(titles: Mapping[str, str], questions: Sequence[Question]) -> list[str]:
    """What must be fixed before a draft may be published, each named, in question order."""
    problems: list[str] = []
    missing_title = [code for code in BASE_LANGUAGES if not has_text(titles, code)]
    if missing_title:
        problems.append(
            _("The title has no text in: %(languages)s.") % {"languages": ", ".join(missing_title)}
        )
    if not questions:
        problems.append(_("The draft has no questions."))
    for number, question in enumerate(questions, start=1):
        prefix = _("Question %(number)s") % {"number": number}
        missing = [code for code in BASE_LANGUAGES if not has_text(question.texts, code)]
        if missing:
            problems.append(
                _("%(question)s has no text in: %(languages)s.")
                % {"question": prefix, "languages": ", ".join(missing)}
            )
        choices = choice_items(question)
        from_scale = question.indicator in INDICATOR_CHOICES
        if question.kind == QuestionKind.CHOICE and not choices and not from_scale:
            problems.append(_("%(question)s has no choices.") % {"question": prefix})
        for choice in choices:
            gaps = [code for code in BASE_LANGUAGES if not has_text(choice.get("texts"), code)]
            if gaps:
                problems.append(
                    _("%(question)s: the choice “%(value)s” has no text in: %(languages)s.")
                    % {
                        "question": prefix,
                        "value": choice.get("value", ""),
                        "languages": ", ".join(gaps),
                    }
                )
        wrong_kind = indicator_problem(question.kind, question.indicator)
        if wrong_kind:
            problems.append(f"{prefix}: {wrong_kind}")
    return problems


# --- reading ----------------------------------------------------------------------------


def published(questionnaire: Questionnaire) -> QuerySet[QuestionnaireVersion]:
    return questionnaire.versions.filter(published_at__isnull=False).order_by("-number")


def current_version(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    """The version asked from now on: the one published last."""
    return published(questionnaire).first()


def draft_of(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions.filter(published_at__isnull=True).first()


def questions_of(version: QuestionnaireVersion | None) -> list[Question]:
    return list(version.questions.order_by("position")) if version else []


@dataclass
class Overview:
    questionnaire: Questionnaire
    current: QuestionnaireVersion | None
    languages: list[str] = field(default_factory=list)
    has_draft: bool = False
    responses: int = 0


def overview() -> list[Overview]:
    """Every questionnaire with its current version, in four queries however many there are."""
    questionnaires = list(Questionnaire.objects.all())
    versions = list(
        QuestionnaireVersion.objects.annotate(answered=Count("responses")).order_by("-number")
    )
    current: dict[int, QuestionnaireVersion] = {}
    drafts: set[int] = set()
    answered: dict[int, int] = {}
    for row in versions:
        owner = row.questionnaire_id
        answered[owner] = answered.get(owner, 0) + row.answered
        if row.published_at is None:
            drafts.add(owner)
        else:
            current.setdefault(owner, row)
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(version__in=[v.pk for v in current.values()]).order_by(
        "position"
    ):
        questions.setdefault(question.version_id, []).append(question)
    rows = []
    for questionnaire in questionnaires:
        version = current.get(questionnaire.pk)
        asked = questions.get(version.pk, []) if version else []
        rows.append(
            Overview(
                questionnaire=questionnaire,
                current=version,
                languages=complete_languages(questionnaire.titles, asked) if version else [],
                has_draft=questionnaire.pk in drafts,
                responses=answered.get(questionnaire.pk, 0),
            )
        )
    return rows


# --- shown in a language ----------------------------------------------------------------


def title_in(questionnaire: Questionnaire, language: str) -> str:
    """The title as read in `language`; the audience's name when it has none yet."""
    return text_in(questionnaire.titles, language) or str(Party(questionnaire.audience).label)


def _shown_text(texts: Mapping[str, str], language: str) -> dict[str, Any]:
    text, written_in = text_and_language(texts, language)
    return {
        "text": text,
        "lang": written_in,
        "dir": direction(written_in),
        "fallback": written_in != language,
    }


def shown(questions: Iterable[Question], language: str) -> list[dict[str, Any]]:
    """Each question as read in `language`, marking the texts that fall back to another."""
    return [
        {
            "question": question,
            **_shown_text(question.texts, language),
            "choices": [
                {
                    "value": choice.get("value", ""),
                    **_shown_text(choice.get("texts") or {}, language),
                }
                for choice in choice_items(question)
            ],
        }
        for question in questions
    ]
