"""Forms for appointments: times as the clock in the Netherlands shows them, who goes, and the
newcomer's choice of company. The rules themselves live in journeys.appointments."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.journeys.appointments import (
    AMSTERDAM,
    attendee_candidates,
    default_company,
    is_moved,
    open_appointment_tasks,
    time_errors,
)
from samenhier.journeys.checklist import title_of
from samenhier.journeys.models import Appointment, Journey, Task
from samenhier.journeys.parties import Company
from samenhier.web.forms import model_choice_field

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class AmsterdamDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in Europe/Amsterdam, whatever the active time
    zone: a time that does not exist (the hour skipped in spring) or exists twice (the hour
    repeated in autumn) is refused with a message, not guessed."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(AMSTERDAM):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(AMSTERDAM):
            return super().prepare_value(value)


class PersonChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class TaskChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{title_of(obj)} ({obj.due_on:%d-%m-%Y})"


class VersionField(forms.CharField):
    """The version the editor started from. Anything garbled counts as out of date, so the
    rule refuses it with the message to reload (a hidden field's own error would not show)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        return whole_number(value)


def whole_number(value: Any) -> int | None:
    """A small positive whole number from a request, or None for anything else."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


COMPANY_HELP = _("Whether the newcomer wants someone of the group to come along.")


class AppointmentForm(forms.Form):
    """Plan (no `appointment`) or change an appointment. `company` is there only for those
    who may choose it; for the others the view passes on the current choice."""

    task = TaskChoice(
        label=_("For the checklist's appointment"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("None (a separate appointment)"),
    )
    title = forms.CharField(
        label=_("What"),
        max_length=150,
        help_text=_(
            "For example: the GP, the bank, the municipality. No names or health details: "
            "this title also appears in calendars."
        ),
    )
    starts_at = AmsterdamDateTimeField(label=_("Starts at"))
    ends_at = AmsterdamDateTimeField(label=_("Ends at"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees = PersonChoices(
        label=_("Who goes along"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The newcomer always goes; tick who goes with them."),
    )
    company = forms.ChoiceField(
        label=_("Company wanted"),
        choices=Company.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=COMPANY_HELP,
    )
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        journey: Journey,
        actor: Any,
        may_choose_company: bool,
        appointment: Appointment | None = None,
        task: Task | None = None,
        **kwargs: Any,
    ) -> None:
        self.journey = journey
        self.appointment = appointment
        if appointment is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": appointment.title,
                    "starts_at": appointment.starts_at,
                    "ends_at": appointment.ends_at,
                    "place": appointment.place,
                    "attendees": list(appointment.attendees.all()),
                    "company": appointment.company,
                    "version": appointment.version,
                },
            )
        elif task is not None:
            kwargs.setdefault(
                "initial", {"task": task, "title": str(title_of(task)), "company": task.company}
            )
        super().__init__(*args, **kwargs)
        model_choice_field(self, "attendees").queryset = attendee_candidates(
            journey, actor=actor, appointment=appointment
        )
        tasks = open_appointment_tasks(journey)
        if appointment is not None or not tasks.exists():
            del self.fields["task"]
        else:
            model_choice_field(self, "task").queryset = tasks
        if not may_choose_company:
            del self.fields["company"]
        if appointment is None:
            del self.fields["version"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at is None or "ends_at" in self.errors:
            return data
        moved = self.appointment is None or is_moved(self.appointment.starts_at, starts_at)
        errors = time_errors(starts_at, ends_at, now=timezone.now(), check_future=moved)
        for field, message in errors.items():
            self.add_error(field, message)
        return data

    def details(self) -> dict[str, Any]:
        """What the planner filled in, as the keyword arguments of planning and changing."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data.get("ends_at"),
            "place": data.get("place", ""),
            "attendees": data.get("attendees", []),
            "company": self.company_choice(),
        }

    def company_choice(self) -> str:
        """The company to write: the chosen one, or else what stands now (the task's choice
        for a new appointment)."""
        if "company" in self.fields:
            return str(self.cleaned_data.get("company") or "")
        if self.appointment is not None:
            return self.appointment.company
        return default_company(self.cleaned_data.get("task"))


class CompanyForm(forms.Form):
    company = forms.ChoiceField(
        label=_("Do you want someone to come along?"),
        choices=Company.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    version = VersionField()


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a rule's errors next to the fields they name; those about a field the form does not
    show (or about no field) go at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
