"""The demo cast: one person for every role in two cities, with groups and households spread
over the stages. The same cast is the test fixture (tests/conftest.py), so a failing test
reads like a story you can replay in the demo.

Loading is idempotent: running it again finds what is there and adds what is missing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.accounts.services import grant_role
from samenhier.demo import households as demo_households
from samenhier.demo import matching as demo_matching
from samenhier.demo.vetting import curriculum, declarations, populate
from samenhier.evaluation.defaults import seed_defaults
from samenhier.groups.models import Group
from samenhier.groups.stages import GroupStage
from samenhier.network.models import City, GroupKind, Organisation
from samenhier.newcomers.lifecycle import HouseholdStage, Track
from samenhier.newcomers.models import Household

DEMO_PASSWORD = "samenhier-demo"


@dataclass
class CityCast:
    city: City
    local_coordinator: User
    municipality_officer: User
    community_builder: User
    social_support_worker: User
    reception_officer: User
    group_member: User
    newcomer: User
    group: Group  # the group the group member belongs to
    household: Household  # the newcomer's own household
    groups: dict[str, Group] = field(default_factory=dict)  # by stage
    households: dict[str, Household] = field(default_factory=dict)  # by stage


@dataclass
class Cast:
    national_coordinator: User
    rotterdam: CityCast
    den_haag: CityCast
    # Contact person of a Rotterdam group that is ready to be matched (demo/matching.py).
    group_contact: User

    def people(self) -> list[tuple[str, str, User]]:
        """(city, role, person) for every demo login, in a stable order."""
        rows: list[tuple[str, str, User]] = [
            ("", Role.NATIONAL_COORDINATOR, self.national_coordinator)
        ]
        for city in (self.rotterdam, self.den_haag):
            for role in (
                Role.LOCAL_COORDINATOR,
                Role.MUNICIPALITY_OFFICER,
                Role.COMMUNITY_BUILDER,
                Role.SOCIAL_SUPPORT_WORKER,
                Role.RECEPTION_OFFICER,
                Role.GROUP_MEMBER,
                Role.NEWCOMER,
            ):
                rows.append((city.city.name, role, getattr(city, role.value)))
        return rows


def _person(email: str, name: str, language: str = "nl", phone: str = "") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=name, preferred_language=language, phone=phone
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _organisation(name: str, kind: str, city: City | None = None, email: str = "") -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        name=name, city=city, defaults={"kind": kind, "email": email}
    )
    return org


# (name, stage) for the groups of each city; the member's own group comes first.
ROTTERDAM_GROUPS = [
    ("Buren van Kralingen", GroupStage.ACTIVE),
    ("Vrienden van Delfshaven", GroupStage.REGISTERED),
    ("Collega's Zuidplein", GroupStage.INTAKE),
    ("Hillegersberg Helpt", GroupStage.VETTING),
    ("Familie Noord", GroupStage.APPROVED),
    ("Kop van Zuid Samen", GroupStage.TRAINED),
    ("Blijdorp Verwelkomt", GroupStage.MATCHED),
    ("Crooswijk Eerste Groep", GroupStage.COMPLETED),
]
DEN_HAAG_GROUPS = [
    ("Welkom in Duinoord", GroupStage.ACTIVE),
    ("Scheveningen Samen", GroupStage.REGISTERED),
    ("Laak Verbindt", GroupStage.INTAKE),
    ("Bezuidenhout Buren", GroupStage.VETTING),
    ("Statenkwartier Welkom", GroupStage.TRAINED),
]
# (reference, stage, size, name) per city; the newcomer's own household comes first.
ROTTERDAM_HOUSEHOLDS = [
    ("RTM-001", HouseholdStage.ACTIVE, 4, "Yusuf Al-Sayed"),
    ("RTM-002", HouseholdStage.REFERRED, 5, "Amina Mohammed"),
    ("RTM-003", HouseholdStage.INFORMED, 2, "Hassan Ibrahim"),
    ("RTM-004", HouseholdStage.CONSENTED, 3, "Layla Darwish"),
    ("RTM-005", HouseholdStage.INTAKE, 6, "Omar Khalil"),
    ("RTM-006", HouseholdStage.READY, 1, "Fatima Noor"),
    ("RTM-007", HouseholdStage.MATCHED, 4, "Khaled Mansour"),
    ("RTM-008", HouseholdStage.PRE_DEPARTURE, 3, "Rania Haddad"),
    ("RTM-009", HouseholdStage.ARRIVED, 2, "Mahmoud Aziz"),
    ("RTM-010", HouseholdStage.COMPLETED, 5, "Samir Youssef"),
]
DEN_HAAG_HOUSEHOLDS = [
    ("DHG-001", HouseholdStage.ACTIVE, 1, "Tesfay Gebremedhin"),
    ("DHG-002", HouseholdStage.REFERRED, 3, "Huda Ahmadi"),
    ("DHG-003", HouseholdStage.CONSENTED, 2, "Mulu Tesfaye"),
    ("DHG-004", HouseholdStage.READY, 1, "Nasrin Karimi"),
    ("DHG-005", HouseholdStage.STOPPED, 4, "Abdi Warsame"),
]


def _groups(city: City, kind: str, rows: list[tuple[str, GroupStage]]) -> dict[str, Group]:
    now = timezone.now()
    found: dict[str, Group] = {}
    for index, (name, stage) in enumerate(rows):
        group, _ = Group.objects.get_or_create(
            city=city,
            name=name,
            defaults={
                "kind": kind,
                "stage": stage,
                "stage_changed_at": now - timedelta(days=7 * (index + 1)),
                "created_at": now - timedelta(days=30 * (index + 2)),
            },
        )
        found.setdefault(group.stage, group)
    return found


def _households(
    city: City, track: str, rows: list[tuple[str, HouseholdStage, int, str]]
) -> dict[str, Household]:
    now = timezone.now()
    found: dict[str, Household] = {}
    for index, (reference, stage, size, name) in enumerate(rows):
        household = Household.objects.filter(reference=reference).first()
        if household is None:
            household = Household.objects.create(
                reference=reference,
                track=track,
                city=city,
                stage=stage,
                size=size,
                main_applicant_name=name,
                stage_changed_at=now - timedelta(days=5 * (index + 1)),
                referred_at=now - timedelta(days=40 * (index + 1)),
            )
        found.setdefault(household.stage, household)
    return found


def _city_cast(
    *,
    national: User,
    name: str,
    slug: str,
    kind: str,
    partner_name: str,
    people: dict[str, tuple[str, str, str]],
    group_rows: list[tuple[str, GroupStage]],
    household_rows: list[tuple[str, HouseholdStage, int, str]],
) -> CityCast:
    city, _ = City.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "runs_sponsor_groups": kind == GroupKind.SPONSOR,
            "runs_welcome_groups": kind == GroupKind.WELCOME,
            "joined_on": date(2019, 9, 1),
        },
    )
    municipality = _organisation(f"Gemeente {name}", Organisation.Kind.MUNICIPALITY, city)
    partner = _organisation(partner_name, Organisation.Kind.LOCAL_PARTNER, city)
    _organisation(f"VluchtelingenWerk {name}", Organisation.Kind.SOCIAL_SUPPORT, city)
    users = {role: _person(email, full, lang) for role, (email, full, lang) in people.items()}
    groups = _groups(city, kind, group_rows)
    track = Track.RESETTLEMENT if kind == GroupKind.SPONSOR else Track.IN_COUNTRY
    households = _households(city, track, household_rows)
    own_group = Group.objects.get(city=city, name=group_rows[0][0])
    own_household = Household.objects.get(reference=household_rows[0][0])
    for role, user in users.items():
        scope: dict[str, object] = {"city": city}
        if role == Role.GROUP_MEMBER:
            scope = {"group": own_group}
        elif role == Role.NEWCOMER:
            scope = {"household": own_household}
        grant_role(user=user, role=role, granted_by=national, **scope)
    curriculum()
    declarations()
    for index, group in enumerate(Group.objects.filter(city=city).order_by("created_at", "pk")):
        member_account = users[Role.GROUP_MEMBER] if group == own_group else None
        populate(group, index, users[Role.LOCAL_COORDINATOR], member_account)
    texts = demo_households.consent_texts()
    for index, household in enumerate(Household.objects.filter(city=city).order_by("reference")):
        demo_households.populate(household, index, users[Role.LOCAL_COORDINATOR], texts)
    if city.municipality_id is None or city.local_partner_id is None:
        city.municipality = municipality
        city.local_partner = partner
        city.local_contact = users[Role.LOCAL_COORDINATOR]
        city.municipality_contact = users[Role.MUNICIPALITY_OFFICER]
        city.save()
    return CityCast(
        city=city,
        group=own_group,
        household=own_household,
        groups=groups,
        households=households,
        **{str(role): user for role, user in users.items()},
    )


@transaction.atomic
def _checklist_template() -> None:
    """The national arrival checklist as its data migration seeds it: a database that was
    flushed (the browser tests do) has lost it, as it lost the cast. Never overwrites."""
    from django.apps import apps

    import_module("samenhier.journeys.migrations.0004_checklist_template").seed(apps, None)


def load_cast() -> Cast:
    _checklist_template()
    seed_defaults()  # the questionnaires, which a flushed database has lost too
    _organisation("Justice & Peace Nederland", Organisation.Kind.NATIONAL)
    _organisation("COA", Organisation.Kind.RECEPTION)
    national = _person("noor@example.org", "Noor de Vries")
    grant_role(user=national, role=Role.NATIONAL_COORDINATOR)
    rotterdam = _city_cast(
        national=national,
        name="Rotterdam",
        slug="rotterdam",
        kind=GroupKind.SPONSOR,
        partner_name="Rotterdam Verwelkomt Vluchtelingen",
        people={
            Role.LOCAL_COORDINATOR: ("lotte@example.org", "Lotte Bakker", "nl"),
            Role.MUNICIPALITY_OFFICER: ("mehmet@example.org", "Mehmet Yilmaz", "nl"),
            Role.COMMUNITY_BUILDER: ("samira@example.org", "Samira Haddad", "ar"),
            Role.SOCIAL_SUPPORT_WORKER: ("joost@example.org", "Joost Visser", "nl"),
            Role.RECEPTION_OFFICER: ("ingrid@example.org", "Ingrid Mulder", "nl"),
            Role.GROUP_MEMBER: ("pieter@example.org", "Pieter Jansen", "nl"),
            Role.NEWCOMER: ("yusuf@example.org", "Yusuf Al-Sayed", "ar"),
        },
        group_rows=ROTTERDAM_GROUPS,
        household_rows=ROTTERDAM_HOUSEHOLDS,
    )
    den_haag = _city_cast(
        national=national,
        name="Den Haag",
        slug="den-haag",
        kind=GroupKind.WELCOME,
        partner_name="Haags Welkom",
        people={
            Role.LOCAL_COORDINATOR: ("fleur@example.org", "Fleur van Dijk", "nl"),
            Role.MUNICIPALITY_OFFICER: ("ruben@example.org", "Ruben de Graaf", "nl"),
            Role.COMMUNITY_BUILDER: ("dawit@example.org", "Dawit Kidane", "en"),
            Role.SOCIAL_SUPPORT_WORKER: ("eva@example.org", "Eva Smit", "nl"),
            Role.RECEPTION_OFFICER: ("kees@example.org", "Kees Vermeulen", "nl"),
            Role.GROUP_MEMBER: ("anouk@example.org", "Anouk Peters", "en"),
            Role.NEWCOMER: ("tesfay@example.org", "Tesfay Gebremedhin", "en"),
        },
        group_rows=DEN_HAAG_GROUPS,
        household_rows=DEN_HAAG_HOUSEHOLDS,
    )
    contact = _person("femke@example.org", "Femke Hoekstra")
    demo_matching.matching_round(rotterdam.city, rotterdam.local_coordinator, contact, national)
    demo_matching.journeys()
    return Cast(
        national_coordinator=national,
        rotterdam=rotterdam,
        den_haag=den_haag,
        group_contact=contact,
    )


def enrol_mfa(user: User) -> None:
    """Give a staff member a TOTP authenticator, as if they had enrolled (tests use this)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}},
    )
