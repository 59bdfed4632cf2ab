from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.groups.models import ConductCertificate, Group, Intake


class IntakeScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    interviewer = forms.ModelChoiceField(label=_("Interviewer"), queryset=User.objects.none())

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["interviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            assignments__city=group.city,
            assignments__role__in=[Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER],
            assignments__revoked_at__isnull=True,
        ).distinct()


class IntakeRecordForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Intake.Outcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("Only coordinators can read these notes."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class CertificateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ConductCertificate.Status.choices, widget=forms.RadioSelect
    )
    requested_on = forms.DateField(
        label=_("Requested on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date on the certificate. Store the fact only: do not keep a copy."),
    )


class DeclarationForm(forms.Form):
    requires_new_signatures = forms.BooleanField(
        label=_("Everyone must sign this version again"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, max_length=200
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            code: (self.cleaned_data[f"title_{code}"], self.cleaned_data[f"body_{code}"])
            for code, _name in settings.LANGUAGES
        }
