"""The weeks of the year and what each expects: plain functions, no database."""

from datetime import UTC, date, datetime, timedelta

from samenhier.journeys.contacts import (
    Week,
    chart_description,
    days_silent,
    expected_between,
    is_silent,
    weekly_counts,
    year_start,
)
from samenhier.journeys.models import Journey
from samenhier.network.models import Programme

PROGRAMME = Programme(intensive_weeks=12, intensive_contacts_per_week=3, contacts_per_week=1)


def _journey(*, started: datetime, arrival: datetime | None = None) -> Journey:
    return Journey(started_at=started, arrival_at=arrival)


MATCHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
ARRIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def test_the_year_counts_from_arrival_when_the_newcomer_arrived():
    assert year_start(_journey(started=MATCHED, arrival=ARRIVED)) == date(2026, 3, 2)


def test_the_year_counts_from_the_match_while_no_arrival_is_set():
    assert year_start(_journey(started=MATCHED)) == date(2026, 1, 5)


def test_the_day_of_the_year_start_is_the_day_in_amsterdam():
    # 23:30 UTC on 1 March is already 2 March in Amsterdam.
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert year_start(_journey(started=MATCHED, arrival=late)) == date(2026, 3, 2)


def test_a_year_has_52_weeks_of_seven_days_from_the_start():
    weeks = weekly_counts(
        _journey(started=MATCHED, arrival=ARRIVED), [], date(2027, 6, 1), programme=PROGRAMME
    )
    assert [w.index for w in weeks] == list(range(1, 53))
    assert weeks[0].start == date(2026, 3, 2)
    assert weeks[1].start == date(2026, 3, 9)
    assert weeks[-1].start == date(2026, 3, 2) + timedelta(weeks=51)


def test_contacts_fall_in_the_week_whose_seven_days_hold_them():
    journey = _journey(started=MATCHED, arrival=ARRIVED)
    dates = [
        date(2026, 3, 2),  # the first day of week 1
        date(2026, 3, 8),  # its last day
        date(2026, 3, 9),  # week 2 begins
        date(2026, 3, 9),  # two contacts on one day count twice
        date(2026, 2, 20),  # before arrival: outside the year
        date(2027, 3, 1),  # after the 52nd week: outside the year
    ]
    weeks = weekly_counts(journey, dates, date(2026, 6, 1), programme=PROGRAMME)
    assert weeks[0].count == 2
    assert weeks[1].count == 2
    assert sum(w.count for w in weeks) == 4


def test_the_intensive_weeks_expect_more_than_the_later_ones():
    weeks = weekly_counts(
        _journey(started=MATCHED, arrival=ARRIVED), [], date(2027, 6, 1), programme=PROGRAMME
    )
    assert {w.expected for w in weeks[:12]} == {3}
    assert {w.expected for w in weeks[12:]} == {1}


def test_weeks_not_begun_are_marked_future_and_never_short():
    today = date(2026, 3, 10)  # in week 2
    weeks = weekly_counts(
        _journey(started=MATCHED, arrival=ARRIVED), [], today, programme=PROGRAMME
    )
    assert [w.future for w in weeks[:3]] == [False, False, True]
    assert weeks[0].short
    assert not weeks[2].short


def test_expected_between_weighs_partial_weeks():
    journey = _journey(started=MATCHED, arrival=ARRIVED)
    # Four whole intensive weeks expect 12 contacts.
    assert expected_between(journey, date(2026, 3, 2), date(2026, 3, 29), PROGRAMME) == 12
    # Nothing is expected before the year began.
    assert expected_between(journey, date(2026, 2, 1), date(2026, 3, 1), PROGRAMME) == 0
    # Four later weeks expect one a week.
    later = date(2026, 3, 2) + timedelta(weeks=20)
    assert expected_between(journey, later, later + timedelta(days=27), PROGRAMME) == 4


def test_silence_counts_from_the_last_contact_or_else_from_the_start():
    journey = _journey(started=MATCHED, arrival=ARRIVED)
    assert days_silent(journey, None, date(2026, 3, 16)) == 14
    assert days_silent(journey, date(2026, 3, 10), date(2026, 3, 16)) == 6
    assert is_silent(journey, None, date(2026, 3, 16), 14)
    assert not is_silent(journey, None, date(2026, 3, 15), 14)


def test_an_arrival_still_ahead_is_no_silence():
    journey = _journey(started=MATCHED, arrival=datetime(2026, 9, 1, tzinfo=UTC))
    assert days_silent(journey, None, date(2026, 6, 1)) == 0


def test_a_closed_journey_is_never_silent():
    journey = _journey(started=MATCHED, arrival=ARRIVED)
    journey.closed_at = ARRIVED + timedelta(days=100)
    assert not is_silent(journey, None, date(2026, 12, 1), 14)


def test_the_chart_description_lists_the_weeks_that_began():
    weeks = [
        Week(1, date(2026, 3, 2), 2, 3, future=False),
        Week(2, date(2026, 3, 9), 0, 3, future=True),
    ]
    assert "2" in chart_description(weeks)
    assert chart_description(weeks).count(";") == 0
