"""Benchmark of the national dashboard with a network of 5,000 journeys.

    uv run python bench/pages.py                  # 5,000 journeys, 7 renderings
    uv run python bench/pages.py --journeys 500   # a quick look
    uv run python bench/pages.py --repeat 15

It builds a throwaway SQLite database in a temporary directory (migrations, the demo cast),
adds ten cities with groups, members, households, consents, journeys with their arrival,
about fifty contacts each, evaluation moments with answers and indicators, and signals, all
with bulk inserts; then renders /evaluation/ through Django's test client as the national
coordinator and prints the median and fastest time and the number of queries. The target is
under one second.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CITIES = [
    "Amsterdam",
    "Utrecht",
    "Almere",
    "Haarlem",
    "Groningen",
    "Eindhoven",
    "Tilburg",
    "Zwolle",
]
TARGET_SECONDS = 1.0


def _setup(directory: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    # The chart cache too: the measurements clear it, and a warm one from an earlier run
    # would leave matplotlib's first drawing (fonts loaded, a second or two) to a measured one.
    os.environ["SAMENHIER_VAR_DIR"] = directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenhier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host and the locmem mail backend
    call_command("migrate", verbosity=0)


def _moment(rng: random.Random, start: date, end: date) -> datetime:
    day = start + timedelta(days=rng.randrange((end - start).days))
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=AMSTERDAM)


def build(journeys: int, seed: int = 8) -> dict[str, int]:
    """The network: returns how many rows of each kind it made."""
    from samenhier.demo.cast import enrol_mfa, load_cast
    from samenhier.evaluation.models import (
        IndicatorRecord,
        Moment,
        Questionnaire,
        QuestionnaireVersion,
        Response,
    )
    from samenhier.groups.models import Group, GroupEvent, Member
    from samenhier.journeys.models import ContactEntry, Journey, JourneyEvent, Signal
    from samenhier.network.models import City
    from samenhier.newcomers.models import Consent, ConsentText, Household

    rng = random.Random(seed)
    cast = load_cast()
    enrol_mfa(cast.national_coordinator)
    witness = cast.rotterdam.local_coordinator
    cities = [cast.rotterdam.city, cast.den_haag.city] + [
        City.objects.get_or_create(
            slug=name.lower(), defaults={"name": name, "joined_on": date(2020, 1, 1)}
        )[0]
        for name in CITIES
    ]
    text, _created = ConsentText.objects.get_or_create(
        version=1, language="nl", defaults={"body": "Toestemming"}
    )
    questionnaire, _created = Questionnaire.objects.get_or_create(audience="newcomer")
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=900, published_at=datetime(2024, 1, 1, tzinfo=AMSTERDAM)
    )
    first, last = date(2024, 1, 1), date(2025, 10, 1)
    # Groups: one per journey, and a fifth more that never got matched.
    stages = ["registered", "intake", "vetting", "approved", "trained", "withdrawn", "rejected"]
    groups = Group.objects.bulk_create(
        Group(
            name=f"Bench group {n}",
            kind=rng.choice(["sponsor", "welcome"]),
            city=cities[n % len(cities)],
            stage="active" if n < journeys else rng.choice(stages),
            created_at=_moment(rng, first, last),
        )
        for n in range(journeys + journeys // 5)
    )
    GroupEvent.objects.bulk_create(
        GroupEvent(group=g, kind="transition", from_stage="trained", to_stage=g.stage)
        for g in groups[journeys:]
        if g.stage in ("withdrawn", "rejected")
    )
    Member.objects.bulk_create(
        Member(
            group=g,
            full_name=f"Member {g.pk}-{m}",
            email=f"m{g.pk}-{m}@example.org",
            phone="0600000000",
            street="Straat 1",
            postcode="1234AB",
            town="Stad",
        )
        for g in groups
        for m in range(3)
    )
    households = Household.objects.bulk_create(
        Household(
            reference=f"B-{n:06d}",
            track="resettlement",
            city=cities[n % len(cities)],
            stage="active" if n < journeys else "referred",
            size=rng.randint(1, 6),
            main_applicant_name=f"Applicant {n}",
            referred_at=_moment(rng, first, last),
        )
        for n in range(journeys + journeys // 5)
    )
    Consent.objects.bulk_create(
        Consent(
            household=h,
            purpose="participation",
            text=text,
            method="written",
            witnessed_by=witness,
            given_at=h.referred_at + timedelta(days=7),
        )
        for h in households[: journeys + journeys // 10]
    )
    today = date(2026, 1, 1)
    made = Journey.objects.bulk_create(
        Journey(
            household=households[n],
            group=groups[n],
            started_at=households[n].referred_at + timedelta(days=rng.randint(20, 60)),
        )
        for n in range(journeys)
    )
    arrived: list[Any] = []
    for journey in made:
        if rng.random() < 0.85:
            journey.arrival_at = journey.started_at + timedelta(days=rng.randint(20, 120))
            arrived.append(journey)
    Journey.objects.bulk_update(arrived, ["arrival_at"], batch_size=1000)
    JourneyEvent.objects.bulk_create(
        JourneyEvent(journey=j, kind="arrived", at=j.arrival_at) for j in arrived
    )
    contacts = 0
    batch: list[Any] = []
    for journey in arrived:
        start = journey.arrival_at.date()
        for _n in range(50):
            batch.append(
                ContactEntry(
                    journey=journey,
                    occurred_on=start + timedelta(days=rng.randint(0, 364)),
                    kind=rng.choice(["visit", "call", "message", "activity"]),
                    minutes=60,
                )
            )
        if len(batch) > 20000:
            ContactEntry.objects.bulk_create(batch, batch_size=5000)
            contacts += len(batch)
            batch = []
    ContactEntry.objects.bulk_create(batch, batch_size=5000)
    contacts += len(batch)
    moments = Moment.objects.bulk_create(
        Moment(journey=j, months=m, due_on=j.arrival_at.date() + timedelta(days=30 * m))
        for j in arrived
        for m in (1, 3, 6, 12)
    )
    due = [m for m in moments if m.due_on < today]
    Response.objects.bulk_create(
        Response(
            moment=m,
            audience="newcomer",
            questionnaire=version,
            mode="interview",
            submitted_at=None if rng.random() < 0.2 else datetime(2025, 12, 1, tzinfo=AMSTERDAM),
        )
        for m in due
    )
    IndicatorRecord.objects.bulk_create(
        IndicatorRecord(
            moment=m,
            language_level=rng.choice(["a0", "a1", "a2", "b1"]),
            integration=rng.choice(["not_started", "started", "completed"]),
            work_study=rng.choice(["none", "language_school", "work"]),
            network_size=rng.randint(0, 20),
            wellbeing=rng.randint(1, 5),
        )
        for m in due
    )
    Signal.objects.bulk_create(
        Signal(
            journey=j,
            topic=rng.choice(["letters", "finances", "housing", "care", "other"]),
            description="Bench signal",
            party="municipality",
            status=rng.choice(["open", "in_progress", "answered", "closed"]),
        )
        for j in made
    )
    return {
        "cities": len(cities),
        "groups": len(groups),
        "households": len(households),
        "journeys": len(made),
        "arrived": len(arrived),
        "contacts": contacts,
        "moments": len(moments),
        "indicators": len(due),
        "signals": len(made),
    }


def measure(repeat: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samenhier.accounts.models import User

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(email="noor@example.org"))
    cache.clear()
    response = client.get("/evaluation/")  # imports, matplotlib's fonts, the session
    assert response.status_code == 200, response.status_code
    cold = []
    for _n in range(3):
        cache.clear()  # every chart drawn again, as after new numbers
        began = time.perf_counter()
        client.force_login(User.objects.get(email="noor@example.org"))
        response = client.get("/evaluation/")
        cold.append(time.perf_counter() - began)
    warm = []
    for _n in range(repeat):
        began = time.perf_counter()
        response = client.get("/evaluation/")
        warm.append(time.perf_counter() - began)
    with CaptureQueriesContext(connection) as queries:
        client.get("/evaluation/")
    return {
        "cold": cold,
        "warm": warm,
        "queries": len(queries.captured_queries),
        "size": len(response.content),
    }


def profile() -> None:
    """The functions a fresh rendering spends most time in, by cumulative time."""
    import cProfile
    import pstats

    from django.core.cache import cache
    from django.test import Client

    from samenhier.accounts.models import User

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(email="noor@example.org"))
    cache.clear()
    profiler = cProfile.Profile()
    profiler.runcall(client.get, "/evaluation/")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"samenhier|matplotlib/figure", 30)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--profile", action="store_true", help="also print where a fresh rendering spends time"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samenhier-bench-") as directory:
        began = time.perf_counter()
        _setup(directory)
        counts = build(args.journeys)
        print(
            f"built in {time.perf_counter() - began:.1f} s:",
            ", ".join(f"{v} {k}" for k, v in counts.items()),
        )
        found = measure(args.repeat)
        warm, cold = statistics.median(found["warm"]), statistics.median(found["cold"])
        verdict = "within" if warm < TARGET_SECONDS else "OVER"
        print(
            f"national dashboard: median {_ms(warm)}, fastest {_ms(min(found['warm']))} over "
            f"{len(found['warm'])} renderings; {found['queries']} queries; "
            f"{found['size'] // 1024} KiB ({verdict} the target of {TARGET_SECONDS:.0f} s)"
        )
        print(f"with every chart drawn afresh (empty cache): median {_ms(cold)}")
        if args.profile:
            profile()


if __name__ == "__main__":
    main()
