"""Questionnaires: their versions, their languages, and every change to them.

A published version never changes what it asks: responses point at it, so a changed
question would change the meaning of answers already given. Changes go through the one
draft a questionnaire may have, which publishing makes the next version. Texts in a new
language do not change the meaning, so coordinators add them to the published version.

Every write claims the version row (its `version` counter), so two coordinators editing the
same draft at once cannot overwrite each other: the second is told to reload.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenhier.evaluation import policies
from samenhier.evaluation.models import Question, Questionnaire, QuestionnaireVersion
from samenhier.evaluation.vocabularies import INDICATOR_CHOICES, Indicator, QuestionKind
from samenhier.network.services import claim

Texts = dict[str, str]

# Every published version speaks these; the answering pages fall back to Dutch.
BASE_LANGUAGES: tuple[str, ...] = ("nl", "en", "ar")
FALLBACK_LANGUAGE = "nl"
# Written right to left: marked dir="rtl" wherever their text is shown or typed.
RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ur", "he", "prs", "ckb"})
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

STALE_MESSAGE = gettext_noop(
    "This draft was changed in the meantime by someone else. Nothing was saved: reload the "
    "page to see the draft as it is now."
)


# --- plain rules ------------------------------------------------------------------------


def valid_language_code(code: str) -> bool:
    return len(code) <= LANGUAGE_CODE_MAX_LENGTH and bool(LANGUAGE_CODE.match(code))


def is_rtl(code: str) -> bool:
    return code.split("-")[0].lower() in RTL_LANGUAGES


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def text_in(texts: Mapping[str, str], language: str) -> tuple[str, str]:
    """The text in `language`, else in Dutch, else any: (text, the language it is in)."""
    for code in (language, FALLBACK_LANGUAGE, *sorted(texts)):
        value = texts.get(code)
        if isinstance(value, str) and value.strip():
            return value, code
    return "", language


def _has(texts: Any, language: str) -> bool:
    value = texts.get(language) if isinstance(texts, dict) else None
    return isinstance(value, str) and bool(value.strip())


def choice_items(question: Question) -> list[dict[str, Any]]:
    return [c for c in question.choices or [] if isinstance(c, dict)]


def languages_of(titles: Mapping[str, str], questions: Iterable[Question]) -> list[str]:
    """Every language any text of the questionnaire is written in."""
    found = {code for code, text in titles.items() if _has(titles, code)}
    for question in questions:
        found |= {code for code in question.texts or {} if _has(question.texts, code)}
        for choice in choice_items(question):
            texts = choice.get("texts") or {}
            found |= {code for code in texts if _has(texts, code)}
    return sorted(found)


def covers(titles: Mapping[str, str], questions: Sequence[Question], language: str) -> bool:
    """The title, every question and every choice have a text in `language`."""
    return (
        _has(titles, language)
        and all(_has(q.texts, language) for q in questions)
        and all(_has(c.get("texts"), language) for q in questions for c in choice_items(q))
    )


def covered_languages(titles: Mapping[str, str], questions: Sequence[Question]) -> list[str]:
    return [code for code in languages_of(titles, questions) if covers(titles, questions, code)]


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
    missing_title = [code for code in BASE_LANGUAGES if not _has(titles, code)]
    if missing_title:
        problems.append(
            _("The title has no text in: %(languages)s.") % {"languages": ", ".join(missing_title)}
        )
    if not questions:
        problems.append(_("The draft has no questions."))
    for number, question in enumerate(questions, start=1):
        prefix = _("Question %(number)s") % {"number": number}
        missing = [code for code in BASE_LANGUAGES if not _has(question.texts, code)]
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
            gaps = [code for code in BASE_LANGUAGES if not _has(choice.get("texts"), code)]
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
                languages=covered_languages(questionnaire.titles, asked) if version else [],
                has_draft=questionnaire.pk in drafts,
                responses=answered.get(questionnaire.pk, 0),
            )
        )
    return rows


# --- writes -----------------------------------------------------------------------------


class Incomplete(ValidationError):
    """The draft cannot be published yet: `messages` names each thing missing."""


@dataclass
class QuestionData:
    kind: str
    texts: Texts
    choices: list[dict[str, Any]]
    indicator: str = ""
    required: bool = False
    quotable: bool = False


def _manager(actor: Any) -> None:
    if not policies.can_manage_questionnaires(actor):
        raise PermissionDenied


def _claim_draft(draft: QuestionnaireVersion, version: int | None, **changes: Any) -> None:
    """Lock the draft for this change: refused when it was published, discarded or changed
    since the person read it."""
    if draft.published_at is not None:
        raise ValidationError(
            _("Version %(number)s is published and cannot be changed. Start a new draft.")
            % {"number": draft.number},
            code="published",
        )
    rows = QuestionnaireVersion.objects.filter(pk=draft.pk, published_at__isnull=True)
    claim(rows, version if version is not None else -1, stale=STALE_MESSAGE, **changes)


def start_draft(*, actor: Any, questionnaire: Questionnaire) -> tuple[QuestionnaireVersion, bool]:
    """The draft, copied from the current version's questions; (draft, False) if one exists."""
    _manager(actor)
    existing = draft_of(questionnaire)
    if existing is not None:
        return existing, False
    source = current_version(questionnaire)
    try:
        with transaction.atomic():
            last = questionnaire.versions.aggregate(last=Max("number"))["last"] or 0
            draft = QuestionnaireVersion.objects.create(
                questionnaire=questionnaire, number=last + 1, created_by=actor
            )
            Question.objects.bulk_create(
                Question(
                    version=draft,
                    position=position,
                    kind=q.kind,
                    texts=dict(q.texts),
                    choices=list(q.choices),
                    indicator=q.indicator,
                    required=q.required,
                    quotable=q.quotable,
                )
                for position, q in enumerate(questions_of(source), start=1)
            )
    except IntegrityError:
        # Someone else started one at the same moment: theirs is the draft.
        existing = draft_of(questionnaire)
        if existing is None:
            raise
        return existing, False
    return draft, True


