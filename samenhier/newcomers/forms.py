import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.network.models import City
from samenhier.network.vocabularies import (
    ContactFrequency,
    Interest,
    Language,
    Sector,
    Vulnerability,
)
from samenhier.newcomers.lifecycle import HouseholdStage, Track
from samenhier.newcomers.models import Consent, ConsentPurpose, ConsentText, FamilyMember, Household

# A language code as HTML's lang attribute takes it, so the text is read out correctly.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")


class ReferralForm(forms.ModelForm[Household]):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goal_sectors = forms.MultipleChoiceField(
        label=_("Goals for work or study"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        help_text=_("Categories only; groups see these before a match, never the details."),
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    size = forms.IntegerField(
        label=_("Household size"),
        help_text=_("Everyone who will live together, for housing."),
        min_value=1,
        max_value=30,
    )
    contact_preference = forms.TypedChoiceField(
        label=_("Preferred contact frequency"),
        choices=[("", _("Not known yet")), *ContactFrequency.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Household
        fields = [
            "reference",
            "track",
            "city",
            "main_applicant_name",
            "size",
            "languages",
            "interests",
            "goal_sectors",
            "vulnerabilities",
            "vulnerability_details",
            "contact_preference",
            "arrival_from",
            "arrival_until",
            "address",
            "phone",
            "email",
        ]
        widgets = {
            "arrival_from": forms.DateInput(attrs={"type": "date"}),
            "arrival_until": forms.DateInput(attrs={"type": "date"}),
            "vulnerability_details": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reference": _("The referrer's reference. Never a document or BSN number."),
            "vulnerability_details": _("Only what the coordinator needs to prepare a group."),
        }

    def __init__(self, *args: Any, tracks: list[str], cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        track = self.fields["track"]
        assert isinstance(track, forms.ChoiceField)
        track.choices = [(v, label) for v, label in Track.choices if v in tracks]
        city = self.fields["city"]
        assert isinstance(city, forms.ModelChoiceField)
        city.queryset = cities

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("arrival_from"), data.get("arrival_until")
        if start and end and end < start:
            self.add_error("arrival_until", _("The window ends after it starts."))
        if data.get("track") == Track.IN_COUNTRY and not data.get("address"):
            self.add_error("address", _("A permit holder in the city has a current address."))
        return data


class FamilyMemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=FamilyMember.Relation.choices)
    birth_year = forms.IntegerField(label=_("Birth year"), min_value=1900)
    gender = forms.CharField(label=_("Gender, as they state it"), max_length=60, required=False)

    def clean_birth_year(self) -> int:
        year = int(self.cleaned_data["birth_year"])
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("A birth year cannot be in the future."))
        return year


FamilyFormSet = forms.formset_factory(
    FamilyMemberForm, extra=6, max_num=15, absolute_max=15, validate_max=True
)


class InformationMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.CharField(label=_("Language of the meeting"), max_length=40)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    material_version = forms.CharField(
        label=_("Version of the information material"), max_length=40
    )


class ConsentForm(forms.Form):
    purposes = forms.MultipleChoiceField(
        label=_("The newcomer agrees to"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.ModelChoiceField(
        label=_("Consent text (version and language)"), queryset=ConsentText.objects.all()
    )
    method = forms.ChoiceField(
        label=_("How it was given"), choices=Consent.Method.choices, widget=forms.RadioSelect
    )


class ConsentTextForm(forms.ModelForm[ConsentText]):
    class Meta:
        model = ConsentText
        fields = ["version", "language", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean_language(self) -> str:
        code = str(self.cleaned_data["language"]).strip().lower()
        if not LANGUAGE_TAG.fullmatch(code):
            raise forms.ValidationError(_("Use the language's code, e.g. ar, ti, fa or so."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A text once used for consent is evidence: a new wording is a new version.
        version, language = data.get("version"), data.get("language")
        if (
            version
            and language
            and ConsentText.objects.filter(version=version, language=language).exists()
        ):
            self.add_error(
                "version", _("This version already exists in this language; add a new version.")
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("The first row names the columns, as in the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class EraseForm(forms.Form):
    confirm = forms.CharField(label=_("Type the household's reference to confirm"), max_length=40)

    def __init__(self, *args: Any, reference: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reference = reference

    def clean_confirm(self) -> str:
        typed = str(self.cleaned_data["confirm"]).strip()
        if typed != self.reference:
            raise forms.ValidationError(_("This is not the household's reference."))
        return typed


class StopForm(forms.Form):
    alternative_support = forms.CharField(
        label=_("Alternative support"),
        help_text=_("For example: regular social support by the refugee council."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class HouseholdFilterForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = self.fields["city"]
        assert isinstance(city, forms.ModelChoiceField)
        city.queryset = cities
        city.empty_label = str(_("All cities"))
        for name, choices in [("track", Track.choices), ("stage", HouseholdStage.choices)]:
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("All")), *choices]
