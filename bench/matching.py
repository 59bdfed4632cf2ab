"""Benchmark of the matching engine, run as a user runs it.

    uv run python bench/matching.py             # every size of the targets
    uv run python bench/matching.py national    # some sizes: national, city, housing
    uv run python bench/matching.py --quick     # small versions of each, in seconds
    uv run python bench/matching.py --repeat 5  # each size 5 times: median and fastest

For each size it writes a seeded, realistic instance as JSON to a temporary directory, runs
``python -m samenhier.matching FILE`` in a fresh process (start, imports, reading JSON,
scoring, solving, writing JSON) and prints the wall time and the peak memory of that process.
Without housing it then checks the objective against an independent reference solve: feasible
pairs and scores computed again from MATCHING.md by other code, and a different formulation
and algorithm (a sparse bipartite
graph with a dummy partner per household, solved by scipy's LAPJVsp
``min_weight_full_bipartite_matching``, and Hopcroft-Karp ``maximum_bipartite_matching`` for
the number of matches); see ``bench/matching_reference.py``. With housing it prints the
reported upper bound and the gap to it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Real places, so that distances are realistic; extra municipalities get nearby centres.
CENTRES = {
    "amsterdam": (52.372, 4.900),
    "rotterdam": (51.922, 4.479),
    "den-haag": (52.078, 4.300),
    "utrecht": (52.091, 5.122),
    "almere": (52.371, 5.222),
    "haarlem": (52.381, 4.637),
    "groningen": (53.219, 6.566),
    "leidschendam-voorburg": (52.083, 4.395),
    "eindhoven": (51.441, 5.470),
    "tilburg": (51.560, 5.091),
}
LANGUAGES = ["ar", "ti", "fa", "prs", "so", "fr", "tr", "ku", "uk", "en"]
GROUP_LANGUAGES = ["ar", "tr", "en", "so", "uk", "fa", "es", "de", "fr"]
INTERESTS = [
    "religion", "crafts", "walking", "theatre", "music", "dance", "football", "photography",
    "technology", "running", "history", "volunteering", "gardening", "cycling", "art", "chess",
    "swimming", "reading", "cooking", "films",
]  # fmt: skip
SECTORS = [
    "hospitality", "education", "engineering", "construction", "social-work", "agriculture",
    "retail", "law", "logistics", "finance", "ict", "health",
]  # fmt: skip
VULNERABILITIES = [
    "medical", "mental-health", "lgbtiq", "disability", "single-parent", "large-family",
    "elderly", "trauma",
]  # fmt: skip
SIZES = [1, 2, 3, 4, 5, 6, 8]
SIZE_P = [0.25, 0.11, 0.12, 0.13, 0.13, 0.12, 0.14]


def _municipalities(n: int, rng: np.random.Generator) -> list[tuple[str, float, float]]:
    out = [(name, lat, lon) for name, (lat, lon) in list(CENTRES.items())[:n]]
    for i in range(len(out), n):
        out.append((f"gemeente-{i + 1:02d}", rng.uniform(51.3, 53.2), rng.uniform(4.0, 7.0)))
    return out


def _near(rng: np.random.Generator, lat: float, lon: float, km: float) -> list[float]:
    r, angle = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return [
        round(lat + r * math.cos(angle) / 111.2, 6),
        round(lon + r * math.sin(angle) / (111.2 * math.cos(math.radians(lat))), 6),
    ]


def _pick(rng: np.random.Generator, words: list[str], lo: int, hi: int) -> list[str]:
    k = int(rng.integers(lo, hi + 1))
    return sorted(rng.choice(words, size=min(k, len(words)), replace=False).tolist())


def generate(
    households: int,
    groups: int,
    municipalities: int,
    *,
    seed: int = 1,
    resettlement_share: float = 0.74,
    sponsor_share: float = 0.68,
    units_per_household: float | None = None,
    exclusions: float = 0.05,
) -> dict[str, object]:
    """A seeded instance shaped like the worked examples (MATCHING.md)."""
    rng = np.random.default_rng(seed)
    places = _municipalities(municipalities, rng)
    out_households = []
    for i in range(households):
        name, lat, lon = places[int(rng.integers(len(places)))]
        resettled = rng.random() < resettlement_share
        record: dict[str, object] = {
            "id": f"h{i}",
            "track": "resettlement" if resettled else "in_country",
            "municipality": name,
            "size": int(rng.choice(SIZES, p=SIZE_P)),
            "languages": _pick(rng, LANGUAGES, 1, 2),
            "interests": _pick(rng, INTERESTS, 0, 4),
            "goal_sectors": _pick(rng, SECTORS, 0, 2),
            "vulnerabilities": _pick(rng, VULNERABILITIES, 0, 0)
            if rng.random() < 0.45
            else _pick(rng, VULNERABILITIES, 1, 2),
            "location": None if resettled else _near(rng, lat, lon, 6.0),
        }
        if rng.random() > 0.12:
            record["contact_preference"] = int(rng.integers(0, 4))
        out_households.append(record)
    out_groups = []
    for j in range(groups):
        name, lat, lon = places[int(rng.integers(len(places)))]
        record = {
            "id": f"g{j}",
            "kind": "sponsor" if rng.random() < sponsor_share else "welcome",
            "municipality": name,
            "capacity": 1 if rng.random() < 0.9 else int(rng.integers(2, 4)),
            "members": [_near(rng, lat, lon, 7.0) for _ in range(int(rng.integers(3, 6)))]
            if rng.random() > 0.035
            else [],
            "languages": ["nl", *_pick(rng, GROUP_LANGUAGES, 0, 2)],
            "interests": _pick(rng, INTERESTS, 1, 5),
            "network_sectors": _pick(rng, SECTORS, 1, 4),
            "supports": _pick(rng, VULNERABILITIES, 2, 7),
        }
        if rng.random() > 0.14:
            record["contact_offer"] = int(rng.integers(0, 4))
        out_groups.append(record)
    instance: dict[str, object] = {
        "weights": {
            "distance": 0.30,
            "language": 0.25,
            "network": 0.20,
            "interests": 0.15,
            "expectations": 0.10,
        },
        "max_distance_km": 15,
        "households": out_households,
        "groups": out_groups,
    }
    if units_per_household:
        units = []
        for k in range(int(households * units_per_household)):
            name, lat, lon = places[int(rng.integers(len(places)))]
            units.append(
                {
                    "id": f"u{k}",
                    "municipality": name,
                    "capacity": int(
                        rng.choice([2, 3, 4, 5, 6, 8], p=[0.2, 0.2, 0.2, 0.15, 0.15, 0.1])
                    ),
                    "location": _near(rng, lat, lon, 8.0),
                }
            )
        instance["housing"] = units
    by_block: dict[tuple[str, str], list[str]] = {}
    for g in out_groups:
        by_block.setdefault((str(g["municipality"]), str(g["kind"])), []).append(str(g["id"]))
    excluded = []
    for h in out_households:
        kind = "sponsor" if h["track"] == "resettlement" else "welcome"
        options = by_block.get((str(h["municipality"]), kind))
        if options and rng.random() < exclusions:
            excluded.append([h["id"], options[int(rng.integers(len(options)))]])
    instance["excluded_pairs"] = excluded
    return instance


class Size(NamedTuple):
    name: str
    households: int
    groups: int
    municipalities: int
    housing: bool
    seconds: float  # the target
    gib: float = 1.0


TARGETS = [
    Size("national", 20_000, 20_000, 40, housing=False, seconds=2.5),
    Size("city", 5_000, 5_000, 1, housing=False, seconds=6.0),
    Size("housing", 2_000, 2_000, 10, housing=True, seconds=60.0),
]
QUICK = [
    Size("national-quick", 2_000, 2_000, 10, housing=False, seconds=2.5),
    Size("city-quick", 800, 800, 1, housing=False, seconds=6.0),
    Size("housing-quick", 300, 300, 3, housing=True, seconds=60.0),
]


def instance_for(size: Size, seed: int) -> dict[str, object]:
    if size.housing:
        # Resettlement households and sponsor groups only: every household needs a home.
        return generate(
            size.households,
            size.groups,
            size.municipalities,
            seed=seed,
            resettlement_share=1.0,
            sponsor_share=1.0,
            units_per_household=1.0,
        )
    return generate(size.households, size.groups, size.municipalities, seed=seed)


class Run(NamedTuple):
    seconds: float  # wall time
    cpu: float  # user + system time of the process (two threads may exceed the wall time)
    peak_mib: float
    result: dict[str, Any]


# Runs the command in a small process of its own, so that the peak memory is the command's
# alone: a child forked from this (large) benchmark process would inherit its high-water mark.
LAUNCHER = """
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    started = time.perf_counter()
    code = subprocess.call(sys.argv[2:], stdout=out)
    seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "peak_kib": usage.ru_maxrss}))