def save_question(
    *,
    actor: Any,
    draft: QuestionnaireVersion,
    question: Question | None,
    data: QuestionData,
    version: int | None,
) -> Question:
    """Change a question of the draft, or add one at the end (question None)."""
    _manager(actor)
    problem = indicator_problem(data.kind, data.indicator)
    if problem:
        raise ValidationError(problem, code="indicator")
    with transaction.atomic():
        _claim_draft(draft, version)
        if question is None:
            last = draft.questions.aggregate(last=Max("position"))["last"] or 0
            question = Question(version=draft, position=last + 1)
        elif question.version_id != draft.pk:
            raise PermissionDenied
        question.kind = data.kind
        question.texts = data.texts
        question.choices = data.choices if data.kind == QuestionKind.CHOICE else []
        question.indicator = data.indicator
        question.required = data.required
        question.quotable = data.quotable
        question.save()
    return question


def delete_question(*, actor: Any, question: Question, version: int | None) -> None:
    _manager(actor)
    with transaction.atomic():
        _claim_draft(question.version, version)
        position = question.position
        draft = question.version
        question.delete()
        # Close the gap one by one from the top, so no two questions share a position.
        for later in draft.questions.filter(position__gt=position).order_by("position"):
            Question.objects.filter(pk=later.pk).update(position=later.position - 1)


def move_question(*, actor: Any, question: Question, up: bool, version: int | None) -> bool:
    """Swap the question with the one above or below; False at the top or the bottom."""
    _manager(actor)
    with transaction.atomic():
        _claim_draft(question.version, version)
        siblings = question.version.questions.order_by("position")
        neighbour = (
            siblings.filter(position__lt=question.position).order_by("-position").first()
            if up
            else siblings.filter(position__gt=question.position).first()
        )
        if neighbour is None:
            return False
        parked = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
        mine, theirs = question.position, neighbour.position
        Question.objects.filter(pk=question.pk).update(position=parked)
        Question.objects.filter(pk=neighbour.pk).update(position=mine)
        Question.objects.filter(pk=question.pk).update(position=theirs)
        question.position = theirs
    return True


