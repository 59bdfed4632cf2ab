import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenhier.groups.models import Group, Member
from samenhier.groups.stages import GroupStage
from samenhier.network.models import City, GroupKind, Programme
from samenhier.network.vocabularies import (
    ContactFrequency,
    Interest,
    Language,
    Sector,
    Vulnerability,
)

POSTCODE = re.compile(r"^\s*\d{4}\s?[A-Za-z]{2}\s*$")


class ProfileForm(forms.ModelForm[Group]):
    languages = forms.MultipleChoiceField(
        label=_("Languages the members speak"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests you share"),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    network_sectors = forms.MultipleChoiceField(
        label=_("Sectors you work in or have a network in"),
        help_text=_("This helps a newcomer find work or study through your network."),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    supports = forms.MultipleChoiceField(
        label=_("Needs you feel able to support"),
        help_text=_(
            "Choose only what the group really feels able to support. This can change later."
        ),
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact_offer = forms.TypedChoiceField(
        label=_("How often do you expect to meet the newcomer?"),
        choices=ContactFrequency.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "languages",
            "interests",
            "network_sectors",
            "supports",
            "contact_offer",
            "time_available",
            "motivation",
        ]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "time_available": _("For example: evenings and weekends; two members also in daytime.")
        }

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.city = city
        self.fields["motivation"].required = True

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if Group.objects.filter(city=self.city, name__iexact=name).exists():
            raise forms.ValidationError(
                _("There is already a group with this name in %(city)s. Choose another name."),
                params={"city": self.city.name},
            )
        return name


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=40)
    street = forms.CharField(label=_("Street and house number"), max_length=150)
    postcode = forms.CharField(
        label=_("Postcode"), max_length=7, help_text=_("For example 3011 AB")
    )
    town = forms.CharField(label=_("Town"), max_length=80)
    daytime_flexible = forms.BooleanField(label=_("I am flexible in daytime"), required=False)

    def clean_postcode(self) -> str:
        value = str(self.cleaned_data["postcode"])
        if not POSTCODE.match(value):
            raise forms.ValidationError(
                _("Enter a Dutch postcode: four digits and two letters, like 3011 AB.")
            )
        return value

    def clean_phone(self) -> str:
        value = str(self.cleaned_data["phone"]).strip()
        if len(re.sub(r"\D", "", value)) < 9:
            raise forms.ValidationError(_("Enter a phone number we can reach you on."))
        return value


class BaseMemberFormSet(forms.BaseFormSet[MemberForm]):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed()]
        programme = Programme.current()
        if len(filled) < programme.group_min_members:
            raise forms.ValidationError(
                _("A group has at least %(min)s members."),
                params={"min": programme.group_min_members},
            )
        if len(filled) > programme.group_max_members:
            raise forms.ValidationError(
                _("A group has at most %(max)s members."),
                params={"max": programme.group_max_members},
            )
        emails = [str(f.cleaned_data["email"]).lower() for f in filled]
        if len(set(emails)) != len(emails):
            raise forms.ValidationError(_("Every member needs their own e-mail address."))


def member_formset_class() -> type[forms.BaseFormSet[MemberForm]]:
    programme = Programme.current()
    return forms.formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=programme.group_max_members,
        max_num=programme.group_max_members,
        absolute_max=programme.group_max_members,
        validate_max=True,
    )


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    override = forms.BooleanField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PipelineFilterForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    supports = forms.ChoiceField(label=_("Can support"), required=False)
    waiting = forms.IntegerField(
        label=_("In this stage for at least (days)"), required=False, min_value=0, max_value=3650
    )

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        city_field = self.fields["city"]
        assert isinstance(city_field, forms.ModelChoiceField)
        city_field.queryset = cities
        city_field.empty_label = str(_("All cities"))
        for name, choices in [
            ("kind", GroupKind.choices),
            ("stage", GroupStage.choices),
            ("language", Language.choices),
            ("supports", Vulnerability.choices),
        ]:
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + list(choices)


class OwnDetailsForm(forms.ModelForm[Member]):
    class Meta:
        model = Member
        fields = ["full_name", "phone", "street", "postcode", "town", "daytime_flexible"]

    clean_postcode = MemberForm.clean_postcode
    clean_phone = MemberForm.clean_phone


class LocationForm(forms.Form):
    latitude = forms.DecimalField(
        label=_("Latitude"), min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), min_value=-180, max_value=180, decimal_places=6
    )
