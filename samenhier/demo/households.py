"""Demo households with a family, a profile and the information and consent their stage implies."""

from datetime import date, timedelta

from django.utils import timezone

from samenhier.accounts.models import User
from samenhier.newcomers.lifecycle import PIPELINE, HouseholdStage
from samenhier.newcomers.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    FamilyMember,
    Household,
    InformationMeeting,
)

PROFILES = [
    (["ar", "en"], ["football", "cooking"], ["healthcare"], ["medical"]),
    (["ar"], ["children", "gardening"], ["education"], ["single_parent"]),
    (["ti", "en"], ["music", "cycling"], ["logistics"], []),
    (["fa"], ["arts", "reading"], ["ict"], ["trauma"]),
    (["so", "nl"], ["sports"], ["hospitality"], ["disability"]),
]
CONSENT_TEXTS = {
    "nl": "Ik doe mee aan Samen Hier. Ik weet dat ik op elk moment kan stoppen.",
    "ar": "أشارك في برنامج سامن هير. أعلم أنني أستطيع التوقف في أي وقت.",
    "ti": "ኣብ ሳመን ሂር ክሳተፍ እየ። ኣብ ዝኾነ ግዜ ከቋርጽ ከም ዝኽእል እፈልጥ።",
}


def consent_texts() -> dict[str, ConsentText]:
    return {
        language: ConsentText.objects.get_or_create(
            version=1, language=language, defaults={"body": body}
        )[0]
        for language, body in CONSENT_TEXTS.items()
    }


def _reached(household: Household, stage: HouseholdStage) -> bool:
    """Whether the household has passed `stage` on its way (stopped ones went to consent)."""
    if household.stage == HouseholdStage.STOPPED:
        return stage in (HouseholdStage.INFORMED, HouseholdStage.CONSENTED)
    current = HouseholdStage(household.stage)
    return current in PIPELINE and PIPELINE.index(current) >= PIPELINE.index(stage)


def populate(
    household: Household, index: int, coordinator: User, texts: dict[str, ConsentText]
) -> None:
    """Fill in what a household at its stage has; does nothing when already filled."""
    if household.family.exists():
        return
    languages, interests, goals, vulnerabilities = PROFILES[index % len(PROFILES)]
    household.languages, household.interests = languages, interests
    household.goal_sectors, household.vulnerabilities = goals, vulnerabilities
    household.phone = f"06-{20000000 + index:08d}"
    if household.track == "in_country":
        household.address = f"Laan van Meerdervoort {10 + index}, Den Haag"
    else:
        start = date.today() + timedelta(days=60 + 30 * index)
        household.arrival_from, household.arrival_until = start, start + timedelta(days=60)
    if vulnerabilities:
        household.vulnerability_details = "Regular check-ups; details discussed in the intake."
    household.save()
    year = date.today().year
    FamilyMember.objects.create(household=household, relation="main", birth_year=year - 38)
    for n in range(1, household.size):
        single = "single_parent" in vulnerabilities
        relation = "partner" if n == 1 and not single else "child"
        FamilyMember.objects.create(
            household=household, relation=relation, birth_year=year - (36 if n == 1 else 2 + 3 * n)
        )
    if _reached(household, HouseholdStage.INFORMED):
        InformationMeeting.objects.create(
            household=household,
            held_on=timezone.localdate() - timedelta(days=30),
            held_by=coordinator,
            language=languages[0],
            interpreter=languages[0] not in ("nl", "en"),
            material_version="2026-1",
        )
    if _reached(household, HouseholdStage.CONSENTED):
        text = texts.get(languages[0], texts["nl"])
        for purpose in (
            ConsentPurpose.PARTICIPATION,
            ConsentPurpose.SHARE_PROFILE,
            ConsentPurpose.SHARE_MUNICIPALITY,
        ):
            Consent.objects.create(
                household=household,
                purpose=purpose,
                text=text,
                method=Consent.Method.WRITTEN,
                witnessed_by=coordinator,
            )
