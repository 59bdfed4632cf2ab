from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenhier.learning.models import Module, TrainingSession


class SessionForm(forms.ModelForm[TrainingSession]):
    class Meta:
        model = TrainingSession
        fields = [
            "module",
            "city",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "capacity",
            "trainer",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args: Any, cities: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = self.fields["city"]
        assert isinstance(city, forms.ModelChoiceField)
        city.queryset = cities
        module = self.fields["module"]
        assert isinstance(module, forms.ModelChoiceField)
        module.queryset = Module.objects.filter(active=True)
        trainer = self.fields["trainer"]
        assert isinstance(trainer, forms.ModelChoiceField)
        trainer.queryset = trainers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", _("Give a place, an online link, or both."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session ends after it starts."))
        return data


class ModuleForm(forms.ModelForm[Module]):
    class Meta:
        model = Module
        fields = ["kind", "name", "description", "required", "hours", "active"]
