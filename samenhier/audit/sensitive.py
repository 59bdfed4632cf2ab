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
    SensitiveField("groups.Intake", "notes", "conduct", "art. 6(1)(e) public task"),
    SensitiveField(
        "newcomers.Household", "main_applicant_name", "identity", "art. 6(1)(e) public task"
    ),
    SensitiveField("newcomers.Household", "phone", "contact", "art. 6(1)(e) public task"),
    SensitiveField("newcomers.Household", "email", "contact", "art. 6(1)(e) public task"),
    SensitiveField("newcomers.Household", "address", "contact", "art. 6(1)(e) public task"),
    SensitiveField(
        "newcomers.Household", "vulnerabilities", "special", "art. 9(2)(a) explicit consent"
    ),
    SensitiveField(
        "newcomers.Household", "vulnerability_details", "special", "art. 9(2)(a) explicit consent"
    ),
    SensitiveField("newcomers.FamilyMember", "name", "identity", "art. 6(1)(e) public task"),
    # Matching profiles by key, vulnerability categories among them.
    SensitiveField("proposals.MatchingRun", "instance", "special", "art. 9(2)(a) explicit consent"),
    SensitiveField("proposals.MatchingRun", "result", "special", "art. 9(2)(a) explicit consent"),
    SensitiveField("newcomers.FamilyMember", "gender", "identity", "art. 6(1)(a) consent"),
    # The year: free texts about a newcomer's life, which may touch health, faith or money.
    SensitiveField("journeys.PlanVersion", "sections", "special", "art. 9(2)(a) explicit consent"),
    SensitiveField("journeys.PlanReview", "comment", "special", "art. 9(2)(a) explicit consent"),
    SensitiveField("journeys.ContactEntry", "note", "special", "art. 9(2)(a) explicit consent"),
    SensitiveField("journeys.Signal", "description", "special", "art. 9(2)(a) explicit consent"),
    SensitiveField("journeys.Signal", "answer", "special", "art. 9(2)(a) explicit consent"),
    SensitiveField("evaluation.Answer", "text", "special", "art. 9(2)(a) explicit consent"),
)

# What the change log never records: these fields on every model, and each model's own
# sensitive fields (as auditlog's per-model settings).
AUDIT_EXCLUDED_FIELD_NAMES: tuple[str, ...] = ("last_login", "password")


def audit_model_settings() -> tuple[dict[str, object], ...]:
    models = sorted({f.model for f in SENSITIVE_FIELDS})
    return tuple(
        {
            "model": model.lower(),
            "exclude_fields": sorted(f.field for f in SENSITIVE_FIELDS if f.model == model),
        }
        for model in models
    )


def is_sensitive(model_label: str, field_name: str) -> bool:
    return any(
        f.model.lower() == model_label.lower() and f.field == field_name for f in SENSITIVE_FIELDS
    )
