"""Quotes (only with consent, under pseudonyms) and experiences per audience."""

import datetime as dt
from typing import Any

import pytest
from django.db.models import Max

from samenhier.evaluation.answering import withdraw_quote
from samenhier.evaluation.figures import Filters
from samenhier.evaluation.models import (
    Answer,
    Moment,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)
from samenhier.evaluation.quotes import experiences, letters, quotes_for
from samenhier.evaluation.vocabularies import QuestionKind
from samenhier.journeys.parties import Party
from samenhier.newcomers import services as newcomer_services
from samenhier.newcomers.models import Consent, ConsentPurpose, ConsentText
from tests.evaluation import known

pytestmark = pytest.mark.django_db

YEAR = known.YEAR
PERIOD = Filters(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))
ARABIC_QUOTE = "المجموعة ساعدتني كثيرا في البداية"
DUTCH_QUOTE = "De groep hielp ons echt op weg."
QUESTION_TEXTS = {
    "nl": "Hoe tevreden bent u over de groep?",
    "en": "How satisfied are you with the group?",
    "ar": "ما مدى رضاك عن المجموعة؟",
}


def questions(audience: str) -> tuple[QuestionnaireVersion, Question, Question, Question]:
    """A published version with a quotable open question, an open one that may not be
    quoted, and a scale question."""
    questionnaire, _created = Questionnaire.objects.get_or_create(audience=audience)
    number = (questionnaire.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=number, published_at=known.at(YEAR, 1, 1)
    )
    quotable = Question.objects.create(
        version=version,
        position=1,
        kind=QuestionKind.OPEN,
        texts={"nl": "Wat wilt u vertellen?", "en": "What would you like to tell?"},
        quotable=True,
    )
    private = Question.objects.create(
        version=version,
        position=2,
        kind=QuestionKind.OPEN,
        texts={"nl": "Iets dat alleen de coördinator leest?"},
    )
    scale = Question.objects.create(
        version=version, position=3, kind=QuestionKind.SCALE, texts=QUESTION_TEXTS
    )
    return version, quotable, private, scale


def answered(
    moment: Moment,
    audience: str,
    *,
    quote: str = "",
    private: str = "",
    score: int | None = None,
    may_quote: bool = False,
    respondent: Any = None,
    submitted: dt.datetime | None = None,
    language: str = "nl",
) -> Response:
    version, quotable, private_question, scale = questions(audience)
    response = Response.objects.create(
        moment=moment,
        audience=audience,
        questionnaire=version,
        respondent=respondent,
        mode="interview",
        language=language,
        may_quote=may_quote,
        submitted_at=submitted or known.at(YEAR, 11, 1),
    )
    if quote:
        Answer.objects.create(response=response, question=quotable, text=quote)
    if private:
        Answer.objects.create(response=response, question=private_question, text=private)
    if score is not None:
        Answer.objects.create(response=response, question=scale, number=score)
    return response


def moment_of(journey: Any, months: int) -> Moment:
    moment, _created = Moment.objects.get_or_create(
        journey=journey, months=months, defaults={"due_on": dt.date(YEAR, 10, 1)}
    )
    return moment


def consent_to_quotes(household: Any, witness: Any) -> None:
    text, _created = ConsentText.objects.get_or_create(
        version=1, language="ar", defaults={"body": "موافقة"}
    )
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.QUOTES,
        text=text,
        method=Consent.Method.WRITTEN,
        witnessed_by=witness,
    )


@pytest.fixture
def world(cast):
    return known.build(cast)


@pytest.fixture
def said(cast, world):
    """R1's newcomer (consent to quotes) and a member of G1 (ticked the box) said something
    quotable at 6 months; R2's newcomer (no consent) did too."""
    r1, r2 = world.journeys["R1"], world.journeys["R2"]
    consent_to_quotes(r1.household, cast.rotterdam.local_coordinator)
    newcomer = answered(
        moment_of(r1, 6),
        Party.NEWCOMER,
        quote=ARABIC_QUOTE,
        private="Mijn gezondheid is slecht",
        score=4,
        language="ar",
    )
    member = answered(
        moment_of(r1, 6),
        Party.GROUP,
        quote=DUTCH_QUOTE,
        score=5,
        may_quote=True,
        respondent=cast.rotterdam.group_member,
    )
    unconsented = answered(moment_of(r2, 6), Party.NEWCOMER, quote="Zonder toestemming", score=2)
    return {"newcomer": newcomer, "member": member, "unconsented": unconsented}


def texts(quotes):
    return {q.text for q in quotes}


def test_quotes_appear_only_with_consent(said):
    quotes = quotes_for(PERIOD, "1")
    assert texts(quotes) == {ARABIC_QUOTE, DUTCH_QUOTE}


def test_answers_to_questions_that_may_not_be_quoted_never_appear(said):
    shown = " ".join(q.text for q in quotes_for(PERIOD, "1"))
    assert "gezondheid" not in shown


def test_withdrawing_the_households_consent_removes_the_newcomers_quote(cast, world, said):
    newcomer_services.withdraw_consent(
        actor=cast.rotterdam.local_coordinator,
        household=world.journeys["R1"].household,
        purpose=ConsentPurpose.QUOTES,
    )
    assert texts(quotes_for(PERIOD, "1")) == {DUTCH_QUOTE}


