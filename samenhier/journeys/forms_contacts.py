from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from samenhier.journeys import contacts
from samenhier.journeys.models import ContactEntry, Journey
from samenhier.journeys.parties import ContactKind
from samenhier.web.forms import choice_field, model_choice_field


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactEntry
        fields = ["occurred_on", "kind", "minutes", "participants", "note"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "kind": forms.RadioSelect,
            "participants": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, journey: Journey, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.journey, self.today = journey, today
        self.fields["occurred_on"].widget.attrs.update(
            {
                "max": today.isoformat(),
                "min": contacts.local_day(journey.started_at).isoformat(),
            }
        )
        choice_field(self, "kind").choices = ContactKind.choices
        minutes = self.fields["minutes"]
        assert isinstance(minutes, forms.IntegerField)
        minutes.validators += [MinValueValidator(1), MaxValueValidator(contacts.MAX_MINUTES)]
        minutes.widget.attrs.update({"min": 1, "max": contacts.MAX_MINUTES, "inputmode": "numeric"})
        minutes.help_text = _("Optional: how long the contact lasted.")
        participants = model_choice_field(self, "participants")
        participants.queryset = contacts.possible_participants(journey)
        participants.help_text = _("Members of the group with an account.")
        note = self.fields["note"]
        assert isinstance(note, forms.CharField)
        note.max_length = contacts.MAX_NOTE
        note.widget.attrs["maxlength"] = str(contacts.MAX_NOTE)
        note.validators.append(MaxLengthValidator(contacts.MAX_NOTE))
        note.help_text = _(
            "Keep it short and practical, e.g. what you did together. Do not record health, "
            "religion, money matters or other people's private affairs."
        )

    def clean_occurred_on(self) -> date:
        occurred_on: date = self.cleaned_data["occurred_on"]
        if problem := contacts.date_problem(self.journey, occurred_on, self.today):
            raise forms.ValidationError(problem)
        return occurred_on


PERIODS = {
    "4w": timedelta(weeks=4),
    "13w": timedelta(weeks=13),
    "52w": timedelta(weeks=52),
}


class ContactFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("", _("The whole journey")),
            ("4w", _("The last 4 weeks")),
            ("13w", _("The last 3 months")),
            ("52w", _("The last year")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("All kinds")), *ContactKind.choices]