def save_titles(
    *, actor: Any, draft: QuestionnaireVersion, titles: Texts, version: int | None
) -> None:
    """The title belongs to every version; like the questions it changes only in a draft."""
    _manager(actor)
    with transaction.atomic():
        _claim_draft(draft, version)
        questionnaire = Questionnaire.objects.select_for_update().get(pk=draft.questionnaire_id)
        merged = {**questionnaire.titles, **titles}
        questionnaire.titles = {code: text for code, text in merged.items() if text}
        questionnaire.save(update_fields=["titles"])


def publish(*, actor: Any, draft: QuestionnaireVersion, version: int | None) -> int:
    """Make the draft the current version; refused, naming what is missing, when incomplete."""
    _manager(actor)
    questionnaire = draft.questionnaire
    problems = publish_problems(questionnaire.titles, questions_of(draft))
    if problems:
        raise Incomplete(problems)
    with transaction.atomic():
        last = published(questionnaire).aggregate(last=Max("number"))["last"] or 0
        _claim_draft(draft, version, published_at=timezone.now(), number=last + 1)
    return last + 1


def discard(*, actor: Any, draft: QuestionnaireVersion, version: int | None) -> None:
    _manager(actor)
    with transaction.atomic():
        _claim_draft(draft, version)
        draft.delete()


def add_language(
    *,
    actor: Any,
    target: QuestionnaireVersion,
    language: str,
    title: str,
    questions: Mapping[int, str],
    choices: Mapping[tuple[int, str], str],
    version: int | None,
) -> None:
    """Add or correct the texts of one language in the published version. Dutch, English and
    Arabic are what the questions mean, so they change only through a new version. A draft
    copied earlier gets the new texts too where its question still says the same."""
    if not policies.can_add_question_texts(actor):
        raise PermissionDenied
    if language in BASE_LANGUAGES or not valid_language_code(language):
        raise ValidationError(
            _("Texts in Dutch, English and Arabic change only through a new version."),
            code="base_language",
        )
    if target.published_at is None:
        raise ValidationError(_("Texts are added to a published version."), code="draft")
    with transaction.atomic():
        claim(
            QuestionnaireVersion.objects.filter(pk=target.pk),
            version if version is not None else -1,
            stale=STALE_MESSAGE,
        )
        questionnaire = Questionnaire.objects.select_for_update().get(pk=target.questionnaire_id)
        questionnaire.titles = {**questionnaire.titles, language: title}
        questionnaire.save(update_fields=["titles"])
        changed = questions_of(target)
        for question in changed:
            _set_language(question, language, questions, choices)
            question.save(update_fields=["texts", "choices"])
        _carry_to_draft(questionnaire, changed, language)


def _set_language(
    question: Question,
    language: str,
    questions: Mapping[int, str],
    choices: Mapping[tuple[int, str], str],
    *,
    key: int | None = None,
) -> None:
    key = question.pk if key is None else key
    if key in questions:
        question.texts = {**question.texts, language: questions[key]}
    updated = []
    for choice in choice_items(question):
        text = choices.get((key, str(choice.get("value", ""))))
        if text is not None:
            choice = {**choice, "texts": {**(choice.get("texts") or {}), language: text}}
        updated.append(choice)
    if updated:
        question.choices = updated


def _carry_to_draft(questionnaire: Questionnaire, source: list[Question], language: str) -> None:
    draft = draft_of(questionnaire)
    if draft is None:
        return
    same = {(q.kind, q.texts.get(FALLBACK_LANGUAGE)): q for q in source}
    for question in questions_of(draft):
        original = same.get((question.kind, question.texts.get(FALLBACK_LANGUAGE)))
        if original is None or _has(question.texts, language):
            continue
        texts = {original.pk: original.texts[language]}
        by_value = {
            (original.pk, str(c.get("value"))): (c.get("texts") or {}).get(language, "")
            for c in choice_items(original)
        }
        _set_language(
            question, language, texts, {k: v for k, v in by_value.items() if v}, key=original.pk
        )
        question.save(update_fields=["texts", "choices"])
