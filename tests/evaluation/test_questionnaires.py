"""Managing questionnaires: drafts that become the next version, published versions that never
change, and texts in any language a coordinator adds."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from samenhier.evaluation import questionnaires as rules
from samenhier.evaluation.models import (
    Answer,
    Moment,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)
from samenhier.evaluation.texts import BASE_LANGUAGES, complete_languages
from samenhier.evaluation.vocabularies import ResponseMode
from samenhier.journeys.parties import Party
from tests.evaluation.access_questionnaires import questionnaire_with_draft, texts

pytestmark = pytest.mark.django_db

OWN = Party.RECEPTION
BASE = BASE_LANGUAGES


@pytest.fixture
def published(cast: Any) -> tuple[Questionnaire, QuestionnaireVersion]:
    """A questionnaire of our own with version 1 published and no draft. The audience is one
    no default questionnaire is made for, so every text is the test's."""
    questionnaire, current, draft = questionnaire_with_draft(OWN, fresh=True)
    draft.delete()
    return questionnaire, current


def _question_form(question: Question | None, version: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": version,
        "kind": question.kind if question else "open",
        "indicator": question.indicator if question else "",
        "choices": "",
        **{
            f"text_{c}": (question.texts.get(c, "") if question else "") for c in ["nl", "en", "ar"]
        },
    }
    if question and question.kind == "choice":
        data["choices"] = "\n".join(
            f"{c['value']} | {c['texts']['nl']} | {c['texts']['en']} | {c['texts']['ar']}"
            for c in question.choices
        )
    data.update(changes)
    return data


def _start_draft(client: Any, questionnaire: Questionnaire) -> QuestionnaireVersion:
    client.post(reverse("evaluation:questionnaire_draft", args=[questionnaire.pk]))
    draft = rules.draft_of(questionnaire)
    assert draft is not None
    return draft


# --- drafts, publishing and versions -----------------------------------------------------


def test_a_draft_starts_as_a_copy_of_the_current_questions(cast, login, published):
    questionnaire, v1 = published
    client = login(cast.national_coordinator)

    draft = _start_draft(client, questionnaire)

    assert draft.number == v1.number + 1
    assert draft.published_at is None
    copied = [(q.position, q.kind, q.texts, q.choices) for q in rules.questions_of(draft)]
    assert copied == [(q.position, q.kind, q.texts, q.choices) for q in rules.questions_of(v1)]