def test_a_member_clearing_may_quote_removes_their_quote(cast, said):
    withdraw_quote(actor=cast.rotterdam.group_member, response=said["member"])
    assert texts(quotes_for(PERIOD, "1")) == {ARABIC_QUOTE}


def test_quotes_are_named_by_audience_and_letter_only(said):
    quotes = {q.text: q for q in quotes_for(PERIOD, "1")}
    assert quotes[ARABIC_QUOTE].pseudonym == "Newcomer A"
    assert quotes[DUTCH_QUOTE].pseudonym == "Group member A"
    assert quotes[ARABIC_QUOTE].months == 6
    assert quotes[ARABIC_QUOTE].language == "ar"


def test_pseudonyms_never_carry_names_or_references(cast, world, said):
    forbidden = [
        *known.PERSONAL,
        world.journeys["R1"].household.reference,
        world.journeys["R1"].household.main_applicant_name,
        cast.rotterdam.group_member.full_name,
        "Rotterdam",
        str(said["newcomer"].pk),
    ]
    for quote in quotes_for(PERIOD, "7"):
        for word in forbidden:
            assert word not in quote.pseudonym


def test_letters_follow_a_keyed_order_that_is_stable_per_report(cast, world, said):
    # given three more consenting newcomers' quotes
    for name in ("R2", "D1"):
        consent_to_quotes(world.journeys[name].household, cast.rotterdam.local_coordinator)
    answered(moment_of(world.journeys["D1"], 6), Party.NEWCOMER, quote="Derde")
    first = [(q.pseudonym, q.text) for q in quotes_for(PERIOD, "41")]
    assert first == [(q.pseudonym, q.text) for q in quotes_for(PERIOD, "41")]
    newcomers = [name for name, _text in first if name.startswith("Newcomer")]
    assert newcomers == ["Newcomer A", "Newcomer B", "Newcomer C"]
    orders = {tuple(q.text for q in quotes_for(PERIOD, str(key))) for key in range(1, 30)}
    assert len(orders) > 1  # the order depends on the report, not on who answered first


def test_quotes_keep_to_the_period_and_the_cities(cast, world, said):
    rotterdam = Filters(city_ids=(world.rotterdam,), start=PERIOD.start, end=PERIOD.end)
    den_haag = Filters(city_ids=(world.den_haag,), start=PERIOD.start, end=PERIOD.end)
    later = Filters(start=dt.date(YEAR + 1, 1, 1), end=dt.date(YEAR + 1, 12, 31))
    assert texts(quotes_for(rotterdam, "1")) == {ARABIC_QUOTE, DUTCH_QUOTE}
    assert quotes_for(den_haag, "1") == []
    assert quotes_for(later, "1") == []


def test_a_period_includes_its_last_day_in_dutch_time(cast, world):
    consent_to_quotes(world.journeys["R1"].household, cast.rotterdam.local_coordinator)
    late = dt.datetime(YEAR, 12, 31, 23, 30, tzinfo=known.AMSTERDAM)
    answered(moment_of(world.journeys["R1"], 6), Party.NEWCOMER, quote="Laat", submitted=late)
    assert texts(quotes_for(PERIOD, "1")) == {"Laat"}
    assert quotes_for(Filters(start=PERIOD.start, end=dt.date(YEAR, 12, 30)), "1") == []


def test_letters_run_on_after_z():
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


def test_experiences_count_answers_and_suppress_small_numbers(said):
    by_audience = {e.audience: e for e in experiences(PERIOD, 2)}
    newcomers = by_audience[Party.NEWCOMER]
    # known.py's two answered newcomer questionnaires (R1 months 1 and 3) and our two
    assert newcomers.responses.value == 4
    [mean] = newcomers.means
    assert mean.question == QUESTION_TEXTS["en"] or mean.question == QUESTION_TEXTS["nl"]
    assert mean.answers.value == 2
    assert mean.mean == 3.0
    group = by_audience[Party.GROUP]
    assert group.responses.text == "fewer than 2"
    assert group.means == []  # a mean of one member is their answer
    assert by_audience[Party.MUNICIPALITY].responses.value == 0


def test_experiences_leave_out_means_over_fewer_answers_than_the_threshold(said):
    newcomers = next(e for e in experiences(PERIOD, 3) if e.audience == Party.NEWCOMER)
    assert newcomers.responses.value == 4
    [mean] = newcomers.means
    assert mean.answers.text == "fewer than 3"
    assert mean.mean is None


def test_quotes_and_experiences_take_a_constant_number_of_queries(
    cast, world, said, django_assert_num_queries
):
    with django_assert_num_queries(1):
        quotes_for(PERIOD, "1")
    with django_assert_num_queries(2):
        experiences(PERIOD, 5)
    known.more_journeys(cast, 6)
    for journey in world.journeys.values():
        if journey.arrival_at:
            answered(moment_of(journey, 12), Party.GROUP, quote="Meer", score=3, may_quote=True)
    with django_assert_num_queries(1):
        quotes_for(PERIOD, "1")
    with django_assert_num_queries(2):
        experiences(PERIOD, 5)
