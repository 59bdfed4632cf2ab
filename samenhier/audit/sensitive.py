"""The one list of sensitive fields, with why we hold them.

Plain data, no Django imports: settings read it too. Exports, logs and error reports leave
these fields out unless the reader may see them; the change log never stores their values.
`docs/privacy.md` is the readable register; tests keep the two in step with the models.
"""

from typing import NamedTuple


class SensitiveField(NamedTuple):
    model: str  # "app_label.ModelName"
    field: str
    category: str  # "special" (GDPR art. 9), "identity", "contact", "conduct"
    legal_basis: str


SENSITIVE_FIELDS: tuple[SensitiveField, ...] = (
    SensitiveField(
        "accounts.User", "phone", "contact", "art. 6(1)(e) public task: reaching participants"
    ),
    SensitiveField(
        "newcomers.Household", "main_applicant_name", "identity", "art. 6(1)(e) public task"
    ),
    SensitiveField(
        "newcomers.Household", "vulnerability_details", "special", "art. 9(2)(a) explicit consent"
    ),
)

# Field names whose values the change log never records, whatever model they are on.
AUDIT_EXCLUDED_FIELD_NAMES: tuple[str, ...] = tuple(
    sorted({"password", "last_login", *(f.field for f in SENSITIVE_FIELDS)})
)


def is_sensitive(model_label: str, field_name: str) -> bool:
    return any(
        f.model.lower() == model_label.lower() and f.field == field_name for f in SENSITIVE_FIELDS
    )
