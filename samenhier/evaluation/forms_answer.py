"""The questionnaire as a form: one field per question, built from answering.Item, so the
form and the service keep the same rules (answering.clean checks them again on saving)."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samenhier.evaluation import answering
from samenhier.evaluation.answering import Item
from samenhier.evaluation.vocabularies import QuestionKind

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def _field(item: Item) -> forms.Field:
    required = item.question.required
    label = item.text
    if item.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            label=label,
            required=required,
            coerce=int,
            choices=[(n, str(n)) for n in answering.SCALE],
            widget=forms.RadioSelect,
            help_text=_("1 is the lowest, 5 the highest."),
        )
    if item.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            label=label, required=required, choices=item.choices, widget=forms.RadioSelect
        )
    if item.counts:
        return forms.IntegerField(
            label=label,
            required=required,
            min_value=0,
            max_value=answering.MAX_NETWORK,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=answering.MAX_OPEN,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    """The questions; `quote` adds the member's or partner's consent to be quoted."""

    def __init__(self, *args: Any, items: list[Item], quote: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.key] = _field(item)
        if quote and any(item.question.quotable for item in items):
            self.fields["may_quote"] = forms.BooleanField(
                label=_(
                    "My answers to the open questions may be quoted in reports, "
                    "under a made-up name."
                ),
                required=False,
                help_text=_("You can withdraw this at any time."),
            )

    def answers(self) -> dict[int, Any]:
        """The cleaned answers by question id (empty answers left out)."""
        return {
            item.question.pk: self.cleaned_data[item.key]
            for item in self.items
            if self.cleaned_data.get(item.key) not in (None, "")
        }


class InterviewForm(AnswerForm):
    """The same questions, recorded by the community builder, with the language spoken and
    the interpreter, if any."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interview_language"] = forms.CharField(
            label=_("Language of the interview"),
            max_length=20,
            help_text=_("A language code, for example nl, ar, ti or fa."),
        )
        self.fields["interpreter"] = forms.CharField(
            label=_("Interpreter"),
            max_length=120,
            required=False,
            help_text=_("Who interpreted, or leave empty when nobody did."),
        )
        order = ["interview_language", "interpreter"]
        self.order_fields(order + [name for name in self.fields if name not in order])

    def clean_interview_language(self) -> str:
        code = self.cleaned_data["interview_language"].strip().lower()
        if not LANGUAGE_CODE.match(code):
            raise ValidationError(_("Give a language code of two or three letters, such as ti."))
        return code


class LanguageForm(forms.Form):
    """Which language to show the questions in, among those the questionnaire has."""

    lang = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lang"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = languages


class MomentFilterForm(forms.Form):
    """The filters of the list of moments; anything unknown is ignored, never an error."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    months = forms.TypedChoiceField(label=_("Months after arrival"), required=False, coerce=int)
    city = forms.TypedChoiceField(label=_("City"), required=False, coerce=int)

    def __init__(
        self,
        *args: Any,
        statuses: list[tuple[str, Any]],
        months: list[int],
        cities: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("status", statuses),
            ("months", [(n, str(n)) for n in months]),
            ("city", cities),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Any")), *choices]
        if len(cities) < 2:
            del self.fields["city"]
