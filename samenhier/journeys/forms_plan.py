"""The resettlement plan's forms: the text by section, submitting it, and the review."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenhier.journeys import plan
from samenhier.journeys.parties import REQUIRED_SECTIONS, PlanSection


class VersionField(forms.IntegerField):
    """The plan's version the person saw, so an action on an old copy is refused."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, min_value=0, **kwargs)


class PlanForm(forms.Form):
    version = VersionField()

    def __init__(self, *args: Any, sections: plan.Sections | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = sections or {}
        for section in PlanSection:
            self.fields[section.value] = forms.CharField(
                label=section.label,
                help_text=plan.QUESTIONS[section],
                required=False,  # a draft may be half written; submitting checks the rest
                max_length=plan.SECTION_MAX_LENGTH,
                strip=True,
                initial=sections.get(section.value, ""),
                widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            )

    def sections(self) -> plan.Sections:
        return plan.clean_sections({s.value: self.cleaned_data.get(s.value) for s in PlanSection})

    def section_fields(self) -> list[tuple[forms.BoundField, bool]]:
        """Each section's field, and whether the plan cannot be submitted without it."""
        return [(self[s.value], s in REQUIRED_SECTIONS) for s in PlanSection]


class SubmitForm(forms.Form):
    version = VersionField()


class ReviewForm(forms.Form):
    APPROVE, COMMENTS = "approve", "comments"

    version = VersionField()
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (APPROVE, _("Approve the plan")),
            (COMMENTS, _("Send it back to the group with comments")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments for the group"),
        help_text=_("Required when you send the plan back; the group sees them on this page."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
