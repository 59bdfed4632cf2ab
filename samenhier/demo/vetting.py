"""Demo groups with members, profiles and vetting records that fit the stage they are in."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from samenhier.accounts.models import User
from samenhier.groups.models import (
    ConductCertificate,
    DeclarationText,
    Group,
    Intake,
    Member,
    Signature,
)
from samenhier.groups.stages import GroupStage
from samenhier.learning.models import Module, Registration, TrainingSession

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Floor",
    "Gijs",
    "Hanna",
    "Imane",
    "Jeroen",
]
LAST_NAMES = [
    "de Boer",
    "Kok",
    "Bos",
    "Smits",
    "Aydin",
    "Hendriks",
    "Dekker",
    "Maas",
    "Bouali",
    "Vos",
]
PROFILES = [
    (["nl", "en", "ar"], ["cooking", "football"], ["ict", "education"], ["medical"], 2),
    (["nl", "en"], ["music", "cycling"], ["healthcare"], ["trauma", "single_parent"], 1),
    (["nl", "en", "fr"], ["nature", "children"], ["construction", "logistics"], [], 1),
    (["nl", "ti", "en"], ["sports", "games"], ["hospitality", "retail"], ["large_family"], 3),
    (["nl", "en", "tr"], ["arts", "reading"], ["government", "legal"], ["disability"], 0),
]
STAGE_ORDER = [
    GroupStage.REGISTERED,
    GroupStage.INTAKE,
    GroupStage.VETTING,
    GroupStage.APPROVED,
    GroupStage.TRAINED,
    GroupStage.MATCHED,
    GroupStage.ACTIVE,
    GroupStage.COMPLETED,
]


def reached(group: Group, stage: GroupStage) -> bool:
    return STAGE_ORDER.index(GroupStage(group.stage)) >= STAGE_ORDER.index(stage)


def curriculum() -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for kind, name, required, hours in [
        (Module.Kind.START, "Starttraining", True, Decimal("3.0")),
        (Module.Kind.INTERCULTURAL, "Interculturele sensitiviteit", False, Decimal("2.5")),
        (Module.Kind.ELEARNING, "E-learning: impact met je netwerk", False, Decimal("1.5")),
        (Module.Kind.TRAUMA, "Traumasensitief werken", False, Decimal("2.0")),
    ]:
        modules[kind], _ = Module.objects.get_or_create(
            kind=kind, defaults={"name": name, "required": required, "hours": hours}
        )
    return modules


def declarations() -> DeclarationText:
    texts = {
        "nl": (
            "Deelnemersverklaring",
            "Ik doe vrijwillig mee als groepslid, ga vertrouwelijk om met wat ik hoor, "
            "respecteer de eigen keuzes van de nieuwkomer en meld zorgen bij de coördinator.",
        ),
        "en": (
            "Participant declaration",
            "I take part voluntarily as a group member, keep what I hear confidential, "
            "respect the newcomer's own choices and report concerns to the coordinator.",
        ),
        "ar": (
            "إقرار المشارك",
            "أشارك طوعًا كعضو في المجموعة، وأحافظ على سرية ما أسمعه، "
            "وأحترم اختيارات القادم الجديد، وأبلغ المنسق بأي مخاوف.",
        ),
    }
    first = None
    for language, (title, body) in texts.items():
        text, _ = DeclarationText.objects.get_or_create(
            version=1, language=language, defaults={"title": title, "body": body}
        )
        first = first or text
    assert first is not None
    return first


Profile = tuple[list[str], list[str], list[str], list[str], int]


def populate(
    group: Group,
    index: int,
    coordinator: User,
    extra_member: User | None = None,
    profile: Profile | None = None,
) -> None:
    """Members, profile (`profile`, or one of PROFILES by `index`) and vetting records."""
    if group.members.exists():
        return
    languages, interests, sectors, supports, offer = profile or PROFILES[index % len(PROFILES)]
    Group.objects.filter(pk=group.pk).update(
        languages=languages,
        interests=interests,
        network_sectors=sectors,
        supports=supports,
        contact_offer=offer,
        daytime_flexible=index % 3 != 2,
        time_available="Avonden en weekenden; twee leden ook overdag.",
        motivation="We willen iemand echt thuis laten voelen in onze buurt.",
        registration_complete_at=None if group.stage == GroupStage.REGISTERED else group.created_at,
    )
    group.refresh_from_db()
    city = group.city
    base_lat, base_lon = (51.924, 4.478) if city.slug == "rotterdam" else (52.078, 4.300)
    size = 5 if index % 2 == 0 else 4
    now = timezone.now()
    for n in range(size):
        person = extra_member if (n == 0 and extra_member) else None
        name = (
            person.full_name
            if person
            else f"{FIRST_NAMES[(index + n) % 10]} {LAST_NAMES[(index * 3 + n) % 10]}"
        )
        email = person.email if person else f"{city.slug}.{group.pk}.{n}@example.org"
        confirmed = group.stage != GroupStage.REGISTERED or n < size - 2
        member = Member.objects.create(
            group=group,
            user=person,
            full_name=name,
            email=email,
            phone=f"06 1234 {5600 + index * 10 + n}",
            street=f"Voorbeeldstraat {index * 10 + n + 1}",
            postcode="3011 AB" if city.slug == "rotterdam" else "2511 AB",
            town=city.name,
            latitude=Decimal(str(round(base_lat + 0.004 * ((index + n) % 5), 3))),
            longitude=Decimal(str(round(base_lon + 0.005 * ((index * 2 + n) % 5), 3))),
            location_source="demo",
            is_contact=n == 0,
            daytime_flexible=n % 2 == 0,
            confirmed_at=now - timedelta(days=60) if confirmed else None,
        )
        _vet(group, member, coordinator)


def _vet(group: Group, member: Member, coordinator: User) -> None:
    if reached(group, GroupStage.INTAKE) and not group.intakes.exists():
        done = reached(group, GroupStage.VETTING)
        Intake.objects.create(
            group=group,
            scheduled_at=group.stage_changed_at - timedelta(days=3)
            if done
            else timezone.now() + timedelta(days=4),
            interviewer=coordinator,
            outcome=Intake.Outcome.POSITIVE if done else "",
            notes="Enthousiaste groep; één lid is overdag beschikbaar." if done else "",
            completed_at=group.stage_changed_at - timedelta(days=3) if done else None,
        )
    if reached(group, GroupStage.VETTING):
        text = declarations()
        if reached(group, GroupStage.APPROVED) or member.is_contact:
            Signature.objects.get_or_create(member=member, text=text)
        received = reached(group, GroupStage.APPROVED) or member.is_contact
        ConductCertificate.objects.create(
            member=member,
            status=ConductCertificate.Status.RECEIVED
            if received
            else ConductCertificate.Status.REQUESTED,
            requested_on=date.today() - timedelta(days=40),
            issued_on=date.today() - timedelta(days=20) if received else None,
            verified_by=coordinator if received else None,
        )
    if reached(group, GroupStage.TRAINED):
        start = curriculum()[Module.Kind.START]
        session, _ = TrainingSession.objects.get_or_create(
            module=start,
            city=group.city,
            starts_at=timezone.now().replace(hour=19, minute=0, second=0, microsecond=0)
            - timedelta(days=30),
            defaults={
                "ends_at": timezone.now().replace(hour=22, minute=0, second=0, microsecond=0)
                - timedelta(days=30),
                "place": f"Buurthuis {group.city.name}",
                "capacity": 30,
                "trainer": coordinator,
            },
        )
        Registration.objects.get_or_create(
            session=session,
            member=member,
            defaults={"attended": True, "hours": start.hours, "recorded_by": coordinator},
        )