def test_starting_a_second_draft_leads_to_the_existing_one(cast, login, published):
    questionnaire, _v1 = published
    client = login(cast.national_coordinator)
    first = _start_draft(client, questionnaire)

    response = client.post(reverse("evaluation:questionnaire_draft", args=[questionnaire.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "evaluation:questionnaire_draft", args=[questionnaire.pk]
    )
    assert list(questionnaire.versions.filter(published_at__isnull=True)) == [first]


def test_publishing_makes_the_draft_current_and_old_answers_keep_their_questions(
    cast, login, journey, published
):
    # Given a newcomer who answered version 1
    questionnaire, v1 = published
    asked = rules.questions_of(v1)[0]
    moment = Moment.objects.create(journey=journey, months=1, due_on=date(2025, 3, 1))
    answered = Response.objects.create(
        moment=moment, audience="newcomer", questionnaire=v1, mode=ResponseMode.LINK
    )
    Answer.objects.create(response=answered, question=asked, number=4)
    client = login(cast.national_coordinator)
    draft = _start_draft(client, questionnaire)
    copy = rules.questions_of(draft)[0]

    # When the coordinator rewords the question in the draft and publishes it
    client.post(
        reverse("evaluation:question_edit", args=[copy.pk]),
        _question_form(copy, draft.version, text_en="How do you feel these days?"),
    )
    draft.refresh_from_db()
    response = client.post(
        reverse("evaluation:questionnaire_publish", args=[questionnaire.pk]),
        {"version": draft.version},
    )

    # Then version 2 is current, and the answer still belongs to version 1's own question
    assert response.status_code == 302
    assert rules.current_version(questionnaire).number == 2
    assert rules.draft_of(questionnaire) is None
    answered.refresh_from_db()
    assert answered.questionnaire_id == v1.pk
    asked.refresh_from_db()
    assert asked.texts["en"] == "How do you feel?"
    assert answered.answers.get().question_id == asked.pk
    page = client.get(reverse("evaluation:questionnaire", args=[questionnaire.pk]), {"lang": "en"})
    assert "How do you feel these days?" in page.content.decode()
    old = client.get(
        reverse("evaluation:questionnaire", args=[questionnaire.pk]), {"version": 1, "lang": "en"}
    )
    assert "How do you feel?" in old.content.decode()


@pytest.mark.parametrize("action", ["edit", "delete", "move"])
def test_a_published_version_cannot_be_changed(cast, login, published, action):
    _questionnaire, v1 = published
    question = rules.questions_of(v1)[1]
    before = (question.position, question.texts)
    client = login(cast.national_coordinator)

    if action == "edit":
        response = client.post(
            reverse("evaluation:question_edit", args=[question.pk]),
            _question_form(question, v1.version, text_en="Changed"),
        )
    elif action == "delete":
        response = client.post(
            reverse("evaluation:question_delete", args=[question.pk]), {"version": v1.version}
        )
    else:
        response = client.post(
            reverse("evaluation:question_move", args=[question.pk]),
            {"version": v1.version, "direction": "up"},
        )

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Version 1 is published: its questions cannot be changed" in page.content.decode()
    question.refresh_from_db()
    assert (question.position, question.texts) == before


def test_publishing_is_refused_naming_the_missing_texts(cast, login, published):
    questionnaire, _v1 = published
    client = login(cast.national_coordinator)
    draft = _start_draft(client, questionnaire)
    client.post(
        reverse("evaluation:question_new", args=[questionnaire.pk]),
        _question_form(None, draft.version, text_nl="Wat mist u?", kind="open"),
    )
    draft.refresh_from_db()

    response = client.post(
        reverse("evaluation:questionnaire_publish", args=[questionnaire.pk]),
        {"version": draft.version},
    )

    assert response.status_code == 200
    assert "Question 3 has no text in: en, ar." in response.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is None


def test_publishing_checks_choices_and_indicator_kinds():
    question = Question(kind="choice", texts=texts("Which?"), choices=[], indicator="")
    wellbeing_as_open = Question(kind="open", texts=texts("Wellbeing?"), indicator="wellbeing")
    level = Question(kind="choice", texts=texts("Level?"), indicator="language_level")

    problems = rules.publish_problems(texts("T"), [question, wellbeing_as_open, level])

    assert problems == [
        "Question 1 has no choices.",
        "Question 2: “Wellbeing, as the newcomer rates it” is asked as a question of the kind "
        "“Scale from 1 to 5”.",
    ]


def test_questions_are_added_moved_and_taken_out_of_the_draft(cast, login, cast_draft):
    _questionnaire, draft = cast_draft
    client = login(cast.national_coordinator)
    first, second = rules.questions_of(draft)

    client.post(
        reverse("evaluation:question_move", args=[second.pk]),
        {"version": draft.version, "direction": "up"},
    )
    draft.refresh_from_db()
    assert [q.pk for q in rules.questions_of(draft)] == [second.pk, first.pk]

    client.post(reverse("evaluation:question_delete", args=[second.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert [(q.pk, q.position) for q in rules.questions_of(draft)] == [(first.pk, 1)]


@pytest.fixture
def cast_draft(cast: Any) -> tuple[Questionnaire, QuestionnaireVersion]:
    questionnaire, _current, draft = questionnaire_with_draft(OWN, fresh=True)
    return questionnaire, draft


def test_a_draft_can_be_discarded(cast, login, cast_draft):
    questionnaire, draft = cast_draft
    client = login(cast.national_coordinator)

    assert (
        client.get(reverse("evaluation:questionnaire_discard", args=[questionnaire.pk])).status_code
        == 200
    )
    client.post(
        reverse("evaluation:questionnaire_discard", args=[questionnaire.pk]),
        {"version": draft.version},
    )

    assert rules.draft_of(questionnaire) is None
    assert rules.current_version(questionnaire) is not None


# --- the question form -------------------------------------------------------------------


def test_choices_are_checked_line_by_line(cast, login, cast_draft):
    questionnaire, draft = cast_draft
    client = login(cast.national_coordinator)

    response = client.post(
        reverse("evaluation:question_new", args=[questionnaire.pk]),
        _question_form(
            None,
            draft.version,
            kind="choice",
            choices="yes | Ja | Yes | نعم\nYes! | Ja\nyes | Ja | Yes | نعم | extra | more",
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: the value “Yes!” may hold only lowercase letters" in page
    assert "Line 3: the value “yes” is used twice." in page
    assert "Line 3: more texts than languages (3)." in page
    assert draft.questions.count() == 2


def test_an_indicator_is_asked_with_its_own_kind(cast, login, cast_draft):
    questionnaire, draft = cast_draft
    client = login(cast.national_coordinator)

    response = client.post(
        reverse("evaluation:question_new", args=[questionnaire.pk]),
        _question_form(None, draft.version, kind="open", indicator="wellbeing", text_nl="Hoe?"),
    )

    assert "is asked as a question of the kind" in response.content.decode()
    assert draft.questions.count() == 2


def test_a_choice_question_keeps_its_choices_per_language(cast, login, cast_draft):
    questionnaire, draft = cast_draft
    client = login(cast.national_coordinator)

    client.post(
        reverse("evaluation:question_new", args=[questionnaire.pk]),
        _question_form(
            None, draft.version, kind="choice", text_nl="Werk?", choices="yes | Ja | Yes | نعم"
        ),
    )

    added = rules.questions_of(draft)[-1]
    assert added.position == 3
    assert added.choices == [{"value": "yes", "texts": {"nl": "Ja", "en": "Yes", "ar": "نعم"}}]


def test_two_coordinators_editing_the_same_draft_are_told_instead_of_overwriting(
    cast, login, cast_draft
):
    # Given two pages of the draft opened at the same version
    _questionnaire, draft = cast_draft
    question = rules.questions_of(draft)[0]
    client = login(cast.national_coordinator)
    seen = draft.version
    client.post(
        reverse("evaluation:question_edit", args=[question.pk]),
        _question_form(question, seen, text_en="First coordinator's words"),
    )

    # When the second saves from their old copy
    response = client.post(
        reverse("evaluation:question_edit", args=[question.pk]),
        _question_form(question, seen, text_en="Second coordinator's words"),
    )

    # Then they are told, and the first's words stay
    assert response.status_code == 200
    assert "changed in the meantime" in response.content.decode()
    question.refresh_from_db()
    assert question.texts["en"] == "First coordinator's words"


# --- languages ---------------------------------------------------------------------------


def _language_form(questionnaire: Questionnaire, version: QuestionnaireVersion, code: str) -> dict:
    data = {"language": code, "version": version.version, "title": f"Title {code}"}
    for question in rules.questions_of(version):
        data[f"q_{question.pk}"] = f"Question {question.position} {code}"
        for index, _choice in enumerate(question.choices):
            data[f"c_{question.pk}_{index}"] = f"Choice {index} {code}"
    return data


def test_adding_tigrinya_texts_makes_ti_a_covered_language(cast, login, published):
    # Given the current version in Dutch, English and Arabic
    questionnaire, v1 = published
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("evaluation:questionnaire_language", args=[questionnaire.pk])
    assert "ti" not in complete_languages(questionnaire.titles, rules.questions_of(v1))

    # When a local coordinator enters every text in Tigrinya
    form = client.get(url, {"language": "ti"})
    assert 'name="q_' in form.content.decode()
    response = client.post(url, _language_form(questionnaire, v1, "ti"))

    # Then Tigrinya is covered, in the overview too, and the questions read in it
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert complete_languages(questionnaire.titles, rules.questions_of(v1)) == [
        "nl",
        "en",
        "ar",
        "ti",
    ]
    row = next(r for r in rules.overview() if r.questionnaire.pk == questionnaire.pk)
    assert "ti" in row.languages
    page = client.get(reverse("evaluation:questionnaire", args=[questionnaire.pk]), {"lang": "ti"})
    assert '<span lang="ti" dir="ltr">Question 1 ti</span>' in page.content.decode()


def test_a_language_added_earlier_is_shown_for_correction(cast, login, published):
    questionnaire, v1 = published
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("evaluation:questionnaire_language", args=[questionnaire.pk])
    client.post(url, _language_form(questionnaire, v1, "so"))

    form = client.get(url, {"language": "so"}).content.decode()

    assert "Question 1 so</textarea>" in form


def test_a_missing_text_is_named_next_to_its_field(cast, login, published):
    questionnaire, v1 = published
    client = login(cast.rotterdam.local_coordinator)
    data = _language_form(questionnaire, v1, "ti")
    data["title"] = ""

    response = client.post(
        reverse("evaluation:questionnaire_language", args=[questionnaire.pk]), data
    )

    assert response.status_code == 200
    assert 'id="id_title_error"' in response.content.decode()
    questionnaire.refresh_from_db()
    assert "ti" not in questionnaire.titles


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("nl", "change only through a new version"),
        ("ar", "change only through a new version"),
        ("Tigrinya", "is not a language code"),
        ("t", "is not a language code"),
        ("ti-x", "is not a language code"),
    ],
)
def test_the_language_page_refuses_base_languages_and_bad_codes(
    cast, login, published, code, message
):
    questionnaire, v1 = published
    client = login(cast.national_coordinator)
    url = reverse("evaluation:questionnaire_language", args=[questionnaire.pk])

    response = client.post(url, _language_form(questionnaire, v1, code))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert rules.questions_of(v1)[0].texts == texts("How do you feel?")


@pytest.mark.parametrize("code", ["ti", "fa", "so", "prs-AF", "sr-Latn"])
def test_language_codes_in_use_are_accepted(code):
    assert rules.valid_language_code(code)


def test_right_to_left_languages_are_typed_and_shown_right_to_left(cast, login, published):
    questionnaire, v1 = published
    client = login(cast.national_coordinator)
    url = reverse("evaluation:questionnaire_language", args=[questionnaire.pk])

    form = client.get(url, {"language": "prs-AF"}).content.decode()
    client.post(url, _language_form(questionnaire, v1, "fa"))
    page = client.get(reverse("evaluation:questionnaire", args=[questionnaire.pk]), {"lang": "fa"})

    assert 'lang="prs-AF" dir="rtl"' in form
    assert '<span lang="fa" dir="rtl">Question 1 fa</span>' in page.content.decode()


def test_a_draft_made_earlier_gets_the_new_language_where_its_question_is_unchanged(
    cast, login, published
):
    questionnaire, v1 = published
    national = login(cast.national_coordinator)
    draft = _start_draft(national, questionnaire)

    national.post(
        reverse("evaluation:questionnaire_language", args=[questionnaire.pk]),
        _language_form(questionnaire, v1, "ti"),
    )

    copied = rules.questions_of(draft)
    assert [q.texts.get("ti") for q in copied] == ["Question 1 ti", "Question 2 ti"]
    assert [c["texts"].get("ti") for c in copied[1].choices] == ["Choice 0 ti", "Choice 1 ti"]


def test_a_local_coordinator_adds_texts_but_does_not_make_drafts(cast, login, published):
    questionnaire, _v1 = published
    client = login(cast.rotterdam.local_coordinator)

    language = client.get(reverse("evaluation:questionnaire_language", args=[questionnaire.pk]))
    draft = client.post(reverse("evaluation:questionnaire_draft", args=[questionnaire.pk]))

    assert language.status_code == 200
    assert draft.status_code == 403
    assert rules.draft_of(questionnaire) is None


# --- the overview ------------------------------------------------------------------------


def test_the_overview_shows_version_languages_draft_and_responses(cast, login, journey, cast_draft):
    questionnaire, _draft = cast_draft
    current = rules.current_version(questionnaire)
    moment = Moment.objects.create(journey=journey, months=1, due_on=date(2025, 3, 1))
    Response.objects.create(
        moment=moment, audience="newcomer", questionnaire=current, mode=ResponseMode.LINK
    )

    row = next(r for r in rules.overview() if r.questionnaire.pk == questionnaire.pk)

    assert row.current == current
    assert {"nl", "en", "ar"} <= set(row.languages)
    assert row.has_draft
    assert row.responses == 1
    page = login(cast.rotterdam.local_coordinator).get(reverse("evaluation:questionnaires"))
    assert page.status_code == 200


def test_the_overview_answers_in_the_same_number_of_queries_as_questionnaires_grow(
    cast, django_assert_num_queries
):
    questionnaire_with_draft("newcomer")
    with django_assert_num_queries(3):
        rules.overview()
    questionnaire_with_draft("group")
    questionnaire_with_draft("municipality")
    with django_assert_num_queries(3):
        rules.overview()
