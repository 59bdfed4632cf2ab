"""Answering a questionnaire: its questions in a language, the rules an answer keeps, and the
one transaction that saves the answers and feeds the moment's indicators.

A questionnaire shows in the language chosen, falling back to Dutch and then English for a
text nobody translated yet. Answers are saved once: a second submission (a double click, a
link opened twice, two interviewers at once) is refused with a message, never half-saved.
The personal link is spent by the answer: its hash is cleared with the submission.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from samenhier.accounts.models import hash_token
from samenhier.evaluation import policies
from samenhier.evaluation.models import (
    Answer,
    IndicatorRecord,
    Question,
    QuestionnaireVersion,
    Response,
)
from samenhier.evaluation.texts import text_in
from samenhier.evaluation.vocabularies import (
    INDICATOR_CHOICES,
    Indicator,
    QuestionKind,
    ResponseMode,
)
from samenhier.journeys.parties import Party
from samenhier.network.services import StaleEdit, claim
from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.models import ConsentPurpose, Household

SCALE = range(1, 6)
MAX_NETWORK = 500
MAX_OPEN = 4000
# A personal link lasts through the moment's reminder and a margin to answer after it; each
# new link (the reminder's, the community builder's) starts its own days.
LINK_DAYS = 45

ALREADY_ANSWERED = gettext_noop("These questions have already been answered. Thank you!")


@dataclass(frozen=True)
class Item:
    """A question as one person sees it."""

    question: Question
    text: str
    choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def counts(self) -> bool:
        """An open question answered with a number of people (defaults.py)."""
        return self.question.indicator == Indicator.NETWORK_SIZE

    @property
    def key(self) -> str:
        return f"q{self.question.pk}"


def choices_of(question: Question, language: str) -> list[tuple[str, str]]:
    """An indicator question offers exactly its indicator's scale, labelled by the question's
    own texts where it has them and the interface's words otherwise."""
    labels = {c.get("value"): c.get("texts", {}) for c in question.choices or []}
    vocabulary = INDICATOR_CHOICES.get(question.indicator)
    if vocabulary is None:
        return [(str(value), text_in(texts, language)) for value, texts in labels.items()]
    with translation.override(language if language in dict(settings.LANGUAGES) else "nl"):
        return [
            (value, text_in(labels.get(value, {}), language) or str(label))
            for value, label in vocabulary.choices
        ]


def build(version: QuestionnaireVersion, language: str) -> list[Item]:
    """The questions of a version, in order, in `language` (with fallbacks)."""
    questions = list(version.questions.order_by("position"))
    return [Item(q, text_in(q.texts, language), choices_of(q, language)) for q in questions]


def title_of(version: QuestionnaireVersion, language: str) -> str:
    return text_in(version.questionnaire.titles, language)


# --- the rules ----------------------------------------------------------------------------


def clean(items: list[Item], raw: dict[str, Any]) -> dict[int, Any]:
    """Check the answers (keyed by Item.key) against the questions; returns them by question
    id, typed. Raises ValidationError with a message per field key."""
    errors: dict[str, str] = {}
    cleaned: dict[int, Any] = {}
    for item in items:
        value = raw.get(item.key)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if item.question.required:
                errors[item.key] = str(_("Please answer this question."))
            continue
        try:
            cleaned[item.question.pk] = _typed(item, value)
        except ValueError as error:
            errors[item.key] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _typed(item: Item, value: Any) -> Any:
    if item.kind == QuestionKind.SCALE:
        number = _whole(value)
        if number not in SCALE:
            raise ValueError(_("Choose a number from 1 to 5."))
        return number
    if item.kind == QuestionKind.CHOICE:
        if str(value) not in {v for v, _label in item.choices}:
            raise ValueError(_("Choose one of the answers in the list."))
        return str(value)
    if item.counts:
        number = _whole(value)
        if not 0 <= number <= MAX_NETWORK:
            raise ValueError(_("Give a whole number from 0 to %(max)s.") % {"max": MAX_NETWORK})
        return number
    text = str(value)
    if len(text) > MAX_OPEN:
        raise ValueError(_("Keep the answer under %(max)s characters.") % {"max": MAX_OPEN})
    return text


