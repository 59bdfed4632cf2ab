"""The demo's year: journeys with a history, so every role finds something on every page.

Loaded by `load_demo` only, not by the test cast: the tests start each journey empty and
build what they need. RTM-007 with Blijdorp Verwelkomt is left fresh (just matched) to walk
through by hand, as the browser test does.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from samenhier.accounts.roles import Role
from samenhier.groups.models import GroupKind
from samenhier.journeys import checklist, matrix, people
from samenhier.journeys.models import (
    Appointment,
    ContactEntry,
    ContactPerson,
    Journey,
    JourneyEvent,
    Meeting,
    PlanReview,
    PlanVersion,
    ResettlementPlan,
    Signal,
    TaskDivision,
)
from samenhier.journeys.parties import (
    Company,
    ContactKind,
    MeetingKind,
    Party,
    PlanSection,
    PlanStatus,
    SignalStatus,
    SignalTopic,
)
from samenhier.mail import people_in_city
from samenhier.newcomers.models import Household

PLAN = {
    PlanSection.RECEPTION: "We halen het gezin op van Schiphol met twee auto's en blijven de "
    "eerste avond om de woning te laten zien.",
    PlanSection.HOME: "De tussenwoning is ingericht met spullen uit de buurt; het gezin kiest "
    "zelf hoe ze de vaste woning inrichten.",
    PlanSection.FINANCES: "Tot de uitkering loopt, helpt de gemeente met een voorschot; wij "
    "leggen de brieven uit als het gezin dat wil.",
    PlanSection.LANGUAGE: "Elke donderdag taalcafé in de bibliotheek.",
    PlanSection.HEALTH: "Wij gaan mee naar de huisarts als het gezin dat vraagt.",
    PlanSection.WORK: "Eén van ons werkt in de zorg en kan later helpen met een stageplek.",
    PlanSection.SOCIAL: "Buurtbarbecue in de zomer; voetbal met de kinderen op zaterdag.",
    PlanSection.EQUALITY: "We vragen steeds wat het gezin zelf wil en nemen niets over wat ze "
    "zelf kunnen. Twee keer per jaar bespreken we samen hoe het gaat.",
}

# (reference, days since arrival, contacts per week early on, days from referral to arrival)
HISTORIES = [("RTM-001", 58, 3, 152), ("DHG-001", 40, 2, 118)]


def _staff(journey: Journey) -> None:
    people.appoint_defaults(journey)
    city = journey.household.city_id
    for party, role in (
        (Party.COMMUNITY_BUILDER, Role.COMMUNITY_BUILDER),
        (Party.SOCIAL_SUPPORT, Role.SOCIAL_SUPPORT_WORKER),
    ):
        person = people_in_city(role, city).first()
        if person is not None:
            ContactPerson.objects.get_or_create(
                journey=journey, party=party, defaults={"person": person}
            )


def _history(journey: Journey, days_since_arrival: int, per_week: int, waited: int) -> None:
    coordinator = people_in_city(Role.LOCAL_COORDINATOR, journey.household.city_id).first()
    members = [m.user for m in journey.group.members.current().filter(user__isnull=False)]
    now = timezone.now()
    arrival = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=days_since_arrival), time(14, 30))
    )
    TaskDivision.objects.create(
        journey=journey, number=1, cells=matrix.template_for(journey), created_by=coordinator
    )
    if journey.group.kind == GroupKind.SPONSOR:
        plan = ResettlementPlan.objects.create(
            journey=journey, status=PlanStatus.APPROVED, approved_at=arrival - timedelta(days=20)
        )
        version = PlanVersion.objects.create(
            plan=plan,
            number=1,
            sections={k.value: v for k, v in PLAN.items()},
            created_by=members[0] if members else None,
        )
        for status, by in (
            (PlanStatus.SUBMITTED, members[0] if members else None),
            (PlanStatus.APPROVED, coordinator),
        ):
            PlanReview.objects.create(plan=plan, plan_version=version, status=status, by=by)
    for kind in (MeetingKind.SOCIAL_SUPPORT, MeetingKind.BRIEFING):
        Meeting.objects.create(
            journey=journey,
            kind=kind,
            held_on=(arrival - timedelta(days=14)).date(),
            recorded_by=coordinator,
        )
    Journey.objects.filter(pk=journey.pk).update(
        ready_at=arrival - timedelta(days=10), ready_by=coordinator, arrival_at=arrival
    )
    # The cast refers its households recently; one that has arrived was referred well before.
    Household.objects.filter(pk=journey.household_id).update(
        referred_at=arrival - timedelta(days=waited)
    )
    journey.refresh_from_db()
    JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.READY, actor=coordinator)
    JourneyEvent.objects.create(
        journey=journey, kind=JourneyEvent.Kind.ARRIVAL_SET, actor=coordinator
    )
    checklist.generate(actor=coordinator, journey=journey, arrival_at=arrival)
    # Everything due more than three days ago is done, bar one: an overdue task to follow up.
    due = list(journey.tasks.filter(due_on__lt=timezone.localdate() - timedelta(days=3)))
    for task in due[:-1]:
        task.done_at = timezone.make_aware(datetime.combine(task.due_on, time(16, 0)))
        task.done_by = members[0] if members else coordinator
        if task.is_appointment:
            task.company = Company.YES
    journey.tasks.bulk_update(due[:-1], ["done_at", "done_by", "company"])
    JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.ARRIVED, actor=coordinator)
    kinds = list(ContactKind)
    entries = []
    for day in range(0, days_since_arrival, 7):
        weekly = per_week if day < 84 else 1
        for n in range(weekly if day < days_since_arrival - 14 else 0):
            entries.append(
                ContactEntry(
                    journey=journey,
                    occurred_on=arrival.date() + timedelta(days=day + n * 2),
                    kind=kinds[(day + n) % len(kinds)],
                    minutes=60,
                    note="",
                    recorded_by=members[n % len(members)] if members else None,
                )
            )
    ContactEntry.objects.bulk_create(entries)
    gp = Appointment.objects.create(
        journey=journey,
        title="Huisarts: kennismaking",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, minutes=30),
        place="Gezondheidscentrum, Oudedijk 12",
        company=Company.YES,
        created_by=members[0] if members else coordinator,
    )
    gp.attendees.set(members[:1])
    officer = journey.contact_persons.filter(party=Party.MUNICIPALITY).first()
    Signal.objects.create(
        journey=journey,
        topic=SignalTopic.LETTERS,
        description="Het gezin krijgt veel brieven van de Belastingdienst over toeslagen die "
        "ze niet begrijpen.",
        party=Party.MUNICIPALITY,
        routed_to=officer.person if officer else None,
        status=SignalStatus.IN_PROGRESS,
        raised_by=members[0] if members else None,
    )


@transaction.atomic
def populate() -> None:
    histories = {reference: plan for reference, *plan in HISTORIES}
    for journey in Journey.objects.open().select_related("household__city", "group"):
        _staff(journey)
        plan = histories.get(journey.household.reference)
        if plan is not None and not journey.divisions.exists():
            _history(journey, *plan)
