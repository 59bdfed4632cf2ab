"""The programme's own questionnaires, one per audience, as the data migration seeds them.

Their texts are data, not interface strings: a coordinator adds a language (Tigrinya, Farsi)
by adding texts, without a release. The newcomer's questions are short and plain; every
indicator of vocabularies.Indicator has a question that feeds it. `network_size` is an open
question answered with a whole number (answering.py reads it as one): the model has no
number kind, and a scale from 1 to 5 would not count people.

These are version 1 as migration 0002 published it, and tests/evaluation/test_defaults.py
pins them: edited here, they would give a fresh database other questions than every running
one under the same version number. A changed questionnaire is a new migration that publishes
version 2.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from samenhier.evaluation.vocabularies import Indicator, QuestionKind

Texts = dict[str, str]


def _t(nl: str, en: str, ar: str) -> Texts:
    return {"nl": nl, "en": en, "ar": ar}


def _choice(value: str, nl: str, en: str, ar: str) -> dict[str, Any]:
    return {"value": value, "texts": _t(nl, en, ar)}


def _q(
    kind: str,
    texts: Texts,
    *,
    indicator: str = "",
    required: bool = False,
    quotable: bool = False,
    choices: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "texts": texts,
        "indicator": indicator,
        "required": required,
        "quotable": quotable,
        "choices": choices or [],
    }


# The indicator questions offer exactly the indicator's scale (vocabularies.INDICATOR_CHOICES),
# with words a newcomer in their first year understands.
LANGUAGE_CHOICES = [
    _choice("a0", "Ik begin net", "I am just starting", "أنا في البداية"),
    _choice("a1", "Niveau A1", "Level A1", "المستوى A1"),
    _choice(
        "a2", "Ik heb het A2-examen gehaald", "I passed the A2 exam", "نجحت في امتحان المستوى A2"
    ),
    _choice("b1", "B1 of hoger", "B1 or higher", "المستوى B1 أو أعلى"),
]
INTEGRATION_CHOICES = [
    _choice("not_started", "Nog niet begonnen", "Not started yet", "لم أبدأ بعد"),
    _choice("started", "Ik ben ermee bezig", "I am working on it", "أنا أعمل عليه الآن"),
    _choice("completed", "Klaar: ik heb het gehaald", "Done: I have completed it", "انتهيت منه"),
    _choice("exempt", "Ik hoef het niet te doen", "I do not have to do it", "أنا معفى منه"),
]
WORK_STUDY_CHOICES = [
    _choice("none", "Nog geen werk of studie", "No work or study yet", "لا أعمل ولا أدرس بعد"),
    _choice("language_school", "Alleen taalschool", "Only language school", "مدرسة اللغة فقط"),
    _choice(
        "volunteering",
        "Vrijwilligerswerk of stage",
        "Volunteering or an internship",
        "عمل تطوعي أو تدريب عملي",
    ),
    _choice(
        "study", "Een studie of opleiding", "A study or vocational training", "دراسة أو تدريب مهني"
    ),
    _choice("work", "Betaald werk", "Paid work", "عمل مدفوع الأجر"),
]

NEWCOMER = [
    _q(
        QuestionKind.CHOICE,
        _t(
            "Hoe goed spreek je nu Nederlands?",
            "How well do you speak Dutch now?",
            "ما مستوى لغتك الهولندية الآن؟",
        ),
        indicator=Indicator.LANGUAGE_LEVEL,
        required=True,
        choices=LANGUAGE_CHOICES,
    ),
    _q(
        QuestionKind.CHOICE,
        _t(
            "Hoe gaat het met je inburgering?",
            "How is your civic integration going?",
            "كيف يسير برنامج الاندماج المدني الخاص بك؟",
        ),
        indicator=Indicator.INTEGRATION,
        required=True,
        choices=INTEGRATION_CHOICES,
    ),
    _q(
        QuestionKind.CHOICE,
        _t("Werk of studeer je?", "Do you work or study?", "هل تعمل أو تدرس؟"),
        indicator=Indicator.WORK_STUDY,
        required=True,
        choices=WORK_STUDY_CHOICES,
    ),
    _q(
        QuestionKind.OPEN,
        _t(
            "Hoeveel mensen in Nederland ken je goed genoeg om hulp te vragen? Schrijf een getal.",
            "How many people in the Netherlands do you know well enough to ask for help? "
            "Write a number.",
            "كم شخصًا في هولندا تعرفه جيدًا بما يكفي لتطلب منه المساعدة؟ اكتب رقمًا.",
        ),
        indicator=Indicator.NETWORK_SIZE,
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe gaat het met je? Kies van 1 (slecht) tot 5 (heel goed).",
            "How are you doing? Choose from 1 (bad) to 5 (very good).",
            "كيف حالك؟ اختر من 1 (سيئ) إلى 5 (جيد جدًا).",
        ),
        indicator=Indicator.WELLBEING,
        required=True,
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe blij ben je met de hulp van je groep?",
            "How happy are you with the help of your group?",
            "ما مدى رضاك عن مساعدة مجموعتك؟",
        ),
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe thuis voel je je in je nieuwe woonplaats?",
            "How much at home do you feel in your new town?",
            "إلى أي حد تشعر بأنك في بيتك في مدينتك الجديدة؟",
        ),
    ),
    _q(
        QuestionKind.OPEN,
        _t(
            "Wat gaat goed, en wat kan beter?",
            "What is going well, and what could be better?",
            "ما الذي يسير بشكل جيد، وما الذي يمكن أن يكون أفضل؟",
        ),
    ),
    _q(
        QuestionKind.OPEN,
        _t(
            "Wat zou je anderen vertellen over dit jaar?",
            "What would you tell others about this year?",
            "ماذا تقول للآخرين عن هذه السنة؟",
        ),
        quotable=True,
    ),
]

GROUP = [
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe goed werkt je groep samen?",
            "How well does your group work together?",
            "ما مدى جودة التعاون داخل مجموعتك؟",
        ),
        required=True,
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe goed is het contact met de nieuwkomer?",
            "How good is the contact with the newcomer?",
            "ما مدى جودة التواصل مع القادم الجديد؟",
        ),
        required=True,
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe goed steunen de community bouwer en de lokale partner je groep?",
            "How well do the community builder and the local partner support your group?",
            "ما مدى دعم باني المجتمع والشريك المحلي لمجموعتك؟",
        ),
        required=True,
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe goed gaat de samenwerking met de gemeente en de maatschappelijke begeleiding?",
            "How well does the cooperation with the municipality and social support go?",
            "ما مدى جودة التعاون مع البلدية والإرشاد الاجتماعي؟",
        ),
    ),
    _q(
        QuestionKind.OPEN,
        _t(
            "Waar loopt je groep tegenaan?",
            "What problems does your group run into?",
            "ما المشكلات التي تواجهها مجموعتك؟",
        ),
    ),
    _q(
        QuestionKind.OPEN,
        _t(
            "Wat zou je anderen vertellen over dit jaar?",
            "What would you tell others about this year?",
            "ماذا تقول للآخرين عن هذه السنة؟",
        ),
        quotable=True,
    ),
]

PARTNER = [
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe goed verloopt de samenwerking met de groep?",
            "How well does the cooperation with the group go?",
            "ما مدى جودة التعاون مع المجموعة؟",
        ),
        required=True,
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe duidelijk is de taakverdeling tussen de partijen?",
            "How clear is the division of tasks between the parties?",
            "ما مدى وضوح توزيع المهام بين الأطراف؟",
        ),
        required=True,
    ),
    _q(
        QuestionKind.SCALE,
        _t(
            "Hoe goed helpt de groep de nieuwkomer om zelf mee te doen?",
            "How well does the group help the newcomer take part on their own terms?",
            "إلى أي مدى تساعد المجموعة القادم الجديد على المشاركة باستقلالية؟",
        ),
    ),
    _q(
        QuestionKind.OPEN,
        _t(
            "Welke signalen of knelpunten zie je?",
            "Which signals or bottlenecks do you see?",
            "ما الإشارات أو العقبات التي تلاحظها؟",
        ),
    ),
    _q(
        QuestionKind.OPEN,
        _t(
            "Wat zou je anderen vertellen over deze samenwerking?",
            "What would you tell others about this cooperation?",
            "ماذا تقول للآخرين عن هذا التعاون؟",
        ),
        quotable=True,
    ),
]

DEFAULTS: dict[str, tuple[Texts, list[dict[str, Any]]]] = {
    "newcomer": (_t("Hoe gaat het met je?", "How are you doing?", "كيف حالك؟"), NEWCOMER),
    "group": (
        _t("Vragenlijst voor de groep", "Questionnaire for the group", "استبيان للمجموعة"),
        GROUP,
    ),
    "municipality": (
        _t(
            "Vragenlijst voor de gemeente",
            "Questionnaire for the municipality",
            "استبيان للبلدية",
        ),
        PARTNER,
    ),
    "local_partner": (
        _t(
            "Vragenlijst voor de lokale partner",
            "Questionnaire for the local partner",
            "استبيان للشريك المحلي",
        ),
        PARTNER,
    ),
    "social_support": (
        _t(
            "Vragenlijst voor de maatschappelijke begeleiding",
            "Questionnaire for social support",
            "استبيان للإرشاد الاجتماعي",
        ),
        PARTNER,
    ),
}


def _models(apps: Any) -> tuple[Any, Any, Any]:
    if apps is None:
        from samenhier.evaluation.models import Question, Questionnaire, QuestionnaireVersion

        return Questionnaire, QuestionnaireVersion, Question
    return (
        apps.get_model("evaluation", "Questionnaire"),
        apps.get_model("evaluation", "QuestionnaireVersion"),
        apps.get_model("evaluation", "Question"),
    )


def seed_defaults(apps: Any = None) -> int:
    """Publish version 1 of each audience's questionnaire where it has none; never touches a
    questionnaire that already has versions (a coordinator may have changed it). Returns how
    many were made. With `apps` (a migration's), uses the historical models."""
    questionnaire_model, version_model, question_model = _models(apps)
    made = 0
    now = timezone.now()
    with transaction.atomic():
        for audience, (titles, questions) in DEFAULTS.items():
            questionnaire, _created = questionnaire_model.objects.get_or_create(
                audience=audience, defaults={"titles": titles}
            )
            if version_model.objects.filter(questionnaire=questionnaire).exists():
                continue
            version = version_model.objects.create(
                questionnaire=questionnaire, number=1, published_at=now
            )
            question_model.objects.bulk_create(
                question_model(version=version, position=position, **question)
                for position, question in enumerate(questions, start=1)
            )
            made += 1
    return made


def remove_defaults(apps: Any = None) -> None:
    """Undo the seeding: the questionnaires nobody has answered yet (answered ones are
    protected by their responses and stay)."""
    questionnaire_model, _version, _question = _models(apps)
    for questionnaire in questionnaire_model.objects.filter(audience__in=DEFAULTS):
        if not questionnaire.versions.filter(responses__isnull=False).exists():
            questionnaire.delete()
