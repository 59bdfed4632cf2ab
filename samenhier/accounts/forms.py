from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from samenhier.accounts import policies
from samenhier.accounts.models import User
from samenhier.accounts.roles import ALLOWED_SCOPES, Role, Scope
from samenhier.network.models import City
from samenhier.network.policies import cities_visible_to
from samenhier.web.forms import choice_field, model_choice_field


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))
    city: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.none(),
        required=False,
        help_text=_("Every role but national coordinator works in one city."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        allowed = policies.invitable_roles(actor)
        choice_field(self, "role").choices = [(v, n) for v, n in Role.choices if v in allowed]
        model_choice_field(self, "city").queryset = cities_visible_to(actor)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, city = data.get("role"), data.get("city")
        if not role:
            return data
        if Scope.NETWORK not in ALLOWED_SCOPES[role] and city is None:
            self.add_error("city", _("Choose the city this role works in."))
        elif not policies.can_invite(self.actor, role, city.pk if city else None):
            self.add_error("city", _("You cannot invite this role for this city."))
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                validate_password(p1, User(email=self.email, full_name=data.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language"]


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    city: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("revoked", _("Ended")), ("all", _("All"))],
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "role").choices = [("", _("All roles")), *Role.choices]
        city = model_choice_field(self, "city")
        city.queryset = cities_visible_to(actor)
        city.empty_label = _("All cities")
