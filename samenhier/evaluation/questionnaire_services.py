"""Every change to the questionnaires: the one draft a questionnaire may have, publishing it
as the next version, and the texts of a new language in the published version (the rules
they keep are in evaluation.questionnaires).

Every write claims the version row (its `version` counter), so two coordinators editing the
same draft at once cannot overwrite each other: the second is told to reload.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenhier.evaluation import policies
from samenhier.evaluation.models import Question, Questionnaire, QuestionnaireVersion
from samenhier.evaluation.questionnaires import (
    FALLBACK_LANGUAGE,
    Texts,
    current_version,
    draft_of,
    indicator_problem,
    publish_problems,
    published,
    questions_of,
    valid_language_code,
)
from samenhier.evaluation.texts import BASE_LANGUAGES, choice_items, has_text
from samenhier.evaluation.vocabularies import QuestionKind
from samenhier.network.services import claim

STALE_MESSAGE = gettext_noop(
    "This draft was changed in the meantime by someone else. Nothing was saved: reload the "
    "page to see the draft as it is now."
)


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
        if original is None or has_text(question.texts, language):
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
