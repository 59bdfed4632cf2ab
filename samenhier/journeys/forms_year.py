from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.journeys.parties import MeetingKind


class ContactPersonForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Contact person"), queryset=User.objects.none())

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = candidates


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Meeting"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Held on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_at = forms.DateTimeField(
        label=_("Planned for"),
        required=False,
        help_text=_("For the online meeting before departure, if it is still to come."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("held_on") and not data.get("planned_at"):
            self.add_error("held_on", _("Give the date it was held, or when it is planned."))
        return data


class ClosingForm(forms.Form):
    final_evaluation_on = forms.DateField(
        label=_("Final evaluation held on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    handover = forms.CharField(
        label=_("Handover to regular services"),
        max_length=2000,
        help_text=_("Which services take over, and who knows about it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    continues_informally = forms.CharField(
        label=_("What continues informally"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    group_available = forms.BooleanField(
        label=_("The group wants to welcome someone new"), required=False
    )
