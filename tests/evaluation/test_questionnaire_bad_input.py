"""Questionnaire pages given what a browser should never send, and the texts they show in a
language nobody translated yet: a clear page or a 404, never an error, and nothing saved."""

from typing import Any

import pytest
from django.urls import reverse

from samenhier.evaluation import questionnaires as rules
from samenhier.evaluation.texts import BASE_LANGUAGES
from tests.evaluation.test_questionnaires import _question_form, cast_draft, published

__all__ = ["cast_draft", "published"]  # fixtures

pytestmark = pytest.mark.django_db

STALE = "changed in the meantime"


def test_a_missing_text_falls_back_as_the_answering_pages_do_and_says_which_language():
    asked = {"en": "How are you?", "ar": "كيف حالك؟"}

    assert rules.text_and_language(asked, "ar") == ("كيف حالك؟", "ar")
    assert rules.text_and_language(asked, "ti") == ("How are you?", "en")
    assert rules.text_and_language({}, "ti") == ("", "ti")


def test_a_question_read_in_another_language_is_marked_and_directed_as_written(
    cast, login, published
):
    questionnaire, _v1 = published
    client = login(cast.rotterdam.local_coordinator)

    page = client.get(reverse("evaluation:questionnaire", args=[questionnaire.pk]), {"lang": "ar"})

    assert '<span lang="ar" dir="rtl">How do you feel? (ar)</span>' in page.content.decode()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"version": "abc"}, 404),
        ({"version": "99"}, 404),
        ({"version": "\x00"}, 404),
        ({"lang": "\x00"}, 200),
        ({"lang": "x" * 500}, 200),
    ],
)
def test_a_bad_query_on_the_questionnaire_page_is_no_error(cast, login, published, query, status):
    questionnaire, _v1 = published
    client = login(cast.national_coordinator)

    response = client.get(reverse("evaluation:questionnaire", args=[questionnaire.pk]), query)

    assert response.status_code == status


@pytest.mark.parametrize("code", ["\x00", "x" * 500, ""])
def test_a_bad_language_code_on_the_language_page_is_no_error(cast, login, published, code):
    questionnaire, _v1 = published
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("evaluation:questionnaire_language", args=[questionnaire.pk])

    assert client.get(url, {"language": code}).status_code == 200
    assert client.post(url, {"language": code, "version": "1"}).status_code == 200


@pytest.mark.parametrize("version", ["abc", "", "-1", "\x00"])
@pytest.mark.parametrize("action", ["titles", "edit", "delete", "discard", "publish"])
def test_a_garbled_version_is_refused_as_stale_and_nothing_changes(
    cast, login, cast_draft, action, version
):
    # Given the draft as it is
    questionnaire, draft = cast_draft
    question = rules.questions_of(draft)[0]
    before = (dict(questionnaire.titles), question.texts, draft.version)
    client = login(cast.national_coordinator)
    pk = questionnaire.pk

    # When a form comes back with a version that cannot be read
    if action == "titles":
        titles = {f"title_{c}": f"New {c}" for c in BASE_LANGUAGES}
        url = reverse("evaluation:questionnaire_titles", args=[pk])
        response = client.post(url, {**titles, "version": version})
    elif action == "edit":
        data: dict[str, Any] = _question_form(question, 0, text_en="Changed")
        url = reverse("evaluation:question_edit", args=[question.pk])
        response = client.post(url, {**data, "version": version})
    elif action == "delete":
        url = reverse("evaluation:question_delete", args=[question.pk])
        response = client.post(url, {"version": version})
    else:
        url = reverse(f"evaluation:questionnaire_{action}", args=[pk])
        response = client.post(url, {"version": version})

    # Then the person is told to reload, and the draft is as it was
    assert response.status_code == 200
    assert STALE in response.content.decode()
    questionnaire.refresh_from_db()
    question.refresh_from_db()
    draft.refresh_from_db()
    assert (questionnaire.titles, question.texts, draft.version) == before
    assert draft.published_at is None
