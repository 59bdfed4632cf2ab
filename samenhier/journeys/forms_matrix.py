"""The task matrix as a table of selects, one per domain and party."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samenhier.journeys import matrix
from samenhier.journeys.parties import MATRIX_PARTIES, Domain, MatrixRole, Party
from samenhier.web.forms import choice_field

ROLE_CHOICES = [("", _("No role")), *MatrixRole.choices]


def cell_name(domain: str, party: str) -> str:
    return f"cell_{domain}_{party}"


@dataclass
class FormRow:
    domain: Domain
    cells: list[tuple[Party, forms.BoundField]]
    errors: list[str] = field(default_factory=list)

    @property
    def error_id(self) -> str:
        return f"matrix-{self.domain.value}-error"


class MatrixForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("A short note for the others, for example “The group now supports housing”."),
    )

    def __init__(self, *args: Any, cells: matrix.Cells | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cells = cells or {}
        self.domain_errors: dict[str, list[str]] = {}
        for domain in Domain:
            for party in MATRIX_PARTIES:
                self.fields[cell_name(domain, party)] = forms.ChoiceField(
                    # Visually hidden: the table's headers show it, a screen reader says both.
                    label=format_lazy("{}: {}", domain.label, party.label),
                    choices=ROLE_CHOICES,
                    required=False,
                    initial=cells.get(domain.value, {}).get(party.value, ""),
                )
        # The note last, below the table.
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for domain in Domain:
            names = [cell_name(domain, party) for party in MATRIX_PARTIES]
            chosen = [n for n in names if data.get(n) == MatrixRole.RESPONSIBLE]
            if len(chosen) > 1:
                message = str(
                    _("Only one party can be responsible for %(domain)s.")
                    % {"domain": domain.label}
                )
                self.domain_errors[domain.value] = [message]
                for name in chosen:
                    self.fields[name].widget.attrs["aria-describedby"] = (
                        f"matrix-{domain.value}-error"
                    )
                    self.add_error(name, message)
        if self.domain_errors:
            self.add_error(None, _("Check the rows marked below."))
        return data

    def cells(self) -> matrix.Cells:
        data = self.cleaned_data
        return matrix.normalise(
            {
                domain.value: {
                    party.value: data.get(cell_name(domain, party), "") for party in MATRIX_PARTIES
                }
                for domain in Domain
            }
        )

    def rows(self) -> list[FormRow]:
        return [
            FormRow(
                domain,
                [(party, self[cell_name(domain, party)]) for party in MATRIX_PARTIES],
                self.domain_errors.get(domain.value, []),
            )
            for domain in Domain
        ]


class CompareForm(forms.Form):
    """Two versions to put side by side (of the matrix or of the plan)."""

    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ordered = sorted(numbers, reverse=True)
        for name in ("a", "b"):
            choice_field(self, name).choices = [(n, str(n)) for n in ordered]
        if len(ordered) > 1:  # the newest change first
            self.fields["a"].initial, self.fields["b"].initial = ordered[1], ordered[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("a") is not None and data.get("a") == data.get("b"):
            self.add_error("b", _("Choose two different versions."))
        return data
