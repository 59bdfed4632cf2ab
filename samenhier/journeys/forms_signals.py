from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samenhier.journeys import signalling
from samenhier.journeys.models import Signal
from samenhier.journeys.parties import SignalStatus, SignalTopic
from samenhier.network.forms import VersionedForm
from samenhier.network.models import City
from samenhier.web.forms import choice_field, model_choice_field


class RaiseSignalForm(forms.ModelForm):
    class Meta:
        model = Signal
        fields = ["topic", "description"]
        widgets = {"topic": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "topic").choices = SignalTopic.choices
        description = self.fields["description"]
        description.validators.append(MaxLengthValidator(signalling.MAX_TEXT))
        description.widget.attrs["maxlength"] = str(signalling.MAX_TEXT)
        description.help_text = _(
            "Describe the problem so that the responsible party can act on it. Leave out "
            "health details and other private matters that are not needed for that."
        )


class FollowUpForm(VersionedForm):
    class Meta:
        model = Signal
        fields = ["status", "answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = signalling.allowed_statuses(self.instance)
        choice_field(self, "status").choices = [(s.value, s.label) for s in allowed]
        if self.instance.status == SignalStatus.OPEN:
            self.fields["status"].initial = SignalStatus.IN_PROGRESS
        answer = self.fields["answer"]
        answer.validators.append(MaxLengthValidator(signalling.MAX_TEXT))
        answer.widget.attrs["maxlength"] = str(signalling.MAX_TEXT)
        answer.help_text = _("The group reads this answer; it is needed to mark it answered.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == SignalStatus.ANSWERED and not data.get("answer"):
            self.add_error("answer", _("Write the answer the group will read."))
        return data


class SignalFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("All")
    )

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "topic").choices = [("", _("All")), *SignalTopic.choices]
        choice_field(self, "status").choices = [("", _("All")), *SignalStatus.choices]
        model_choice_field(self, "city").queryset = cities
