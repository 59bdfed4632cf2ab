"""The demo's evaluation: the households with a year's history consent to evaluation (and
Rotterdam's to quotes), the daily run opens their first moment, and in Rotterdam the newcomer
(in an interview, in Arabic with an interpreter) and the group member have answered, so the
dashboards, the moments and a report have something to show."""

from typing import Any

from django.utils import timezone

from samenhier.accounts.roles import Role
from samenhier.evaluation import answering, moments
from samenhier.evaluation.models import Response
from samenhier.evaluation.vocabularies import Indicator, QuestionKind, ResponseMode
from samenhier.journeys.models import Journey
from samenhier.journeys.parties import Party
from samenhier.mail import people_in_city
from samenhier.newcomers.models import Consent, ConsentPurpose, ConsentText

# The purposes each history household gave consent for, on top of taking part.
CONSENTS = {
    "RTM-001": (ConsentPurpose.EVALUATION, ConsentPurpose.QUOTES),
    "DHG-001": (ConsentPurpose.EVALUATION,),
}
INDICATORS = {
    Indicator.LANGUAGE_LEVEL: "a1",
    Indicator.INTEGRATION: "started",
    Indicator.WORK_STUDY: "language_school",
    Indicator.NETWORK_SIZE: 7,
    Indicator.WELLBEING: 4,
}
OPEN_ANSWERS = {
    Party.NEWCOMER: "In het begin was alles nieuw. De groep ging mee naar de huisarts en "
    "legde de brieven uit; nu doe ik steeds meer zelf.",
    Party.GROUP: "We leerden vooral te vragen wat het gezin zelf wil, in plaats van alles "
    "te regelen.",
}


def _consent(journey: Journey, purpose: str, witness: Any) -> None:
    household = journey.household
    if household.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
        return
    text = ConsentText.objects.order_by("-version").first()
    if text is None:
        return
    Consent.objects.create(
        household=household,
        purpose=purpose,
        text=text,
        method=Consent.Method.ORAL,
        witnessed_by=witness,
    )


def _answers(response: Response) -> dict[int, Any]:
    answers: dict[int, Any] = {}
    for item in answering.build(response.questionnaire, "nl"):
        question = item.question
        if question.indicator:
            answers[question.pk] = INDICATORS[Indicator(question.indicator)]
        elif question.kind == QuestionKind.SCALE:
            answers[question.pk] = 4
        elif question.kind == QuestionKind.CHOICE and item.choices:
            answers[question.pk] = item.choices[0][0]
        elif question.quotable and response.audience in OPEN_ANSWERS:
            answers[question.pk] = OPEN_ANSWERS[Party(response.audience)]
    return answers


def populate() -> None:
    """Idempotent: consents and moments are made once, answered responses stay answered."""
    journeys = Journey.objects.open().select_related("household", "group")
    for journey in journeys.filter(household__reference__in=CONSENTS):
        witness = people_in_city(Role.COMMUNITY_BUILDER, journey.household.city_id).first()
        for purpose in CONSENTS[journey.household.reference]:
            _consent(journey, purpose, witness)
    moments.daily(timezone.now())
    waiting = Response.objects.filter(
        submitted_at__isnull=True,
        moment__journey__household__reference="RTM-001",
        audience__in=(Party.NEWCOMER, Party.GROUP),
    ).select_related("moment__journey__household", "questionnaire", "respondent")
    for response in waiting:
        if response.audience == Party.NEWCOMER:
            city = response.moment.journey.household.city_id
            answering.submit(
                actor=people_in_city(Role.COMMUNITY_BUILDER, city).first(),
                response=response,
                answers=_answers(response),
                language="ar",
                mode=ResponseMode.INTERVIEW,
                interpreter="Tolk via het Tolkcentrum",
            )
        else:
            answering.submit(
                actor=response.respondent,
                response=response,
                answers=_answers(response),
                language="nl",
                mode=ResponseMode.ACCOUNT,
                may_quote=True,
            )
