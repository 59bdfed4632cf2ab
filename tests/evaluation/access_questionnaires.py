"""Access rows of the evaluation pages: questionnaires.

Coordinators read the questionnaires and add texts in a language (national and local); only
the national coordinator changes questions. The others get 403: that questionnaires exist is
no secret."""

from typing import Any

from tests.access_matrix_rows import (
    BUILDER,
    CONTACT,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    OFFICER,
    OTHER_LOCAL,
    Row,
)

DENIED = {OFFICER: 403, BUILDER: 403, MEMBER: 403, NEWCOMER: 403, CONTACT: 403}
COORDINATORS = (NATIONAL, LOCAL, OTHER_LOCAL)
NOT_MANAGERS = {LOCAL: 403, OTHER_LOCAL: 403, **DENIED}


def texts(text: str) -> dict[str, str]:
    return {"nl": f"{text} (nl)", "en": text, "ar": f"{text} (ar)"}


def questionnaire_with_draft(
    audience: str = "newcomer", *, fresh: bool = False
) -> tuple[Any, Any, Any]:
    """A questionnaire with a published version and a draft, each with questions; built on
    whatever the database already holds (seeded defaults), or anew with `fresh`, so a test
    knows every text."""
    from django.utils import timezone

    from samenhier.evaluation import questionnaires as rules
    from samenhier.evaluation.models import Question, Questionnaire, QuestionnaireVersion

    if fresh:
        Questionnaire.objects.filter(audience=audience).delete()

    questionnaire, _created = Questionnaire.objects.get_or_create(
        audience=audience, defaults={"titles": texts("How are you doing?")}
    )
    current = rules.current_version(questionnaire)
    if current is None:
        draft = rules.draft_of(questionnaire)
        if draft is not None:
            draft.delete()
        current = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=1, published_at=timezone.now()
        )
        Question.objects.create(
            version=current, position=1, kind="scale", texts=texts("How do you feel?")
        )
        Question.objects.create(
            version=current,
            position=2,
            kind="choice",
            texts=texts("How often do you meet the group?"),
            choices=[
                {"value": "weekly", "texts": texts("Every week")},
                {"value": "monthly", "texts": texts("Every month")},
            ],
        )
    draft = rules.draft_of(questionnaire)
    if draft is None:
        draft = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=current.number + 1
        )
        Question.objects.create(
            version=draft, position=1, kind="open", texts=texts("What helped you most?")
        )
        Question.objects.create(
            version=draft, position=2, kind="open", texts=texts("What would you change?")
        )
    return questionnaire, current, draft


def _questionnaire(cast: Any) -> dict[str, int]:
    return {"pk": questionnaire_with_draft()[0].pk}


def _draft_question(cast: Any) -> dict[str, int]:
    return {"pk": questionnaire_with_draft()[2].questions.order_by("position").last().pk}


ROWS: list[Row] = [
    Row("evaluation:questionnaires", allowed=COORDINATORS, denied=DENIED),
    Row("evaluation:questionnaire", kwargs=_questionnaire, allowed=COORDINATORS, denied=DENIED),
    Row(
        "evaluation:questionnaire_language",
        kwargs=_questionnaire,
        allowed=COORDINATORS,
        denied=DENIED,
    ),
    Row(
        "evaluation:questionnaire_draft",
        kwargs=_questionnaire,
        allowed=(NATIONAL,),
        denied=NOT_MANAGERS,
    ),
    # Starting a draft when there is one leads to it.
    Row(
        "evaluation:questionnaire_draft",
        kwargs=_questionnaire,
        method="post",
        allowed=(NATIONAL,),
        allowed_status=302,
        denied=NOT_MANAGERS,
    ),
    Row(
        "evaluation:questionnaire_titles",
        kwargs=_questionnaire,
        allowed=(NATIONAL,),
        denied=NOT_MANAGERS,
    ),
    Row("evaluation:question_new", kwargs=_questionnaire, allowed=(NATIONAL,), denied=NOT_MANAGERS),
    Row(
        "evaluation:question_edit", kwargs=_draft_question, allowed=(NATIONAL,), denied=NOT_MANAGERS
    ),
    Row(
        "evaluation:question_delete",
        kwargs=_draft_question,
        allowed=(NATIONAL,),
        denied=NOT_MANAGERS,
    ),
    # An empty POST moves nothing and goes back to the draft.
    Row(
        "evaluation:question_move",
        kwargs=_draft_question,
        method="post",
        allowed=(NATIONAL,),
        allowed_status=302,
        denied=NOT_MANAGERS,
    ),
    # An empty POST comes back as the draft's page with the message to reload.
    Row(
        "evaluation:questionnaire_publish",
        kwargs=_questionnaire,
        method="post",
        allowed=(NATIONAL,),
        denied=NOT_MANAGERS,
    ),
    Row(
        "evaluation:questionnaire_discard",
        kwargs=_questionnaire,
        allowed=(NATIONAL,),
        denied=NOT_MANAGERS,
    ),
]
