from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.network.models import City, Organisation, Programme
from samenhier.web.forms import choice_field, model_choice_field


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from, so a concurrent edit is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class CityForm(VersionedForm):
    class Meta:
        model = City
        fields = [
            "name",
            "slug",
            "municipality",
            "local_partner",
            "runs_sponsor_groups",
            "runs_welcome_groups",
            "local_contact",
            "municipality_contact",
            "joined_on",
            "active",
        ]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "municipality").queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY
        )
        model_choice_field(self, "local_partner").queryset = Organisation.objects.filter(
            kind=Organisation.Kind.LOCAL_PARTNER
        )
        # Only people who hold the matching role in this city can be its contact person;
        # the choice list must not become a directory of everyone (newcomers included).
        for field, role in [
            ("local_contact", Role.LOCAL_COORDINATOR),
            ("municipality_contact", Role.MUNICIPALITY_OFFICER),
        ]:
            model_choice_field(self, field).queryset = people_with_role_in(role, self.instance)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("runs_sponsor_groups") and not data.get("runs_welcome_groups"):
            self.add_error("runs_welcome_groups", _("A city runs at least one kind of group."))
        return data


def people_with_role_in(role: str, city: City) -> QuerySet[User]:
    if city.pk is None:
        return User.objects.none()
    return User.objects.filter(
        assignments__role=role, assignments__city=city, assignments__revoked_at__isnull=True
    ).distinct()


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "city", "email", "phone", "website"]


class CityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Group kind"),
        required=False,
        choices=[
            ("", _("All")),
            ("sponsor", _("Sponsor groups")),
            ("welcome", _("Welcome groups")),
        ],
    )


class OrganisationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("All")), *Organisation.Kind.choices]


class ProgrammeForm(VersionedForm):
    class Meta:
        model = Programme
        fields = [
            "group_min_members",
            "group_max_members",
            "stuck_after_days",
            "confirmation_valid_days",
            "vog_valid_months",
            "reminder_after_days",
            "trained_members_required",
            "escalate_assignee_after_days",
            "escalate_builder_after_days",
            "escalate_coordinator_after_days",
            "silence_alert_days",
            "intensive_weeks",
            "intensive_contacts_per_week",
            "contacts_per_week",
            "evaluation_months",
            "evaluation_open_days",
            "evaluation_remind_days",
            "report_min_count",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("group_min_members"), data.get("group_max_members")
        if low is not None and high is not None and low > high:
            self.add_error("group_max_members", _("The maximum cannot be below the minimum."))
        steps = [
            data.get(name)
            for name in (
                "escalate_assignee_after_days",
                "escalate_builder_after_days",
                "escalate_coordinator_after_days",
            )
        ]
        if None not in steps and not steps[0] < steps[1] < steps[2]:  # type: ignore[operator]
            self.add_error(
                "escalate_coordinator_after_days",
                _("Each step of escalation must come later than the one before."),
            )
        if low is not None and low < 1:
            self.add_error("group_min_members", _("A group has at least one member."))
        return data
