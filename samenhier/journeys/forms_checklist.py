"""The forms of the arrival checklist and its national template."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.journeys.checklist import AMSTERDAM, participants
from samenhier.journeys.models import Journey, TaskTemplate
from samenhier.journeys.parties import Company, Phase
from samenhier.network.forms import VersionedForm
from samenhier.web.forms import model_choice_field

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class AmsterdamDateTimeField(forms.DateTimeField):
    """A date and time as people in the Netherlands read a flight's landing: Amsterdam's
    clock, whatever the server's. A time that does not exist there (the hour skipped in
    March) or that is ambiguous (the hour repeated in October) is refused next to the field."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(AMSTERDAM):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(AMSTERDAM).replace(tzinfo=None)
        return value


class ArrivalForm(forms.Form):
    arrival_at = AmsterdamDateTimeField(
        label=_("Expected arrival"),
        help_text=_(
            "Date and time in the Netherlands (for a flight: the landing). Setting it makes the "
            "checklist; moving it moves the open tasks along."
        ),
        error_messages={
            "required": _("Give the date and time of arrival."),
            "invalid": _("Give a date and time, for example 2027-03-28 14:30."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, journey: Journey, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"arrival_at": journey.arrival_at, "version": journey.version})
        super().__init__(*args, **kwargs)


class ChecklistFilterForm(forms.Form):
    STATES = [
        ("", _("All tasks")),
        ("open", _("Open")),
        ("overdue", _("Overdue")),
        ("done", _("Done")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices]
    )
    state = forms.ChoiceField(label=_("Status"), required=False, choices=STATES)
    mine = forms.BooleanField(label=_("Only mine"), required=False)


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        label=_("Who takes care of it"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, journey: Journey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "assignee").queryset = participants(journey)


class CompanyForm(forms.Form):
    company = forms.ChoiceField(
        label=_("Do you want someone of the group to come along?"),
        choices=Company.choices,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TemplateLineForm(VersionedForm):
    class Meta:
        model = TaskTemplate
        fields = ["title", "phase", "offset_days", "owner", "is_appointment", "group_kinds"]
        help_texts = {
            "title": _(
                "In Dutch. The programme's own lines are shown in each reader's language; "
                "a changed title is shown as typed."
            ),
            "is_appointment": _("The newcomer chooses whether they want company."),
            "group_kinds": _(
                "Welcome groups skip lines for sponsor groups: their newcomer already lives here."
            ),
        }

    def clean_offset_days(self) -> int:
        value: int = self.cleaned_data["offset_days"]
        if not -365 <= value <= 730:
            raise forms.ValidationError(_("Give a number of days between -365 and 730."))
        return value
