"""What people told at the evaluation moments, as a report may show it: quotes with consent,
under pseudonyms, and the experiences per audience in numbers.

Consent is read when the report is rendered, never stored with it: a newcomer's open answer
is quoted only while the household's consent to quotes holds, a member's or partner's only
while their response says they may be quoted. Withdrawing either takes the quote out of every
rendering afterwards.

A pseudonym ("Newcomer A") names one quote, not a person: two quotes of the same person get
different letters, so quotes cannot be put together into a portrait. The letters follow a
keyed hash of the answer and the report, so a report shows the same letters every time, and
neither the order nor the letter says anything about who answered, when or where.
"""

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samenhier.evaluation.figures import Filters
from samenhier.evaluation.models import Answer, Response
from samenhier.evaluation.suppression import Cell, cell, statistic
from samenhier.evaluation.texts import direction, text_in
from samenhier.evaluation.vocabularies import AUDIENCES, QuestionKind
from samenhier.journeys.parties import Party
from samenhier.newcomers.models import Consent, ConsentPurpose

# How a quote's speaker is named: the audience, never the person.
SPEAKERS: dict[str, Any] = {
    Party.NEWCOMER: _("Newcomer %(letter)s"),
    Party.GROUP: _("Group member %(letter)s"),
    Party.MUNICIPALITY: _("Municipality %(letter)s"),
    Party.LOCAL_PARTNER: _("Local partner %(letter)s"),
    Party.SOCIAL_SUPPORT: _("Social support %(letter)s"),
}
AUDIENCE_LABELS: dict[str, Any] = {
    Party.NEWCOMER: _("Newcomers"),
    Party.GROUP: _("Group members"),
    Party.MUNICIPALITY: _("Municipality"),
    Party.LOCAL_PARTNER: _("Local partner"),
    Party.SOCIAL_SUPPORT: _("Social support"),
}


@dataclass(frozen=True)
class Quote:
    pseudonym: str
    audience: str
    audience_label: str
    months: int
    text: str
    language: str  # the language it was written in, for lang= and the direction

    @property
    def direction(self) -> str:
        return direction(self.language)


def letters(index: int) -> str:
    """A, B, …, Z, AA, AB, …: the index-th letter name."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _key(report_key: str, answer_pk: int) -> str:
    message = f"quote:{report_key}:{answer_pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _scoped(rows: QuerySet[Any], filters: Filters, via: str = "") -> QuerySet[Any]:
    """Responses (or, `via="response__"`, answers) submitted within the period, in local
    calendar days, inclusive, in the filters' cities and group kind."""
    submitted = f"{via}submitted_at"
    rows = rows.filter(**{f"{submitted}__isnull": False})
    zone = timezone.get_current_timezone()
    if filters.start is not None:
        start = timezone.make_aware(datetime.combine(filters.start, time.min), zone)
        rows = rows.filter(**{f"{submitted}__gte": start})
    if filters.end is not None:
        end = timezone.make_aware(datetime.combine(filters.end + timedelta(days=1), time.min), zone)
        rows = rows.filter(**{f"{submitted}__lt": end})
    if filters.year is not None:
        rows = rows.filter(**{f"{submitted}__year": filters.year})
    journey = f"{via}moment__journey__"
    if filters.city_ids is not None:
        rows = rows.filter(**{f"{journey}household__city_id__in": filters.city_ids})
    if filters.group_kind:
        rows = rows.filter(**{f"{journey}group__kind": filters.group_kind})
    return rows.filter(**{f"{via}audience__in": list(SPEAKERS)}).order_by()


def _consenting() -> Q:
    """A newcomer through the household's active consent to quotes; anyone else through the
    tick on their own response."""
    quotes_consent = Consent.objects.filter(
        household=OuterRef("response__moment__journey__household"),
        purpose=ConsentPurpose.QUOTES,
        withdrawn_at__isnull=True,
    )
    return (Q(response__audience=Party.NEWCOMER) & Exists(quotes_consent)) | (
        ~Q(response__audience=Party.NEWCOMER) & Q(response__may_quote=True)
    )


def quotes_for(filters: Filters, report_key: str = "") -> list[Quote]:
    """The quotable open answers of the period that may be quoted now, under pseudonyms.
    `report_key` (the report's pk) keeps the letters the same each time the report is shown,
    and different from one report to another."""
    rows = (
        _scoped(Answer.objects.all(), filters, "response__")
        .filter(_consenting(), question__quotable=True, question__kind=QuestionKind.OPEN)
        .values_list(
            "pk", "text", "response__audience", "response__moment__months", "response__language"
        )
    )
    by_audience: dict[str, list[tuple[str, str, int, str]]] = defaultdict(list)
    for pk, text, audience, months, language in rows:
        if text and text.strip():
            by_audience[audience].append((_key(report_key, pk), text.strip(), months, language))
    quotes: list[Quote] = []
    for audience in SPEAKERS:
        for index, (_hash, text, months, language) in enumerate(sorted(by_audience[audience])):
            quotes.append(
                Quote(
                    pseudonym=str(SPEAKERS[audience] % {"letter": letters(index)}),
                    audience=audience,
                    audience_label=str(AUDIENCE_LABELS[audience]),
                    months=months,
                    text=text,
                    language=language,
                )
            )
    return quotes


# --- experiences -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mean:
    question: str
    answers: Cell
    mean: float | None  # left out over fewer than the threshold


@dataclass(frozen=True)
class Experience:
    audience: str
    label: str
    responses: Cell
    means: list[Mean]


def experiences(filters: Filters, threshold: int) -> list[Experience]:
    """Per audience: how many answered in the period, and the mean of each scale question.
    Two queries however many answers there are."""
    counted = dict(
        _scoped(Response.objects.all(), filters)
        .values("audience")
        .annotate(n=Count("pk"))
        .values_list("audience", "n")
    )
    rows = (
        _scoped(Answer.objects.all(), filters, "response__")
        .filter(question__kind=QuestionKind.SCALE, number__isnull=False)
        .values("response__audience", "question_id", "question__texts", "question__position")
        .annotate(n=Count("pk"), total=Sum("number"))
        .order_by("response__audience", "question__position", "question_id")
    )
    language = get_language() or "nl"
    # The same question asked in several versions is one question: the Dutch wording (the
    # programme's own) says which it is.
    merged: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        texts = row["question__texts"] or {}
        key = (row["response__audience"], text_in(texts, "nl"))
        if key not in merged:
            merged[key] = [text_in(texts, language), 0, 0]
        merged[key][1] += row["n"]
        merged[key][2] += row["total"] or 0
    means: dict[str, list[Mean]] = defaultdict(list)
    for (audience, _dutch), (text, n, total) in merged.items():
        means[audience].append(
            Mean(
                question=text,
                answers=cell(n, threshold),
                mean=statistic(round(total / n, 1) if n else None, n, threshold),
            )
        )
    result = []
    for audience in AUDIENCES:
        answered = cell(counted.get(audience, 0), threshold)
        result.append(
            Experience(
                audience=audience,
                label=str(AUDIENCE_LABELS[audience]),
                responses=answered,
                # A mean over a handful of people is nearly their answer: none shown.
                means=[] if answered.hidden else means[audience],
            )
        )
    return result


__all__ = ["AUDIENCES", "Experience", "Mean", "Quote", "experiences", "letters", "quotes_for"]