def _whole(value: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(_("Give a whole number.")) from None


# --- saving -------------------------------------------------------------------------------


def link_response(secret: str) -> Response | None:
    """The unanswered newcomer response a personal link opens, while it is valid and the
    household still consents to evaluation; None for anything else."""
    if not secret or len(secret) > 100:
        return None
    response = (
        Response.objects.filter(
            link_hash=hash_token(secret),
            link_expires_at__gt=timezone.now(),
            submitted_at__isnull=True,
            audience=Party.NEWCOMER,
        )
        .select_related("moment__journey__household", "questionnaire__questionnaire")
        .first()
    )
    if response is None or not newcomer_may_answer(response.moment.journey.household):
        return None
    return response


def newcomer_may_answer(household: Household) -> bool:
    """The newcomer answers, and is reminded of, what was sent while the household has not
    stopped and consents to evaluation (a new moment asks only while the year goes on:
    moments.asks_newcomer)."""
    return (
        household.stage != HouseholdStage.STOPPED
        and ConsentPurpose.EVALUATION in household.active_consents()
    )


def _allowed(actor: Any, response: Response, mode: str) -> bool:
    if mode == ResponseMode.ACCOUNT:
        return response.audience != Party.NEWCOMER and policies.can_answer(actor, response)
    if mode == ResponseMode.INTERVIEW:
        return policies.can_record_interview(actor, response)
    # A link: whoever holds it is the newcomer; the view found the response through it.
    return response.audience == Party.NEWCOMER and response.link_hash is not None


def submit(
    *,
    actor: Any,
    response: Response,
    answers: dict[int, Any],
    language: str,
    mode: str,
    interpreter: str = "",
    may_quote: bool = False,
) -> Response:
    """Save the answers of one response, once, and feed the moment's indicators from a
    newcomer's answers. `answers` are cleaned (`clean`); they are checked again here."""
    if not _allowed(actor, response, mode):
        raise PermissionDenied
    newcomer = response.audience == Party.NEWCOMER
    if newcomer and not newcomer_may_answer(response.moment.journey.household):
        raise ValidationError(_("The household does not take part in evaluations now."))
    items = build(response.questionnaire, language)
    answers = clean(items, {f"q{pk}": value for pk, value in answers.items()})
    now = timezone.now()
    with transaction.atomic():
        rows = Response.objects.filter(pk=response.pk, submitted_at__isnull=True)
        if mode == ResponseMode.LINK:
            rows = rows.filter(link_hash=response.link_hash, link_expires_at__gt=now)
        claim(
            rows,
            None,
            stale=ALREADY_ANSWERED,
            submitted_at=now,
            mode=mode,
            language=language[:40],
            interpreter=interpreter.strip()[:120],
            recorded_by=actor if mode == ResponseMode.INTERVIEW else None,
            # The newcomer's consent to quotes is the household's, never a box on a form.
            may_quote=may_quote and not newcomer,
            link_hash=None,
            link_expires_at=None,
        )
        by_pk = {item.question.pk: item for item in items}
        Answer.objects.bulk_create(
            _answer(response, by_pk[pk], value) for pk, value in answers.items()
        )
        if newcomer:
            feed_indicators(response, items, answers, now)
    response.refresh_from_db()
    return response


def _answer(response: Response, item: Item, value: Any) -> Answer:
    if item.kind == QuestionKind.SCALE or item.counts:
        return Answer(response=response, question=item.question, number=value)
    if item.kind == QuestionKind.CHOICE:
        return Answer(response=response, question=item.question, choice=value)
    return Answer(response=response, question=item.question, text=value)


def feed_indicators(
    response: Response, items: list[Item], answers: dict[int, Any], now: Any
) -> IndicatorRecord | None:
    """Where the newcomer stands at this moment, from their answers to indicator questions."""
    values = {
        item.question.indicator: answers[item.question.pk]
        for item in items
        if item.question.indicator and item.question.pk in answers
    }
    if not values:
        return None
    record, _created = IndicatorRecord.objects.update_or_create(
        moment=response.moment,
        defaults={**values, "source": response, "recorded_at": now},
    )
    return record


def withdraw_quote(*, actor: Any, response: Response) -> None:
    """A member or partner withdraws their consent to be quoted; every later report leaves
    their answers out."""
    if not policies.can_withdraw_quote(actor, response):
        raise PermissionDenied
    Response.objects.filter(pk=response.pk).update(may_quote=False)
    response.may_quote = False


def new_link(*, actor: Any, response: Response) -> str:
    """A fresh personal link for the newcomer's unanswered questionnaire, for the community
    builder to pass on; the previous link stops working. Returns the secret, shown once."""
    if not policies.can_record_interview(actor, response):
        raise PermissionDenied
    if response.audience != Party.NEWCOMER or response.submitted_at is not None:
        raise ValidationError(_("Only an unanswered questionnaire of the newcomer gets a link."))
    if not newcomer_may_answer(response.moment.journey.household):
        raise ValidationError(_("The household does not take part in evaluations now."))
    secret = response.new_link(LINK_DAYS)
    with transaction.atomic():
        updated = Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(
            link_hash=response.link_hash, link_expires_at=response.link_expires_at
        )
        if not updated:
            raise StaleEdit(_(ALREADY_ANSWERED))
    return secret
