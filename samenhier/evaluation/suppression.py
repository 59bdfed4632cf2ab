"""Small-cell suppression: the one rule for reports and exports (DOMAIN.md, "Privacy").

A count of people (or of groups, households, journeys, answers) between 1 and
`threshold - 1` is shown as "fewer than N", so nobody in a small city can be recognised.

Zero is shown as 0. A zero names nobody; what a zero can reveal is an attribute of everyone
in a small population ("0 of 3 passed the A2 exam" tells something about each of the 3). That
risk sits in the small *total*, not in the zero, so a distribution over fewer than N units is
not broken down at all: every cell of it, zeros included, is left out.

Complementary suppression: where a table shows its total, one hidden cell could be worked
out as the total minus the others. `protect` then hides further cells (the smallest positive
shown cells, marked "not shown" rather than "fewer than N", because they are not small), and,
when no choice of cells keeps every small count from being worked out, hides the total too.
A reader is assumed to know the rule: a "fewer than N" cell lies in 1..N-1, a "not shown"
cell is 0 or at least N. `protect` hides until every small cell can still take at least two
values given everything the table shows.

Funnels count who *reached* each step, so a step is not the sum of others and no stage can be
worked out from the rest; the number who left between two shown steps is not itself a cell of
the report. The stages are therefore suppressed one by one.

Derived statistics (a median, a 90th percentile, a mean, a rate per journey) are left out when
they are computed over fewer than N units, with a note saying so.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def below(count: int | None, threshold: int) -> bool:
    """Whether `count` is too small to show: 1..threshold-1. Zero and None are not."""
    return count is not None and 0 < count < threshold


def fewer_than(threshold: int) -> str:
    return gettext("fewer than %(n)s") % {"n": threshold}


def shown(count: int | None, threshold: int) -> int | str | None:
    """The count as a report shows it: the number, "fewer than N", or None when unknown."""
    if count is None:
        return None
    return fewer_than(threshold) if below(count, threshold) else count


class State(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: 1..N-1, shown as "fewer than N"
    NOT_SHOWN = "not_shown"  # complementary, or part of a distribution too small to break down


NOT_SHOWN_NOTE = _("not shown")


@dataclass(frozen=True)
class Cell:
    """One number as the report shows it. `value` is None when it may not be shown, so a
    chart leaves the bar out and a table prints `text`."""

    label: Any
    count: int
    state: State
    threshold: int
    key: str = ""

    @property
    def value(self) -> int | None:
        return self.count if self.state == State.SHOWN else None

    @property
    def text(self) -> str:
        if self.state == State.SHOWN:
            return str(self.count)
        if self.state == State.SMALL:
            return fewer_than(self.threshold)
        return str(NOT_SHOWN_NOTE)

    @property
    def hidden(self) -> bool:
        return self.state != State.SHOWN

    def __str__(self) -> str:
        return self.text


def cell(count: int, threshold: int, label: Any = "", key: str = "") -> Cell:
    """A count on its own (no total beside it): primary suppression only."""
    state = State.SMALL if below(count, threshold) else State.SHOWN
    return Cell(label=label, count=count, state=state, threshold=threshold, key=key)


def _exposed(counts: list[int], states: list[State], total: int, threshold: int) -> bool:
    """Whether some small cell can be narrowed to one value from the shown cells, the total
    and the known ranges of hidden cells."""
    hidden = [i for i, s in enumerate(states) if s != State.SHOWN]
    rest = total - sum(c for c, s in zip(counts, states, strict=True) if s == State.SHOWN)
    limits = {
        i: (1, threshold - 1) if states[i] == State.SMALL else (threshold, None) for i in hidden
    }
    for i in hidden:
        if states[i] != State.SMALL:
            continue
        others = [limits[j] for j in hidden if j != i]
        if any(high is None for _low, high in others):
            highest_others = None
        else:
            highest_others = sum(high for _low, high in others if high is not None)
        low = max(1, rest - highest_others) if highest_others is not None else 1
        high = min(threshold - 1, rest - sum(lo for lo, _high in others))
        if high <= low:
            return True
    return False


def protect(counts: list[int], total: int, threshold: int) -> tuple[list[State], bool]:
    """The state of each part of a distribution of `total`, and whether the total itself may
    be shown. The parts must add up to `total` (include a "not recorded" part if need be)."""
    if below(total, threshold):
        return [State.NOT_SHOWN if total else State.SHOWN for _c in counts], False
    states = [State.SMALL if below(c, threshold) else State.SHOWN for c in counts]
    while _exposed(counts, states, total, threshold):
        candidates = [
            i for i, (c, s) in enumerate(zip(counts, states, strict=True)) if s == State.SHOWN and c
        ]
        if not candidates:
            return states, False
        smallest = min(candidates, key=lambda i: (counts[i], i))
        states[smallest] = State.NOT_SHOWN
    return states, True


@dataclass(frozen=True)
class Distribution:
    """A table with a total: its parts after complementary suppression."""

    total: Cell
    parts: list[Cell]

    @property
    def broken_down(self) -> bool:
        """False when the total is too small to show any part."""
        return self.total.state != State.SMALL


def distribution(
    parts: list[tuple[str, Any, int]], total: int, threshold: int, *, total_label: Any = ""
) -> Distribution:
    """`parts` as (key, label, count), adding up to `total`."""
    counts = [c for _k, _l, c in parts]
    states, total_shown = protect(counts, total, threshold)
    if total_shown:
        total_cell = cell(total, threshold, total_label, "total")
    else:
        state = State.SMALL if below(total, threshold) else State.NOT_SHOWN
        total_cell = Cell(total_label, total, state, threshold, "total")
    return Distribution(
        total=total_cell,
        parts=[
            Cell(label=label, count=count, state=state, threshold=threshold, key=key)
            for (key, label, count), state in zip(parts, states, strict=True)
        ],
    )


def statistic(value: float | None, units: int, threshold: int) -> float | None:
    """A median, mean or rate over `units`: left out (None) when they are fewer than N."""
    if value is None or units < threshold:
        return None
    return value


# --- the figures as a report shows them ----------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    month: int
    journeys: Cell
    contacts: Cell
    per_journey: float | None


@dataclass(frozen=True)
class IndicatorRow:
    months: int
    recorded: Cell
    language_levels: Distribution
    integration: Distribution
    work_study: Distribution
    wellbeing_mean: float | None
    network_median: float | None


@dataclass(frozen=True)
class Suppressed:
    threshold: int
    groups: list[Cell]
    households: list[Cell]
    members: Cell
    newcomers: Cell
    arrivals: Cell
    median_days: float | None
    p90_days: float | None
    contacts: list[ContactRow]
    contacts_per_month: float | None  # per journey per month of the year, on average
    indicators: list[IndicatorRow]
    notes: list[str]


def _parts(counts: list[Any], total: int) -> list[tuple[str, Any, int]]:
    """The counts of a scale with what was left blank, so the parts add up to the total."""
    parts = [(c.key, c.label, c.count) for c in counts]
    parts.append(("", _("not recorded"), max(0, total - sum(c.count for c in counts))))
    return parts


def _indicator_row(moment: Any, threshold: int) -> IndicatorRow:
    scales = [moment.language_levels, moment.integration, moment.work_study]
    spreads = [distribution(_parts(s, moment.recorded), moment.recorded, threshold) for s in scales]
    # The three tables share their total: hidden in one, it is hidden in all.
    if any(d.total.hidden for d in spreads):
        total = spreads[0].total
        if not any(d.total.state == State.SMALL for d in spreads):
            total = Cell(total.label, total.count, State.NOT_SHOWN, threshold, "total")
        spreads = [Distribution(total, d.parts) for d in spreads]
    return IndicatorRow(
        months=moment.months,
        recorded=spreads[0].total,
        language_levels=spreads[0],
        integration=spreads[1],
        work_study=spreads[2],
        wellbeing_mean=statistic(moment.wellbeing_mean, moment.wellbeing_answers, threshold),
        network_median=statistic(moment.network_median, moment.network_answers, threshold),
    )


def _contact_row(month: Any, threshold: int) -> ContactRow:
    journeys = cell(month.journeys, threshold)
    contacts = cell(month.contacts, threshold)
    if journeys.hidden and not contacts.hidden:
        # A count of contacts over a handful of journeys tells about those journeys.
        contacts = Cell("", month.contacts, State.NOT_SHOWN, threshold)
    rate = month.per_journey if not (journeys.hidden or contacts.hidden) else None
    return ContactRow(month.month, journeys, contacts, rate)


def suppress(figures: Any, threshold: int) -> Suppressed:
    """The figures as a report may show them (see the module's rules)."""
    notes: list[str] = []
    n = {"n": threshold}
    arrival = figures.referral_to_arrival
    median = statistic(arrival.median_days, arrival.journeys, threshold)
    if arrival.journeys and median is None:
        notes.append(
            gettext("The time from referral to arrival is left out: fewer than %(n)s arrived.") % n
        )
    contacts = [_contact_row(m, threshold) for m in figures.contacts]
    if any(row.per_journey is None and row.journeys.count for row in contacts):
        notes.append(
            gettext(
                "Contacts per journey are left out for months with fewer than %(n)s journeys "
                "or contacts."
            )
            % n
        )
    journey_months = sum(m.journeys for m in figures.contacts)
    # Every journey counted reached month 1: that is the number of journeys behind the rate.
    journeys = figures.contacts[0].journeys if figures.contacts else 0
    per_month = (
        round(sum(m.contacts for m in figures.contacts) / journey_months, 1)
        if journey_months
        else None
    )
    indicators = [_indicator_row(m, threshold) for m in figures.indicators]
    if any(
        (m.wellbeing_answers and m.wellbeing_mean is not None and r.wellbeing_mean is None)
        or (m.network_answers and m.network_median is not None and r.network_median is None)
        for m, r in zip(figures.indicators, indicators, strict=True)
    ):
        notes.append(
            gettext("Averages and medians over fewer than %(n)s newcomers are left out.") % n
        )
    if any(
        p.state == State.NOT_SHOWN and p.count
        for r in indicators
        for d in (r.language_levels, r.integration, r.work_study)
        for p in d.parts
    ):
        notes.append(
            gettext(
                'Some numbers are "not shown" so that a number below %(n)s cannot be worked '
                "out from the total."
            )
            % n
        )
    return Suppressed(
        threshold=threshold,
        groups=[cell(c.count, threshold, c.label, c.key) for c in figures.groups],
        households=[cell(c.count, threshold, c.label, c.key) for c in figures.households],
        members=cell(figures.members, threshold),
        newcomers=cell(figures.newcomers, threshold),
        arrivals=cell(arrival.journeys, threshold),
        median_days=median,
        p90_days=statistic(arrival.p90_days, arrival.journeys, threshold),
        contacts=contacts,
        contacts_per_month=statistic(per_month, journeys, threshold),
        indicators=indicators,
        notes=notes,
    )
