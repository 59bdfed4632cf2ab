"""The demo's matching: a round ready to run in Rotterdam, and the journeys of the matches the
cast already has (so the group member sees whom their group welcomes)."""

from datetime import timedelta

from django.utils import timezone

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.accounts.services import grant_role
from samenhier.demo import households as demo_households
from samenhier.demo.vetting import populate
from samenhier.groups.models import Group
from samenhier.groups.stages import GroupStage
from samenhier.journeys.models import Journey
from samenhier.network.models import City, GroupKind
from samenhier.newcomers.lifecycle import HouseholdStage, Track
from samenhier.newcomers.models import Household

# (name, languages, interests, sectors, supports, contact offer)
ROUND_GROUPS = [
    (
        "Oude Noorden Open Armen",
        ["nl", "en", "ar"],
        ["cooking", "football", "children"],
        ["healthcare", "education"],
        ["medical", "trauma", "single_parent"],
        2,
    ),
    (
        "Feijenoord Samen",
        ["nl", "ar", "tr"],
        ["gardening", "children", "music"],
        ["ict", "logistics"],
        ["medical", "single_parent"],
        1,
    ),
]
# (reference, size, name): ready for matching, beside the cast's RTM-006.
ROUND_HOUSEHOLDS = [("RTM-011", 3, "Nour Al-Hassan"), ("RTM-012", 2, "Mariam Saleh")]

# (household reference, group name, open): the matches the cast's stages imply.
JOURNEYS = [
    ("RTM-001", "Buren van Kralingen", True),
    ("RTM-007", "Blijdorp Verwelkomt", True),
    ("RTM-010", "Crooswijk Eerste Groep", False),
    ("DHG-001", "Welkom in Duinoord", True),
]


def matching_round(city: City, coordinator: User, contact: User, national: User) -> None:
    """Two more trained groups (the first with `contact` as its contact person) and two more
    households ready for matching; idempotent."""
    now = timezone.now()
    for offset, (name, languages, interests, sectors, supports, offer) in enumerate(ROUND_GROUPS):
        group, created = Group.objects.get_or_create(
            city=city,
            name=name,
            defaults={
                "kind": GroupKind.SPONSOR,
                "stage": GroupStage.TRAINED,
                "stage_changed_at": now - timedelta(days=3 + offset),
                # Newer than the cast's groups, so the cast keeps its own demo profiles.
                "created_at": now - timedelta(days=20 - offset),
            },
        )
        if created:
            populate(
                group,
                20 + offset,
                coordinator,
                contact if offset == 0 else None,
                profile=(languages, interests, sectors, supports, offer),
            )
        if offset == 0:
            grant_role(user=contact, role=Role.GROUP_MEMBER, group=group, granted_by=national)
    texts = demo_households.consent_texts()
    for offset, (reference, size, name) in enumerate(ROUND_HOUSEHOLDS):
        household, created = Household.objects.get_or_create(
            reference=reference,
            defaults={
                "track": Track.RESETTLEMENT,
                "city": city,
                "stage": HouseholdStage.READY,
                "size": size,
                "main_applicant_name": name,
                "stage_changed_at": now - timedelta(days=4 + offset),
                "referred_at": now - timedelta(days=90 + offset),
            },
        )
        if created:
            demo_households.populate(household, 10 + offset, coordinator, texts)


def journeys() -> None:
    for reference, group_name, is_open in JOURNEYS:
        household = Household.objects.filter(reference=reference).first()
        group = Group.objects.filter(name=group_name).first()
        if household is None or group is None or household.journeys.exists():
            continue
        Journey.objects.create(
            household=household,
            group=group,
            started_at=household.stage_changed_at,
            closed_at=None if is_open else household.stage_changed_at,
        )
