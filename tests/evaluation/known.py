"""A small world with figures worked out by hand, in the demo cast's two cities, in 2021
(the cast itself lives in the last two years, so the year filter keeps the two apart).

Rotterdam, groups registered in 2021 (G7 in 2022):
    G1 sponsor, active                         reached active          3 members (+1 who left)
    G2 sponsor, completed and offered again    reached completed       4 members
    G3 sponsor, withdrawn after training       reached trained         2 members
    G4 sponsor, registered                     reached registered
    G5 welcome, matched                        reached matched         2 members
    G6 sponsor, rejected during vetting        reached registered
    G7 sponsor, approved (2022)
Den Haag: D1 welcome, active (5 members); D2 welcome, intake.

Households referred in 2021 (R6 in 2022), journeys begun in 2021:
    R1 size 4, referred 10 Jan, consent, with G1, arrived 15 Apr        95 days
    R2 size 2, referred 1 Feb, consent, with G2, arrived 1 May, year completed 1 May 2022
                                                                        89 days
    R3 size 3, referred 1 Mar, consent, with G5 (welcome), not arrived
    R4 size 1, referred 1 Apr, consent given and withdrawn, no journey
    R5 size 5, referred 1 May, no consent
    R6 size 2, referred 5 Jan 2022
    D1 size 1, referred 15 Feb, consent, with D1, arrived 15 Jun, ended early 20 Sep
                                                                        120 days
    D2 size 3, referred 10 Mar, stopped, no consent

Contacts (month 1 begins on the day of arrival, month 2 on the same day a month later):
    R1 (15 Apr): 10 Apr (before), 15 Apr m1, 14 May m1, 15 May m2, 20 May m2,
                 14 Apr 2022 m12, 15 Apr 2022 (after the year)
    R2 (1 May):  1 May m1, 31 May m1, 1 Jun m2, 15 Jul m3
    R3 (no arrival): 1 Jul, not counted
    D1 (15 Jun, ended 20 Sep, so it reached month 4): 20 Jun m1, 14 Jul m1, 15 Jul m2, 16 Sep m4

Indicators (language, integration, work, network, wellbeing):
    R1 month 1: a0, not started, none, 2, 3        R1 month 3: a1, started, volunteering, 5, 4
    R2 month 1: a1, started, language school, 4, 4 R2 month 3: a2, started, language school, -, 5
    D1 month 1: a0, started, none, 6, -
Moments with someone still to answer: R1 month 1, R2 month 3, D1 month 1 (R1 month 3 all
answered; R2 month 1 asked no one).

Signals still open: R1 letters (open), finances (in progress); R1 housing closed and letters
answered do not count; R3 care (open); D1 discrimination twice (open).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Max

from samenhier.evaluation.models import (
    IndicatorRecord,
    Moment,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)
from samenhier.groups.models import Group, GroupEvent, Member
from samenhier.groups.stages import GroupStage
from samenhier.journeys.models import ContactEntry, Journey, JourneyEvent, Signal
from samenhier.journeys.parties import JourneyOutcome, Party, SignalStatus
from samenhier.newcomers.lifecycle import HouseholdStage, Track
from samenhier.newcomers.models import Consent, ConsentPurpose, ConsentText, Household

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
YEAR = 2021
# Names and references that must never appear in an export or on a dashboard.
PERSONAL = ("Known Applicant", "KNOWN-R1", "Known Member", "Bekende Groep")


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, 0, tzinfo=AMSTERDAM)


@dataclass
class World:
    rotterdam: int
    den_haag: int
    journeys: dict[str, Journey]


def _group(city: Any, name: str, kind: str, stage: str, year: int = YEAR) -> Group:
    return Group.objects.create(
        city=city,
        name=f"Bekende Groep {name}",
        kind=kind,
        stage=stage,
        created_at=at(year, 1, 2),
    )


def _event(group: Group, from_stage: str, to_stage: str) -> None:
    GroupEvent.objects.create(
        group=group,
        kind=GroupEvent.Kind.TRANSITION,
        from_stage=from_stage,
        to_stage=to_stage,
        at=at(YEAR, 6, 1),
    )


def _members(group: Group, count: int, *, left: int = 0) -> None:
    for n in range(count + left):
        Member.objects.create(
            group=group,
            full_name=f"Known Member {group.pk}-{n}",
            email=f"known{group.pk}-{n}@example.org",
            phone="0600000000",
            street="Straat 1",
            postcode="1234AB",
            town="Stad",
            left_at=at(YEAR, 3, 1) if n >= count else None,
        )


def _household(
    city: Any, ref: str, size: int, referred: dt.datetime, stage: str = HouseholdStage.REFERRED
) -> Household:
    return Household.objects.create(
        reference=f"KNOWN-{ref}",
        track=Track.RESETTLEMENT,
        city=city,
        stage=stage,
        size=size,
        main_applicant_name=f"Known Applicant {ref}",
        referred_at=referred,
    )


def _consent(household: Household, witness: Any, *, withdrawn: bool = False) -> None:
    text, _created = ConsentText.objects.get_or_create(
        version=1, language="nl", defaults={"body": "Toestemming"}
    )
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.PARTICIPATION,
        text=text,
        method=Consent.Method.WRITTEN,
        witnessed_by=witness,
        given_at=household.referred_at + dt.timedelta(days=7),
        withdrawn_at=household.referred_at + dt.timedelta(days=30) if withdrawn else None,
    )


def _journey(
    household: Household,
    group: Group,
    started: dt.datetime,
    arrival: dt.datetime | None = None,
    *,
    closed: dt.datetime | None = None,
    outcome: str = "",
) -> Journey:
    journey = Journey.objects.create(
        household=household,
        group=group,
        started_at=started,
        arrival_at=arrival,
        closed_at=closed,
        outcome=outcome,
    )
    if arrival is not None:
        JourneyEvent.objects.create(journey=journey, kind=JourneyEvent.Kind.ARRIVED, at=arrival)
    return journey


def _contacts(journey: Journey, *days: dt.date) -> None:
    ContactEntry.objects.bulk_create(
        ContactEntry(journey=journey, occurred_on=day, kind="visit") for day in days
    )


def _version() -> QuestionnaireVersion:
    questionnaire, _created = Questionnaire.objects.get_or_create(audience=Party.NEWCOMER)
    highest = questionnaire.versions.aggregate(n=Max("number"))["n"] or 0
    return QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=highest + 1, published_at=at(YEAR, 1, 1)
    )


def _moment(
    journey: Journey,
    months: int,
    indicators: tuple[str, str, str, int | None, int | None],
    *,
    answered: tuple[bool, ...] = (),
    version: QuestionnaireVersion,
) -> None:
    assert journey.arrival_at is not None
    moment = Moment.objects.create(
        journey=journey,
        months=months,
        due_on=journey.arrival_at.date() + dt.timedelta(days=30 * months),
    )
    for index, done in enumerate(answered):
        Response.objects.create(
            moment=moment,
            audience=Party.NEWCOMER if index == 0 else Party.GROUP,
            questionnaire=version,
            mode="interview",
            submitted_at=at(YEAR, 12, 1) if done else None,
        )
    language, integration, work, network, wellbeing = indicators
    IndicatorRecord.objects.create(
        moment=moment,
        language_level=language,
        integration=integration,
        work_study=work,
        network_size=network,
        wellbeing=wellbeing,
    )


def _signal(journey: Journey, topic: str, status: str) -> None:
    Signal.objects.create(
        journey=journey,
        topic=topic,
        description="Known signal",
        party=Party.MUNICIPALITY,
        status=status,
        raised_at=at(YEAR, 8, 1),
    )


def build(cast: Any) -> World:
    rotterdam, den_haag = cast.rotterdam.city, cast.den_haag.city
    witness = cast.rotterdam.local_coordinator
    # Groups.
    g1 = _group(rotterdam, "G1", "sponsor", GroupStage.ACTIVE)
    _members(g1, 3, left=1)
    g2 = _group(rotterdam, "G2", "sponsor", GroupStage.TRAINED)
    _event(g2, GroupStage.ACTIVE, GroupStage.COMPLETED)
    _event(g2, GroupStage.COMPLETED, GroupStage.TRAINED)
    _members(g2, 4)
    g3 = _group(rotterdam, "G3", "sponsor", GroupStage.WITHDRAWN)
    _event(g3, GroupStage.TRAINED, GroupStage.WITHDRAWN)
    _members(g3, 2)
    _group(rotterdam, "G4", "sponsor", GroupStage.REGISTERED)
    g5 = _group(rotterdam, "G5", "welcome", GroupStage.MATCHED)
    _members(g5, 2)
    g6 = _group(rotterdam, "G6", "sponsor", GroupStage.REJECTED)
    _event(g6, GroupStage.VETTING, GroupStage.REJECTED)
    _group(rotterdam, "G7", "sponsor", GroupStage.APPROVED, year=YEAR + 1)
    d1 = _group(den_haag, "D1", "welcome", GroupStage.ACTIVE)
    _members(d1, 5)
    _group(den_haag, "D2", "welcome", GroupStage.INTAKE)

    # Households and journeys.
    r1 = _household(rotterdam, "R1", 4, at(YEAR, 1, 10), HouseholdStage.ACTIVE)
    r2 = _household(rotterdam, "R2", 2, at(YEAR, 2, 1), HouseholdStage.COMPLETED)
    r3 = _household(rotterdam, "R3", 3, at(YEAR, 3, 1), HouseholdStage.MATCHED)
    r4 = _household(rotterdam, "R4", 1, at(YEAR, 4, 1), HouseholdStage.CONSENTED)
    _household(rotterdam, "R5", 5, at(YEAR, 5, 1))
    _household(rotterdam, "R6", 2, at(YEAR + 1, 1, 5))
    h_d1 = _household(den_haag, "D1", 1, at(YEAR, 2, 15), HouseholdStage.STOPPED)
    _household(den_haag, "D2", 3, at(YEAR, 3, 10), HouseholdStage.STOPPED)
    for household in (r1, r2, r3, h_d1):
        _consent(household, witness)
    _consent(r4, witness, withdrawn=True)

    j1 = _journey(r1, g1, at(YEAR, 3, 1), at(YEAR, 4, 15))
    j2 = _journey(
        r2,
        g2,
        at(YEAR, 3, 15),
        at(YEAR, 5, 1),
        closed=at(YEAR + 1, 5, 1),
        outcome=JourneyOutcome.COMPLETED,
    )
    j3 = _journey(r3, g5, at(YEAR, 6, 1))
    jd = _journey(
        h_d1, d1, at(YEAR, 4, 1), at(YEAR, 6, 15), closed=at(YEAR, 9, 20), outcome="ended"
    )

    day = dt.date
    _contacts(
        j1,
        day(YEAR, 4, 10),
        day(YEAR, 4, 15),
        day(YEAR, 5, 14),
        day(YEAR, 5, 15),
        day(YEAR, 5, 20),
        day(YEAR + 1, 4, 14),
        day(YEAR + 1, 4, 15),
    )
    _contacts(j2, day(YEAR, 5, 1), day(YEAR, 5, 31), day(YEAR, 6, 1), day(YEAR, 7, 15))
    _contacts(j3, day(YEAR, 7, 1))
    _contacts(jd, day(YEAR, 6, 20), day(YEAR, 7, 14), day(YEAR, 7, 15), day(YEAR, 9, 16))

    version = _version()
    _moment(j1, 1, ("a0", "not_started", "none", 2, 3), answered=(True, False), version=version)
    _moment(j1, 3, ("a1", "started", "volunteering", 5, 4), answered=(True,), version=version)
    _moment(j2, 1, ("a1", "started", "language_school", 4, 4), version=version)
    _moment(
        j2, 3, ("a2", "started", "language_school", None, 5), answered=(False,), version=version
    )
    _moment(jd, 1, ("a0", "started", "none", 6, None), answered=(False,), version=version)

    _signal(j1, "letters", SignalStatus.OPEN)
    _signal(j1, "finances", SignalStatus.IN_PROGRESS)
    _signal(j1, "housing", SignalStatus.CLOSED)
    _signal(j1, "letters", SignalStatus.ANSWERED)
    _signal(j3, "care", SignalStatus.OPEN)
    _signal(jd, "discrimination", SignalStatus.OPEN)
    _signal(jd, "discrimination", SignalStatus.OPEN)
    return World(
        rotterdam=rotterdam.pk,
        den_haag=den_haag.pk,
        journeys={"R1": j1, "R2": j2, "R3": j3, "D1": jd},
    )


def more_journeys(cast: Any, count: int, *, year: int = YEAR) -> None:
    """More arrived Rotterdam journeys with a contact, a moment and a signal each, for tests
    that the number of queries does not grow with the rows."""
    group = Group.objects.create(
        city=cast.rotterdam.city,
        name=f"Bekende Groep extra {Group.objects.count()}",
        kind="sponsor",
        stage=GroupStage.ACTIVE,
        created_at=at(year, 1, 2),
    )
    version = _version()
    start = Household.objects.count()
    for n in range(count):
        household = _household(
            cast.rotterdam.city, f"X{start + n}", 2, at(year, 2, 1), HouseholdStage.ACTIVE
        )
        journey = _journey(household, group, at(year, 3, 1), at(year, 4, 1))
        _contacts(journey, dt.date(year, 4, 2), dt.date(year, 6, 2))
        _moment(journey, 1, ("a1", "started", "none", 3, 3), answered=(False,), version=version)
        _signal(journey, "letters", SignalStatus.OPEN)