"""


def run_engine(path: Path) -> Run:
    """``python -m samenhier.matching FILE`` in a fresh process: wall time and peak RSS.

    Python writes its usual bytecode cache (a sandbox may switch that off with
    PYTHONDONTWRITEBYTECODE; users normally have it), and ``warm_up`` has filled it.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "samenhier.matching", str(path)]
        report = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(out), *command],
            cwd=ROOT,
            env=_user_environment(),
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(report.stdout)
        if figures["code"] != 0:
            raise SystemExit(f"engine failed ({figures['code']}): {report.stderr}")
        result = json.loads(out.read_text())
    # ru_maxrss is in KiB on Linux.
    return Run(figures["seconds"], figures["cpu"], figures["peak_kib"] / 1024, result)


def _user_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_up() -> None:
    """One small untimed run, so that imports come from the bytecode cache as usual."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warm-up.json"
        path.write_text(json.dumps(generate(50, 50, 2, seed=0, units_per_household=1.0)))
        run_engine(path)


def bench(size: Size, seed: int, check: bool, repeat: int = 1) -> bool:
    instance = instance_for(size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{size.name}.json"
        path.write_text(json.dumps(instance))
        runs = sorted((run_engine(path) for _ in range(repeat)), key=lambda r: r.seconds)
    # The median run is the one judged against the target and reported; the fastest shows
    # what the command takes when the shared machine leaves it alone.
    run, fastest = runs[(len(runs) - 1) // 2], runs[0]
    objective = run.result["objective"]
    total = float(objective["total_score"])
    repeated = ""
    if len(runs) > 1:
        repeated = (
            f", median of {len(runs)}; fastest {fastest.seconds:.2f} s, cpu {fastest.cpu:.2f} s"
        )
        if any(r.result["objective"] != objective for r in runs):
            repeated += ", objectives differ between runs"
    line = (
        f"{size.name:15} {size.households:>6} h {size.groups:>6} g {size.municipalities:>3} mun"
        f"  {run.seconds:6.2f} s (target {size.seconds:g}, cpu {run.cpu:.2f} s{repeated})"
        f"  {max(r.peak_mib for r in runs):4.0f} MiB"
        f"  matched {objective['matched']:>6}  total {total:12.4f}"
    )
    ok = run.seconds <= size.seconds and run.peak_mib <= size.gib * 1024
    if size.housing:
        bound = float(run.result["bound"])
        gap = (bound - total) / bound if bound else 0.0
        line += f"  bound {bound:12.4f}  gap {100 * gap:.3f} %  optimal {run.result['optimal']}"
        ok = ok and gap <= 0.01
    elif check:
        from matching_reference import optimum

        matched, reference = optimum(instance)
        same = matched == objective["matched"] and math.isclose(total, reference, rel_tol=1e-9)
        line += f"  reference {matched:>6} {reference:12.4f} {'equal' if same else 'DIFFERENT'}"
        ok = ok and same and run.result["optimal"] is True
    print(line + ("" if ok else "  MISSED"), flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", help="national, city, housing (default: all)")
    parser.add_argument("--quick", action="store_true", help="small instances, in seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-check", action="store_true", help="skip the reference solve")
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="N", help="run each size N times (median)"
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else TARGETS
    if args.sizes:
        sizes = [s for s in sizes if s.name.removesuffix("-quick") in args.sizes]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {load}, seed {args.seed}")
    warm_up()
    results = [bench(size, args.seed, not args.no_check, args.repeat) for size in sizes]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
