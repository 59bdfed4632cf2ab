"""Small-cell suppression: the one rule for reports and exports."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samenhier.evaluation.figures import (
    ContactMonth,
    Count,
    Duration,
    Figures,
    IndicatorMoment,
)
from samenhier.evaluation.suppression import (
    State,
    below,
    cell,
    distribution,
    protect,
    shown,
    statistic,
    suppress,
)


@pytest.fixture(autouse=True)
def _english():
    """The tests read the English words; the product speaks Dutch by default."""
    with translation.override("en"):
        yield


def test_a_count_at_the_threshold_is_shown():
    assert shown(5, 5) == 5
    assert not below(5, 5)


def test_a_count_just_below_the_threshold_is_fewer_than():
    assert shown(4, 5) == "fewer than 5"
    assert below(4, 5)


def test_a_count_just_above_the_threshold_is_shown():
    assert shown(6, 5) == 6


def test_one_is_fewer_than_the_threshold():
    assert shown(1, 5) == "fewer than 5"


def test_zero_and_unknown_are_not_suppressed():
    assert shown(0, 5) == 0
    assert not below(0, 5)
    assert shown(None, 5) is None
    assert not below(None, 5)


def test_a_configured_threshold_of_ten_moves_the_line():
    assert shown(9, 10) == "fewer than 10"
    assert shown(10, 10) == 10
    assert shown(11, 10) == 11


def test_a_cell_hides_its_value_and_says_fewer_than():
    small = cell(3, 5, "Matched", "matched")
    assert small.value is None
    assert small.text == "fewer than 5"
    assert str(small) == "fewer than 5"
    assert cell(5, 5).value == 5


def test_statistics_over_fewer_units_than_the_threshold_are_left_out():
    assert statistic(92.0, 4, 5) is None
    assert statistic(92.0, 5, 5) == 92.0
    assert statistic(None, 50, 5) is None


def test_one_small_part_beside_a_total_hides_a_second_part():
    # given parts 3, 12, 0 of a shown total of 15: 3 would be 15 - 12 - 0
    states, total_shown = protect([3, 12, 0], 15, 5)
    # then the 12 is not shown either (the only positive shown part), the zero stays
    assert states == [State.SMALL, State.NOT_SHOWN, State.SHOWN]
    assert total_shown


def test_the_smallest_positive_part_is_hidden_to_protect_a_small_one():
    states, total_shown = protect([2, 30, 8, 0], 40, 5)
    assert states == [State.SMALL, State.SHOWN, State.NOT_SHOWN, State.SHOWN]
    assert total_shown


def test_when_no_choice_of_parts_protects_a_small_one_the_total_is_hidden():
    # given 1 and 5 of 6: hiding both still says the small one is 6 - 5 (the other must be
    # at least 5, since it was not "fewer than 5")
    states, total_shown = protect([1, 5], 6, 5)
    assert not total_shown
    assert states[0] == State.SMALL


def test_a_total_below_the_threshold_is_not_broken_down_even_into_zeros():
    spread = distribution([("a", "A", 3), ("b", "B", 0)], 3, 5)
    assert spread.total.text == "fewer than 5"
    assert all(part.value is None for part in spread.parts)
    assert not spread.broken_down


def test_parts_all_at_or_above_the_threshold_are_all_shown():
    spread = distribution([("a", "A", 5), ("b", "B", 6), ("c", "C", 0)], 11, 5)
    assert [p.value for p in spread.parts] == [5, 6, 0]
    assert spread.total.value == 11


def _values_a_reader_can_find(index, counts, states, total, threshold):
    """Every value the index-th (small) part can take, given what the table shows: the shown
    parts, the total, "fewer than N" = 1..N-1, "not shown" = N or more."""
    rest = total - sum(c for c, s in zip(counts, states, strict=True) if s == State.SHOWN)
    others = [j for j, s in enumerate(states) if s != State.SHOWN and j != index]
    reachable = {0}
    for j in others:
        options = range(1, threshold) if states[j] == State.SMALL else range(threshold, rest + 1)
        reachable = {r + o for r in reachable for o in options if r + o <= rest}
    return [v for v in range(1, threshold) if rest - v in reachable]


@settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5),
    threshold=st.integers(min_value=3, max_value=10),
)
def test_no_small_part_can_be_worked_out_from_a_shown_total(counts, threshold):
    total = sum(counts)
    states, total_shown = protect(counts, total, threshold)
    if below(total, threshold):
        assert not total_shown
        assert State.SMALL not in states
        return
    for count, state in zip(counts, states, strict=True):
        assert (state == State.SMALL) == below(count, threshold)
    if not total_shown:
        return
    for index, state in enumerate(states):
        if state == State.SMALL:
            found = _values_a_reader_can_find(index, counts, states, total, threshold)
            assert counts[index] in found
            assert len(found) >= 2, (counts, states, threshold)


def _figures(*, referred=5, registered=6, matched=4, arrivals=5, recorded=12):
    levels = [
        Count("a0", "A0", 2),
        Count("a1", "A1", 6),
        Count("a2", "A2", 4),
        Count("b1", "B1", 0),
    ]
    return Figures(
        groups=[
            Count("registered", "Registered", registered),
            Count("matched", "Matched", matched),
        ],
        households=[Count("referred", "Referred", referred)],
        members=9,
        newcomers=4,
        referral_to_arrival=Duration(arrivals, 92.0, 94.4),
        contacts=[ContactMonth(1, 6, 12), ContactMonth(2, 4, 9)],
        indicators=[
            IndicatorMoment(
                months=1,
                recorded=recorded,
                language_levels=levels,
                integration=[Count("started", "Started", 12)],
                work_study=[Count("none", "None", 10)],
                wellbeing_answers=4,
                wellbeing_mean=3.5,
                network_answers=12,
                network_median=4.0,
            )
        ],
    )


def test_the_report_view_suppresses_counts_at_and_around_the_threshold():
    view = suppress(_figures(), 5)
    assert [c.text for c in view.groups] == ["6", "fewer than 5"]
    assert view.households[0].text == "5"
    assert view.newcomers.text == "fewer than 5"
    assert view.members.value == 9


def test_the_report_view_leaves_out_statistics_over_few_units_with_a_note():
    view = suppress(_figures(arrivals=4), 5)
    assert view.median_days is None
    assert view.p90_days is None
    assert any("referral to arrival" in note for note in view.notes)
    assert suppress(_figures(arrivals=5), 5).median_days == 92.0


def test_the_report_view_hides_rates_of_months_with_few_journeys():
    view = suppress(_figures(), 5)
    first, second = view.contacts
    assert first.per_journey == 2.0
    assert first.contacts.value == 12
    assert second.journeys.text == "fewer than 5"
    assert second.contacts.value is None
    assert second.per_journey is None
    # 21 contacts over 10 journey-months, from 6 journeys
    assert view.contacts_per_month == 2.1


def test_the_report_view_protects_indicator_tables_and_means():
    row = suppress(_figures(), 5).indicators[0]
    parts = {p.key: p for p in row.language_levels.parts}
    assert parts["a0"].text == "fewer than 5"
    assert parts["a2"].text == "fewer than 5"
    # two small parts adding up to 12 - 6 = 6: each could be 2, 3 or 4, so the 6 stays
    assert parts["a1"].value == 6
    assert parts["b1"].value == 0
    assert row.recorded.value == 12
    # integration: 12 started of 12, nothing to hide; work: 10 none, 2 not recorded
    assert [p.value for p in row.integration.parts] == [12, 0]
    assert row.work_study.parts[-1].text == "fewer than 5"
    assert row.work_study.parts[0].text == "not shown"  # else 12 - 10 gives the 2 away
    assert row.wellbeing_mean is None  # 4 answers
    assert row.network_median == 4.0


def test_a_configured_threshold_of_ten_suppresses_more():
    view = suppress(_figures(), 10)
    assert [c.text for c in view.groups] == ["fewer than 10", "fewer than 10"]
    assert view.members.text == "fewer than 10"
    assert view.median_days is None
