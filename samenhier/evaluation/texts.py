"""Questionnaire texts in many languages: which text a reader sees, and which languages a
questionnaire is complete in.

One module for both the answering pages and the coordinators' questionnaire pages, so a
coordinator sees exactly what a newcomer will see, and a language is offered to respondents
exactly when the questionnaire page calls it complete.
"""

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samenhier.evaluation.models import Question

# Dutch is the programme's own wording; English is the second fallback.
FALLBACK = ("nl", "en")
# The languages every published version speaks, listed first wherever languages are offered.
BASE_LANGUAGES: tuple[str, ...] = ("nl", "en", "ar")
# Languages written right to left, beyond Django's own list (Pashto, Dari, Syriac, Dhivehi).
RTL = {"ar", "fa", "he", "ur", "ckb", "ug", "ps", "prs", "syr", "dv", "yi"}
# For coordinators, in the interface's language; other codes are shown as typed ("ti").
LANGUAGE_NAMES = {"nl": _("Dutch"), "en": _("English"), "ar": _("Arabic")}


def language_name(code: str) -> str:
    """The language's name for a coordinator: "Arabic" (translated), else its code."""
    return str(LANGUAGE_NAMES.get(code, code))


def own_name(code: str) -> str:
    """The language's name in itself, for a respondent choosing it ("العربيّة"), where Django
    knows it; else its code."""
    try:
        return str(translation.get_language_info(code)["name_local"])
    except KeyError:
        return code


def text_in(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`, else Dutch, else English, else any there is."""
    for code in (language, *FALLBACK):
        if texts.get(code):
            return texts[code]
    return next((t for t in texts.values() if t), "")


def is_rtl(language: str) -> bool:
    return language.split("-")[0].lower() in RTL


def direction(code: str) -> str:
    """For dir=: marked wherever a text in `code` is shown or typed."""
    return "rtl" if is_rtl(code) else "ltr"


def in_order(codes: Iterable[str]) -> list[str]:
    """Dutch, English and Arabic first, then the others alphabetically."""
    found = set(codes)
    return [c for c in BASE_LANGUAGES if c in found] + sorted(found - set(BASE_LANGUAGES))


def direction_of(text: str) -> str:
    """ "rtl" or "ltr" from the first letter with a direction of its own: what dir="auto" does
    in a browser, for the PDF, whose renderer knows only "ltr" and "rtl"."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def has_text(texts: Any, language: str) -> bool:
    value = texts.get(language) if isinstance(texts, dict) else None
    return isinstance(value, str) and bool(value.strip())


def choice_items(question: Question) -> list[dict[str, Any]]:
    return [c for c in question.choices or [] if isinstance(c, dict)]


def written_languages(titles: Mapping[str, str], questions: Iterable[Question]) -> list[str]:
    """Every language any text of the questionnaire is written in, complete or not."""
    found = {code for code in titles if has_text(titles, code)}
    for question in questions:
        found |= {code for code in question.texts or {} if has_text(question.texts, code)}
        for choice in choice_items(question):
            texts = choice.get("texts") or {}
            found |= {code for code in texts if has_text(texts, code)}
    return sorted(found)


def covers(titles: Mapping[str, str], questions: Sequence[Question], language: str) -> bool:
    """The title, every question and every choice have a text in `language`."""
    return (
        has_text(titles, language)
        and all(has_text(q.texts, language) for q in questions)
        and all(has_text(c.get("texts"), language) for q in questions for c in choice_items(q))
    )


def complete_languages(titles: Mapping[str, str], questions: Sequence[Question]) -> list[str]:
    """The languages a respondent may choose: those the questionnaire is complete in, Dutch,
    English and Arabic first, then the others a coordinator added, alphabetically."""
    return in_order(c for c in written_languages(titles, questions) if covers(titles, questions, c))
