"""The forms of questionnaire management: a question of the draft, the title, and the texts
of one language. Every form carries the version of the questionnaire version it was read
from, so an edit on an old copy (or a garbled version) is refused as stale."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenhier.evaluation import questionnaire_services as services
from samenhier.evaluation import questionnaires as rules
from samenhier.evaluation.models import Question, Questionnaire
from samenhier.evaluation.texts import BASE_LANGUAGES, choice_items, direction, language_name
from samenhier.evaluation.vocabularies import INDICATOR_CHOICES, Indicator, QuestionKind
from samenhier.journeys.forms_appointments import VersionField


def _text_widget(code: str, rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "lang": code, "dir": direction(code)})


class VersionForm(forms.Form):
    """Confirming an act on the draft (publish, discard, delete a question)."""

    version = VersionField()


class MoveForm(VersionForm):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class QuestionForm(forms.Form):
    version = VersionField()
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    indicator = forms.ChoiceField(
        label=_("Feeds the indicator"),
        choices=[("", _("None")), *list(Indicator.choices)],
        required=False,
        help_text=_(
            "Language level, civic integration and work or study are choice questions with "
            "the indicator's own choices; wellbeing is a scale; the size of the social network "
            "is an open question answered with a number."
        ),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    quotable = forms.BooleanField(
        label=_("Answers may be quoted in reports (under a pseudonym, with consent)"),
        required=False,
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )

    def __init__(self, *args: Any, question: Question | None, **kwargs: Any) -> None:
        texts = question.texts if question else {}
        present = [code for code in sorted(texts) if code not in BASE_LANGUAGES]
        self.languages = [*BASE_LANGUAGES, *present]
        if question is not None:
            kwargs.setdefault("initial", {}).update(
                kind=question.kind,
                indicator=question.indicator,
                required=question.required,
                quotable=question.quotable,
                choices=self.choices_as_text(question, self.languages),
            )
        super().__init__(*args, **kwargs)
        for code in self.languages:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Question in %(language)s") % {"language": language_name(code)},
                required=False,  # a draft may be half written; publishing checks the rest
                max_length=rules.TEXT_MAX_LENGTH,
                initial=texts.get(code, ""),
                widget=_text_widget(code),
            )
        columns = " | ".join([str(_("value")), *map(language_name, self.languages)])
        self.fields["choices"].help_text = _(
            "For choice questions: one choice per line, as “%(columns)s”. The value is stored "
            "with the answer: lowercase letters, digits and _ only. Leave empty for indicator "
            "questions, which use the indicator's choices."
        ) % {"columns": columns}

    @staticmethod
    def choices_as_text(question: Question, languages: list[str]) -> str:
        lines = []
        for choice in choice_items(question):
            texts = choice.get("texts") or {}
            cells = [str(choice.get("value", "")), *(texts.get(code, "") for code in languages)]
            lines.append(" | ".join(cells).rstrip(" |"))
        return "\n".join(lines)

    def text_fields(self) -> list[tuple[forms.BoundField, str, str]]:
        return [(self[f"text_{c}"], c, direction(c)) for c in self.languages]

    def clean_choices(self) -> list[dict[str, Any]]:
        raw: str = self.cleaned_data.get("choices") or ""
        errors: list[str] = []
        parsed: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number, line in enumerate(raw.replace("\r\n", "\n").split("\n"), start=1):
            if not line.strip():
                continue
            cells = [cell.strip() for cell in line.split("|")]
            value, texts = cells[0], cells[1:]
            if not rules.CHOICE_VALUE.match(value):
                errors.append(
                    str(
                        _(
                            "Line %(line)s: the value “%(value)s” may hold only lowercase "
                            "letters, digits and _ (at most 40)."
                        )
                    )
                    % {"line": number, "value": value}
                )
            elif value in seen:
                errors.append(
                    str(_("Line %(line)s: the value “%(value)s” is used twice."))
                    % {"line": number, "value": value}
                )
            if len(texts) > len(self.languages):
                errors.append(
                    str(_("Line %(line)s: more texts than languages (%(count)s)."))
                    % {"line": number, "count": len(self.languages)}
                )
            if any(len(text) > rules.TEXT_MAX_LENGTH for text in texts):
                errors.append(str(_("Line %(line)s: a text is too long.")) % {"line": number})
            seen.add(value)
            parsed.append(
                {
                    "value": value,
                    "texts": {c: t for c, t in zip(self.languages, texts, strict=False) if t},
                }
            )
        if errors:
            raise forms.ValidationError(errors)
        return parsed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, indicator = data.get("kind"), data.get("indicator") or ""
        if kind and indicator:
            problem = rules.indicator_problem(kind, indicator)
            if problem:
                self.add_error("indicator", problem)
        if data.get("choices"):
            if kind and kind != QuestionKind.CHOICE:
                self.add_error("choices", _("Only choice questions have choices."))
            elif indicator in INDICATOR_CHOICES:
                self.add_error("choices", _("This indicator's question uses its own choices."))
        return data

    def data_for_save(self) -> services.QuestionData:
        data = self.cleaned_data
        return services.QuestionData(
            kind=data["kind"],
            texts={c: data[f"text_{c}"].strip() for c in self.languages if data[f"text_{c}"]},
            choices=data["choices"],
            indicator=data.get("indicator") or "",
            required=data["required"],
            quotable=data["quotable"],
        )


class TitlesForm(forms.Form):
    version = VersionField()

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        titles = questionnaire.titles
        extra = [code for code in sorted(titles) if code not in BASE_LANGUAGES]
        self.languages = [*BASE_LANGUAGES, *extra]
        for code in self.languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": language_name(code)},
                required=code in BASE_LANGUAGES,
                max_length=200,
                initial=titles.get(code, ""),
                widget=forms.TextInput(attrs={"lang": code, "dir": direction(code)}),
            )

    def titles(self) -> rules.Texts:
        return {c: self.cleaned_data[f"title_{c}"].strip() for c in self.languages}


class LanguageCodeForm(forms.Form):
    """Which language to add texts in: any code, since a city's newcomers may read Tigrinya,
    Dari or Somali long before the interface does."""

    language = forms.CharField(
        label=_("Language code"),
        max_length=rules.LANGUAGE_CODE_MAX_LENGTH,
        help_text=_(
            "Two or three lowercase letters, such as ti (Tigrinya), fa (Persian), so (Somali), "
            "optionally with a region: prs-AF (Dari as spoken in Afghanistan)."
        ),
    )

    def clean_language(self) -> str:
        code = self.cleaned_data["language"].strip()
        if not rules.valid_language_code(code):
            raise forms.ValidationError(
                _("“%(code)s” is not a language code such as ti, fa or prs-AF."),
                params={"code": code},
                code="invalid",
            )
        if code in BASE_LANGUAGES:
            raise forms.ValidationError(
                _(
                    "Texts in Dutch, English and Arabic change only through a new version: "
                    "the national coordinator starts a draft for that."
                ),
                code="base_language",
            )
        return code


class LanguageTextsForm(forms.Form):
    """The title, every question and every choice of the current version in one language,
    each shown with its Dutch (or the interface language's) text to translate from."""

    version = VersionField()

    def __init__(
        self,
        *args: Any,
        questionnaire: Questionnaire,
        questions: list[Question],
        language: str,
        source: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        self.direction = direction(language)
        self.rows: list[tuple[forms.BoundField, str, str]] = []
        self._add("title", _("Title"), *rules.text_and_language(questionnaire.titles, source), 1)
        self.fields["title"].initial = questionnaire.titles.get(language, "")
        for number, question in enumerate(questions, start=1):
            name = f"q_{question.pk}"
            label = _("Question %(number)s") % {"number": number}
            self._add(name, label, *rules.text_and_language(question.texts, source), 2)
            self.fields[name].initial = question.texts.get(language, "")
            for index, choice in enumerate(choice_items(question)):
                texts = choice.get("texts") or {}
                name = f"c_{question.pk}_{index}"
                label = _("Question %(number)s, choice “%(value)s”") % {
                    "number": number,
                    "value": choice.get("value", ""),
                }
                self._add(name, label, *rules.text_and_language(texts, source), 1)
                self.fields[name].initial = texts.get(language, "")
        self.questions = questions

    def _add(self, name: str, label: Any, source: str, source_language: str, rows: int) -> None:
        self.fields[name] = forms.CharField(
            label=label,
            max_length=rules.TEXT_MAX_LENGTH,
            widget=_text_widget(self.language, rows),
        )
        # The text to translate is the field's help: read out with the field.
        self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_helptext"
        self.rows.append((self[name], source, source_language))

    def shown_rows(self) -> list[tuple[forms.BoundField, str, str, str]]:
        """Each field, the text to translate, its language and its direction."""
        return [(self[f.name], s, lang, direction(lang)) for f, s, lang in self.rows]

    def texts(self) -> tuple[str, dict[int, str], dict[tuple[int, str], str]]:
        data = self.cleaned_data
        questions = {q.pk: data[f"q_{q.pk}"].strip() for q in self.questions}
        choices = {
            (q.pk, str(c.get("value", ""))): data[f"c_{q.pk}_{i}"].strip()
            for q in self.questions
            for i, c in enumerate(choice_items(q))
        }
        return data["title"].strip(), questions, choices
