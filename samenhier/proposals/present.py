"""What the pages show of a run and a proposal: rows ready for the templates."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenhier.groups.models import Group
from samenhier.newcomers.models import Household
from samenhier.proposals import explain, snapshot
from samenhier.proposals.models import MatchingRun, PairChoice

CRITERIA: tuple[tuple[str, Promise], ...] = (
    ("distance", _("Distance")),
    ("language", _("Language")),
    ("network", _("Network")),
    ("interests", _("Interests")),
    ("expectations", _("Expectations")),
)


@dataclass
class Option:
    group_pk: int
    group: str
    score: float


@dataclass
class Row:
    household_pk: int
    reference: str
    group_pk: int
    group: str
    score: float
    criteria: list[tuple[Promise, float]]
    why: str
    alternatives: list[Option] = field(default_factory=list)
    locked: PairChoice | None = None
    excluded: list[PairChoice] = field(default_factory=list)


@dataclass
class Left:
    household_pk: int
    reference: str
    reasons: list[str]
    excluded: list[PairChoice] = field(default_factory=list)


def criteria_bars(criteria: dict[str, float]) -> list[tuple[Promise, float]]:
    return [(label, float(criteria.get(key, 0.0))) for key, label in CRITERIA]


def names(run: MatchingRun) -> tuple[dict[int, str], dict[int, str]]:
    """References and group names of a run's snapshot, in two queries."""
    h_pks = [snapshot.pk_of(r["id"]) for r in run.instance.get("households", [])]
    g_pks = [snapshot.pk_of(r["id"]) for r in run.instance.get("groups", [])]
    return (
        dict(Household.objects.filter(pk__in=h_pks).values_list("pk", "reference")),
        dict(Group.objects.filter(pk__in=g_pks).values_list("pk", "name")),
    )


def proposed_households(run: MatchingRun) -> list[tuple[int, str]]:
    """(pk, reference) of the households the run proposes a group for, by reference."""
    references, _groups = names(run)
    pks = [snapshot.pk_of(a["household"]) for a in (run.result or {}).get("assignments", [])]
    return sorted(((pk, references[pk]) for pk in pks if pk in references), key=lambda x: x[1])


def result_rows(run: MatchingRun) -> tuple[list[Row], list[Left]]:
    result: dict[str, Any] = run.result or {}
    records = snapshot.records_by_key(run.instance)
    references, groups = names(run)
    choices = list(run.choices.select_related("group"))
    locks = {c.household_id: c for c in choices if c.kind == PairChoice.Kind.LOCK}
    exclusions: dict[int, list[PairChoice]] = {}
    for c in choices:
        if c.kind == PairChoice.Kind.EXCLUDE:
            exclusions.setdefault(c.household_id, []).append(c)
    alternatives = result.get("alternatives", {})
    rows = []
    for a in result.get("assignments", []):
        h, g = snapshot.pk_of(a["household"]), snapshot.pk_of(a["group"])
        if h not in references:
            continue  # erased since the run
        rows.append(
            Row(
                household_pk=h,
                reference=references[h],
                group_pk=g,
                group=groups.get(g, "?"),
                score=a["score"],
                criteria=criteria_bars(a["criteria"]),
                why=explain.why(records[a["household"]], records[a["group"]]),
                alternatives=[
                    Option(
                        snapshot.pk_of(o["group"]),
                        groups.get(snapshot.pk_of(o["group"]), "?"),
                        o["score"],
                    )
                    for o in alternatives.get(a["household"], [])
                ],
                locked=locks.get(h),
                excluded=exclusions.get(h, []),
            )
        )
    excluded = snapshot.excluded_keys(run.instance)
    group_records = list(run.instance.get("groups", []))
    left = []
    for u in result.get("unmatched", []):
        h = snapshot.pk_of(u["household"])
        if h not in references:
            continue
        left.append(
            Left(
                household_pk=h,
                reference=references[h],
                reasons=explain.why_no_group(
                    records[u["household"]],
                    group_records,
                    excluded,
                    after_run=True,
                ),
                excluded=exclusions.get(h, []),
            )
        )
    rows.sort(key=lambda r: r.reference)
    left.sort(key=lambda r: r.reference)
    return rows, left
