"""Answering: the questions in a language with fallbacks, the rules answers keep, the personal
link that works once, a member's own page, the interview, indicators, and the moments pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from samenhier.audit.models import AccessLog
from samenhier.evaluation import answering, moment_status, texts
from samenhier.evaluation.models import IndicatorRecord, Moment, Response
from samenhier.evaluation.vocabularies import QuestionKind, ResponseMode
from samenhier.journeys.models import Journey
from samenhier.journeys.parties import Party
from samenhier.network.services import StaleEdit
from samenhier.newcomers.models import ConsentPurpose
from tests.evaluation.access_moments import opened_moment

pytestmark = pytest.mark.django_db

QUOTE = "Dit jaar voelde ik me welkom."


def valid(items: list[answering.Item]) -> dict[str, str]:
    """Answers to every question: 4 on a scale, the first choice, 12 people, a sentence."""
    data = {}
    for item in items:
        if item.kind == QuestionKind.SCALE:
            data[item.key] = "4"
        elif item.kind == QuestionKind.CHOICE:
            data[item.key] = item.choices[0][0]
        elif item.counts:
            data[item.key] = "12"
        else:
            data[item.key] = QUOTE
    return data


@pytest.fixture
def moment(cast) -> Moment:
    return opened_moment(cast)


def _response(moment: Moment, audience: str) -> Response:
    return moment.responses.select_related("questionnaire__questionnaire").get(audience=audience)


def _link(response: Response) -> str:
    secret = response.new_link(10)
    response.save()
    return reverse("evaluation:answer_link", args=[secret])


HIDDEN = reverse_lazy("evaluation:answer_link", args=["answer"])


def _open(client, url: str) -> str:
    """Open a personal link as the newcomer's browser does: the secret moves to the session
    and the page moves to an address without it."""
    moved = client.get(url)
    assert moved.status_code == 302
    assert moved["Location"] == HIDDEN
    assert moved["Referrer-Policy"] == "no-referrer"
    return str(HIDDEN)


# --- the questions in a language ------------------------------------------------------------


def test_a_missing_text_falls_back_to_dutch_then_english():
    assert texts.text_in({"nl": "Hoe gaat het?", "en": "How are you?"}, "ti") == "Hoe gaat het?"
    assert texts.text_in({"en": "How are you?"}, "ar") == "How are you?"
    assert texts.text_in({"ar": "كيف حالك؟", "nl": "Hoe gaat het?"}, "ar") == "كيف حالك؟"


def test_a_respondent_chooses_among_the_languages_the_questionnaire_is_complete_in(moment):
    version = _response(moment, Party.NEWCOMER).questionnaire
    titles = version.questionnaire.titles
    questions = list(version.questions.all())
    assert texts.complete_languages(titles, questions) == ["nl", "en", "ar"]

    titles["ti"] = "ሕቶታት"
    for question in questions:
        question.texts["ti"] = "ሕቶ"
        for choice in texts.choice_items(question):
            choice.setdefault("texts", {})["ti"] = "ምርጫ"
    assert texts.complete_languages(titles, questions) == ["nl", "en", "ar", "ti"]
    questions[0].texts.pop("ti")
    assert "ti" not in texts.complete_languages(titles, questions)
    assert "ti" in texts.written_languages(titles, questions)


def test_indicator_questions_offer_exactly_the_indicators_scale(moment):
    version = _response(moment, Party.NEWCOMER).questionnaire
    items = answering.build(version, "ar")
    language = next(i for i in items if i.question.indicator == "language_level")
    assert [value for value, _label in language.choices] == ["a0", "a1", "a2", "b1"]
    assert language.choices[2][1] == "نجحت في امتحان المستوى A2"


# --- the rules ---------------------------------------------------------------------------


def test_answers_are_checked_against_their_questions(moment):
    items = answering.build(_response(moment, Party.NEWCOMER).questionnaire, "nl")
    by_indicator = {i.question.indicator: i for i in items if i.question.indicator}
    data = valid(items)
    data[by_indicator["wellbeing"].key] = "7"
    data[by_indicator["work_study"].key] = "astronaut"
    data[by_indicator["network_size"].key] = "veel"
    data[by_indicator["language_level"].key] = ""

    with pytest.raises(ValidationError) as refused:
        answering.clean(items, data)

    assert set(refused.value.error_dict) == {
        by_indicator[name].key
        for name in ("wellbeing", "work_study", "network_size", "language_level")
    }
    data[by_indicator["network_size"].key] = "501"
    with pytest.raises(ValidationError):
        answering.clean(items, {**valid(items), by_indicator["network_size"].key: "501"})


# --- the personal link ---------------------------------------------------------------------


def test_the_personal_link_opens_in_arabic_right_to_left_without_an_account(client, moment):
    url = _link(_response(moment, Party.NEWCOMER))
    secret = url.rstrip("/").rsplit("/", 1)[-1]

    page = client.get(url, {"lang": "ar"}, follow=True)

    assert page.status_code == 200
    assert page.redirect_chain == [(f"{HIDDEN}?lang=ar", 302)]
    html = page.content.decode()
    assert secret not in html
    # the page's own forms must pass the CSRF check: no "no-referrer" (Origin: null) on it
    assert "Referrer-Policy" not in page or page["Referrer-Policy"] != "no-referrer"
    assert 'dir="rtl"' in html
    assert "كيف حالك؟" in html
    assert page["Cache-Control"] == "private, no-store"


def test_the_link_works_once_and_feeds_the_indicators(client, moment):
    response = _response(moment, Party.NEWCOMER)
    url = _link(response)
    items = answering.build(response.questionnaire, "ar")

    hidden = _open(client, url)
    answered = client.post(f"{hidden}?lang=ar", valid(items))
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    resent = client.post(f"{hidden}?lang=ar", valid(items))

    assert answered.status_code == 200
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert (response.mode, response.language, response.link_hash) == (ResponseMode.LINK, "ar", None)
    assert (response.recorded_by, response.may_quote) == (None, False)
    assert again.status_code == resent.status_code == 404
    assert "does not work" in again.content.decode()
    record = IndicatorRecord.objects.get(moment=moment)
    assert (record.language_level, record.integration, record.work_study) == (
        "a0",
        "not_started",
        "none",
    )
    assert (record.network_size, record.wellbeing, record.source) == (12, 4, response)


def test_an_expired_or_unknown_link_gets_a_friendly_not_found_page(client, moment):
    response = _response(moment, Party.NEWCOMER)
    url = _link(response)
    Response.objects.filter(pk=response.pk).update(link_expires_at=timezone.now())

    expired = client.get(url)
    unknown = client.get(
        reverse("evaluation:answer_link", args=["nothing-like-it"]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert expired.status_code == unknown.status_code == 404
    assert "community builder" in unknown.content.decode()


def test_a_withdrawn_evaluation_consent_closes_the_link(client, moment):
    response = _response(moment, Party.NEWCOMER)
    url = _link(response)
    moment.journey.household.consents.filter(purpose=ConsentPurpose.EVALUATION).update(
        withdrawn_at=timezone.now()
    )

    assert client.get(url).status_code == 404


def test_a_link_opened_before_consent_was_withdrawn_takes_no_answers(client, moment):
    response = _response(moment, Party.NEWCOMER)
    hidden = _open(client, _link(response))
    moment.journey.household.consents.filter(purpose=ConsentPurpose.EVALUATION).update(
        withdrawn_at=timezone.now()
    )
    items = answering.build(response.questionnaire, "nl")

    assert client.post(hidden, valid(items)).status_code == 404
    response.refresh_from_db()
    assert response.submitted_at is None


def test_the_page_without_the_secret_is_nothing_without_an_opened_link(client, moment):
    assert client.get(HIDDEN).status_code == 404


def test_wrong_answers_on_the_link_page_are_shown_not_a_server_error(client, moment):
    response = _response(moment, Party.NEWCOMER)
    url = _link(response)
    items = answering.build(response.questionnaire, "nl")
    scale = next(i for i in items if i.kind == QuestionKind.SCALE)

    page = client.post(_open(client, url), {**valid(items), scale.key: "9"})

    assert page.status_code == 400
    response.refresh_from_db()
    assert response.submitted_at is None


# --- a member's own questionnaire ------------------------------------------------------------


def test_a_member_answers_once_consents_to_quotes_and_may_withdraw(cast, login, moment):
    response = _response(moment, Party.GROUP)
    items = answering.build(response.questionnaire, "en")
    client = login(cast.rotterdam.group_member)
    url = reverse("evaluation:answer", args=[response.pk])

    assert client.get(url).status_code == 200
    saved = client.post(url, {**valid(items), "may_quote": "on"})
    second = client.post(url, valid(items))

    assert saved.status_code == 302
    response.refresh_from_db()
    assert (response.mode, response.may_quote) == (ResponseMode.ACCOUNT, True)
    assert response.answers.count() == len(items)
    assert second.status_code == 200  # the "already answered" page, not an error
    assert not IndicatorRecord.objects.filter(moment=moment).exists()

    client.post(reverse("evaluation:withdraw_quote", args=[response.pk]))
    response.refresh_from_db()
    assert response.may_quote is False


def test_a_second_submission_is_refused_with_a_message(cast, moment):
    response = _response(moment, Party.GROUP)
    items = answering.build(response.questionnaire, "nl")
    answers = answering.clean(items, valid(items))
    member = cast.rotterdam.group_member
    stale_copy = Response.objects.get(pk=response.pk)

    answering.submit(
        actor=member, response=response, answers=answers, language="nl", mode="account"
    )
    stale_copy.respondent = member
    with pytest.raises(StaleEdit, match="already been answered"):
        answering.submit(
            actor=member, response=stale_copy, answers=answers, language="nl", mode="account"
        )
    assert response.answers.count() == len(items)


# --- the interview and the link the community builder makes ---------------------------------


def test_an_interview_records_the_language_the_interpreter_and_who_recorded_it(cast, login, moment):
    response = _response(moment, Party.NEWCOMER)
    items = answering.build(response.questionnaire, "nl")
    builder = cast.rotterdam.community_builder
    client = login(builder)
    url = reverse("evaluation:interview", args=[response.pk])

    assert client.get(url).status_code == 200
    done = client.post(
        url,
        {**valid(items), "interview_language": "TI", "interpreter": "Tolk A.", "may_quote": "on"},
    )

    assert done.status_code == 302
    response.refresh_from_db()
    assert (response.mode, response.language, response.interpreter) == (
        "interview",
        "ti",
        "Tolk A.",
    )
    assert response.recorded_by == builder
    assert response.may_quote is False  # the household's quotes consent decides, not a box
    assert IndicatorRecord.objects.get(moment=moment).wellbeing == 4


def test_an_interview_needs_a_language_code(cast, login, moment):
    response = _response(moment, Party.NEWCOMER)
    items = answering.build(response.questionnaire, "nl")
    client = login(cast.rotterdam.community_builder)

    page = client.post(
        reverse("evaluation:interview", args=[response.pk]),
        {**valid(items), "interview_language": "<script>"},
    )

    assert page.status_code == 400
    assert Response.objects.get(pk=response.pk).submitted_at is None


def test_the_community_builder_makes_a_new_link_shown_once_and_the_old_one_stops(
    cast, login, client, moment
):
    response = _response(moment, Party.NEWCOMER)
    old = _link(response)
    builder = login(cast.rotterdam.community_builder)

    page = builder.post(reverse("evaluation:link", args=[response.pk]))

    assert page.status_code == 200
    new = page.context["link"]
    assert "/evaluation/a/" in new
    builder.logout()
    assert client.get(old).status_code == 404
    assert client.get(new.split("http://localhost:8000")[-1], follow=True).status_code == 200


# --- following the moments --------------------------------------------------------------------


def test_the_moments_list_shows_answered_out_of_asked_and_filters(cast, login, moment):
    client = login(cast.rotterdam.local_coordinator)
    Response.objects.filter(moment=moment, audience=Party.GROUP).update(submitted_at=timezone.now())

    page = client.get(reverse("evaluation:moments"), {"status": "open", "q": "RTM-001"})
    none = client.get(reverse("evaluation:moments"), {"status": "complete"})
    odd = client.get(reverse("evaluation:moments"), {"status": "nonsense", "months": "x"})

    assert page.status_code == 200
    assert [m.pk for m, _status in page.context["rows"]] == [moment.pk]
    assert "1 of 3" in page.content.decode()
    assert none.context["rows"] == []
    assert odd.status_code == 200


def test_den_haag_sees_none_of_rotterdams_moments(cast, login, moment):
    page = login(cast.den_haag.local_coordinator).get(reverse("evaluation:moments"))
    assert page.context["rows"] == []
    detail = reverse("evaluation:moment", args=[moment.pk])
    assert login(cast.den_haag.community_builder).get(detail).status_code == 404


def _many_moments(cast, count: int) -> None:
    for journey in Journey.objects.filter(household__city=cast.rotterdam.city):
        Moment.objects.bulk_create(
            Moment(journey=journey, months=20 + n, due_on=timezone.localdate())
            for n in range(count)
        )


def test_the_moments_list_answers_in_a_constant_number_of_queries(cast, login, moment):
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("evaluation:moments")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _many_moments(cast, 10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["rows"]) > 10
    assert len(many) == len(few)


def test_reading_answers_is_logged_and_only_for_those_who_may(cast, login, moment):
    response = _response(moment, Party.GROUP)
    items = answering.build(response.questionnaire, "nl")
    answering.submit(
        actor=cast.rotterdam.group_member,
        response=response,
        answers=answering.clean(items, valid(items)),
        language="nl",
        mode="account",
    )
    url = reverse("evaluation:moment", args=[moment.pk])

    page = login(cast.rotterdam.community_builder).get(url)

    assert QUOTE in page.content.decode()
    assert AccessLog.objects.filter(
        user=cast.rotterdam.community_builder, object_id=str(moment.pk)
    ).exists()


def test_a_moment_is_complete_when_all_answered_and_overdue_when_past_due(cast, moment):
    assert moment_status.status_of(moment, moment.due_on, asked=3, answered=3) == "complete"
    assert moment_status.status_of(moment, moment.due_on + timedelta(days=1), 3, 1) == "overdue"


def _answer_as(response: Response, actor, mode: str) -> None:
    items = answering.build(response.questionnaire, "nl")
    answering.submit(
        actor=actor,
        response=response,
        answers=answering.clean(items, valid(items)),
        language="nl",
        mode=mode,
    )


def test_a_moments_page_costs_the_same_queries_with_more_answers(cast, login, moment):
    _answer_as(_response(moment, Party.GROUP), cast.rotterdam.group_member, "account")
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("evaluation:moment", args=[moment.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _answer_as(
        _response(moment, Party.MUNICIPALITY), cast.rotterdam.municipality_officer, "account"
    )
    _answer_as(_response(moment, Party.NEWCOMER), cast.rotterdam.community_builder, "interview")

    with CaptureQueriesContext(connection) as many:
        page = client.get(url)

    assert sum(1 for row in page.context["rows"] if row["answers"]) == 3
    assert len(many) == len(few)


def test_a_skipped_moment_is_listed_as_skipped_not_upcoming(cast, login, moment):
    skipped = moment.journey.evaluation_moments.get(months=3)
    Moment.objects.filter(pk=skipped.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    client = login(cast.rotterdam.local_coordinator)

    listed = client.get(reverse("evaluation:moments"), {"status": "skipped"})
    upcoming = client.get(reverse("evaluation:moments"), {"status": "upcoming"})

    assert [(m.pk, status) for m, status in listed.context["rows"]] == [(skipped.pk, "skipped")]
    assert skipped.pk not in [m.pk for m, _status in upcoming.context["rows"]]
    assert client.get(reverse("evaluation:moment", args=[skipped.pk])).status_code == 200
