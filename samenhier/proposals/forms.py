from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samenhier.network.models import City
from samenhier.newcomers.lifecycle import Track

REASON_WIDGET = forms.Textarea(attrs={"rows": 2})


class RunScopeForm(forms.Form):
    """Which households the coordinator matches: a track, and a city or (nationally) all."""

    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.none(), required=False, empty_label=_("All cities")
    )

    def __init__(self, *args: Any, tracks: list[str], cities: QuerySet[City], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = dict(Track.choices)
        cast(forms.ChoiceField, self.fields["track"]).choices = [(t, choices[t]) for t in tracks]
        cast(forms.ModelChoiceField, self.fields["city"]).queryset = cities


class ManyChoicesField(forms.TypedMultipleChoiceField):
    """Checks the chosen values against a set: a national round offers thousands of choices,
    and Django's check walks every choice for every value chosen."""

    def validate(self, value: Any) -> None:
        choices = cast(list[tuple[Any, Any]], self.choices)
        self._valid = {str(key) for key, _label in choices}
        super().validate(value)

    def valid_value(self, value: Any) -> bool:
        return str(value) in self._valid


class SelectionForm(forms.Form):
    households = ManyChoicesField(
        label=_("Households"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    groups = ManyChoicesField(label=_("Groups"), coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(
        self,
        *args: Any,
        households: list[tuple[int, str]],
        groups: list[tuple[int, str]],
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["households"]).choices = households
        cast(forms.ChoiceField, self.fields["groups"]).choices = groups


class PairForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=REASON_WIDGET
    )


class SwapForm(forms.Form):
    first = forms.TypedChoiceField(label=_("First household"), coerce=int)
    second = forms.TypedChoiceField(label=_("Second household"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=REASON_WIDGET,
        # The view shows one message for the whole form: say which field is missing.
        error_messages={"required": _("Say why you swap these groups.")},
    )

    def __init__(self, *args: Any, households: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            cast(forms.ChoiceField, self.fields[name]).choices = households

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") is not None and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different households."))
        return data


class DecisionForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("yes", _("Accept")), ("no", _("Decline"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=REASON_WIDGET,
        help_text=_("Required when you decline."),
    )
    language = forms.CharField(
        label=_("Language of the conversation with the newcomer"),
        max_length=40,
        required=False,
        help_text=_("For example: ar, ti, fa, so"),
    )

    def __init__(self, *args: Any, party: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.party = party
        if party != "newcomer":
            del self.fields["language"]
        else:
            self.fields["language"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("accepted") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for declining."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=REASON_WIDGET)
