"""The figures of the known world (tests/evaluation/known.py), worked out by hand."""

import pytest

from samenhier.evaluation.figures import (
    Filters,
    city_rows,
    figures_for,
    month_of_year,
    percentile,
)
from tests.evaluation import known

pytestmark = pytest.mark.django_db

YEAR = known.YEAR


def funnel(counts):
    return [c.count for c in counts]


def by_key(counts):
    return {c.key: c.count for c in counts if c.count}


def test_rotterdam_group_funnel_counts_every_stage_each_group_reached(world):
    # given the Rotterdam groups of 2021: G1 active, G2 completed and offered again, G3
    # withdrawn after training, G4 registered, G5 matched, G6 rejected during vetting
    figures = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR))
    # then registered 6, vetted 4, trained 4, matched 3, active 2, completed 1
    assert [c.key for c in figures.groups] == [
        "registered",
        "vetted",
        "trained",
        "matched",
        "active",
        "completed",
    ]
    assert funnel(figures.groups) == [6, 4, 4, 3, 2, 1]
    assert figures.members == 3 + 4 + 2


def test_rotterdam_household_funnel_and_newcomers(world):
    figures = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR))
    # referred R1-R5; consented R1-R4 (R4 withdrew later); matched R1-R3; arrived R1, R2;
    # completed R2; newcomers 4 + 2
    assert funnel(figures.households) == [5, 4, 3, 2, 1]
    assert figures.newcomers == 6


def test_rotterdam_referral_to_arrival_median_and_90th_percentile(world):
    figures = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR))
    # 95 and 89 days: median 92, 90th percentile 89 + 0.9 * 6
    assert figures.referral_to_arrival.journeys == 2
    assert figures.referral_to_arrival.median_days == 92.0
    assert figures.referral_to_arrival.p90_days == 94.4


def test_rotterdam_contacts_per_month_of_the_year(world):
    figures = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR))
    contacts = {m.month: m.contacts for m in figures.contacts}
    assert [m.month for m in figures.contacts] == list(range(1, 13))
    assert contacts == {1: 4, 2: 3, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 0, 12: 1}
    # both journeys reached every month of their year
    assert {m.journeys for m in figures.contacts} == {2}
    assert figures.contacts[0].per_journey == 2.0


def test_rotterdam_indicators_per_moment(world):
    figures = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR))
    first, third = figures.indicators
    assert (first.months, first.recorded) == (1, 2)
    assert by_key(first.language_levels) == {"a0": 1, "a1": 1}
    assert by_key(first.integration) == {"not_started": 1, "started": 1}
    assert by_key(first.work_study) == {"none": 1, "language_school": 1}
    assert (first.wellbeing_answers, first.wellbeing_mean) == (2, 3.5)
    assert (first.network_answers, first.network_median) == (2, 3.0)
    assert (third.months, third.recorded) == (3, 2)
    assert by_key(third.language_levels) == {"a1": 1, "a2": 1}
    assert [c.key for c in third.language_levels] == ["a0", "a1", "a2", "b1"]
    assert (third.wellbeing_answers, third.wellbeing_mean) == (2, 4.5)
    assert (third.network_answers, third.network_median) == (1, 5.0)


def test_rotterdam_open_signals_and_overdue_moments(world):
    figures = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR))
    # open and in progress count; closed and answered do not
    assert by_key(figures.open_signals) == {"letters": 1, "finances": 1, "care": 1}
    assert figures.overdue_moments == 2


def test_den_haag_figures(world):
    figures = figures_for(Filters(city_ids=(world.den_haag,), year=YEAR))
    assert funnel(figures.groups) == [2, 1, 1, 1, 1, 0]
    assert figures.members == 5
    assert funnel(figures.households) == [2, 1, 1, 1, 0]
    assert figures.newcomers == 1
    assert figures.referral_to_arrival.journeys == 1
    assert figures.referral_to_arrival.median_days == 120.0
    assert figures.referral_to_arrival.p90_days == 120.0
    # the journey ended in its fourth month: it stops counting after it
    assert [m.journeys for m in figures.contacts] == [1, 1, 1, 1] + [0] * 8
    assert [m.contacts for m in figures.contacts][:5] == [2, 1, 0, 1, 0]
    assert figures.contacts[5].per_journey is None
    (first,) = figures.indicators
    assert by_key(first.language_levels) == {"a0": 1}
    assert (first.wellbeing_answers, first.wellbeing_mean) == (0, None)
    assert (first.network_answers, first.network_median) == (1, 6.0)
    assert by_key(figures.open_signals) == {"discrimination": 2}
    assert figures.overdue_moments == 1


def test_network_figures_add_up_both_cities(world):
    figures = figures_for(Filters(year=YEAR))
    assert funnel(figures.groups) == [8, 5, 5, 4, 3, 1]
    assert figures.members == 14
    assert funnel(figures.households) == [7, 5, 4, 3, 1]
    assert figures.newcomers == 7
    # 89, 95, 120: median 95, 90th percentile 95 + 0.8 * 25
    assert figures.referral_to_arrival.journeys == 3
    assert figures.referral_to_arrival.median_days == 95.0
    assert figures.referral_to_arrival.p90_days == 115.0
    assert [m.contacts for m in figures.contacts] == [6, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert [m.journeys for m in figures.contacts] == [3, 3, 3, 3] + [2] * 8
    first, third = figures.indicators
    assert by_key(first.language_levels) == {"a0": 2, "a1": 1}
    assert (first.recorded, first.wellbeing_mean, first.network_median) == (3, 3.5, 4.0)
    assert third.recorded == 2
    assert by_key(figures.open_signals) == {
        "letters": 1,
        "finances": 1,
        "care": 1,
        "discrimination": 2,
    }
    assert figures.overdue_moments == 3


def test_both_cities_together_equal_the_network(world):
    both = figures_for(Filters(city_ids=(world.rotterdam, world.den_haag), year=YEAR))
    assert both == figures_for(Filters(year=YEAR))


def test_group_kind_filter_keeps_the_groups_of_that_kind_and_their_households(world):
    sponsor = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR, group_kind="sponsor"))
    assert funnel(sponsor.groups) == [5, 3, 3, 2, 2, 1]
    assert sponsor.members == 7
    assert funnel(sponsor.households) == [2, 2, 2, 2, 1]
    assert sponsor.newcomers == 6
    assert sponsor.referral_to_arrival.journeys == 2
    assert by_key(sponsor.open_signals) == {"letters": 1, "finances": 1}

    welcome = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR, group_kind="welcome"))
    assert funnel(welcome.groups) == [1, 1, 1, 1, 0, 0]
    assert welcome.members == 2
    assert funnel(welcome.households) == [1, 1, 1, 0, 0]
    assert welcome.referral_to_arrival == type(welcome.referral_to_arrival)(0, None, None)
    assert by_key(welcome.open_signals) == {"care": 1}
    assert welcome.indicators == []
    assert welcome.overdue_moments == 0


def test_year_filter_takes_only_that_years_cohort(world):
    later = figures_for(Filters(city_ids=(world.rotterdam,), year=YEAR + 1))
    assert funnel(later.groups) == [1, 1, 0, 0, 0, 0]
    assert funnel(later.households) == [1, 0, 0, 0, 0]
    assert later.referral_to_arrival.journeys == 0
    assert sum(m.contacts for m in later.contacts) == 0


def test_a_period_selects_by_the_same_dates(world):
    import datetime as dt

    spring = figures_for(
        Filters(city_ids=(world.rotterdam,), start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 2, 28))
    )
    # households referred in January and February: R1 and R2
    assert funnel(spring.households) == [2, 2, 2, 2, 1]


def test_city_rows_give_each_citys_key_figures(world):
    rows = {row.name: row for row in city_rows(Filters(year=YEAR))}
    rotterdam, den_haag = rows["Rotterdam"], rows["Den Haag"]
    assert (
        rotterdam.groups_matched,
        rotterdam.members,
        rotterdam.households_arrived,
        rotterdam.newcomers,
        rotterdam.arrivals_measured,
        rotterdam.median_days,
        rotterdam.open_signals,
    ) == (3, 9, 2, 6, 2, 92.0, 3)
    assert (
        den_haag.groups_matched,
        den_haag.members,
        den_haag.households_arrived,
        den_haag.newcomers,
        den_haag.arrivals_measured,
        den_haag.median_days,
        den_haag.open_signals,
    ) == (1, 5, 1, 1, 1, 120.0, 2)


def test_city_rows_keep_to_the_cities_asked_and_the_group_kind(world):
    rows = city_rows(Filters(city_ids=(world.rotterdam,), year=YEAR, group_kind="welcome"))
    assert [(r.name, r.groups_matched, r.members, r.open_signals) for r in rows] == [
        ("Rotterdam", 1, 2, 1)
    ]


def test_figures_take_a_constant_number_of_queries(cast, django_assert_num_queries):
    known.build(cast)
    filters = Filters(year=YEAR)
    with django_assert_num_queries(9):
        figures_for(filters)
    with django_assert_num_queries(7):
        assert not figures_for(filters, follow_up=False).open_signals
    with django_assert_num_queries(6):
        city_rows(filters)
    known.more_journeys(cast, 6)
    with django_assert_num_queries(9):
        figures_for(filters)
    with django_assert_num_queries(6):
        city_rows(filters)


def test_month_of_the_year_counts_from_the_day_of_arrival():
    import datetime as dt

    arrived = dt.date(2021, 1, 31)
    assert month_of_year(arrived, dt.date(2021, 1, 30)) == 0
    assert month_of_year(arrived, dt.date(2021, 1, 31)) == 1
    assert month_of_year(arrived, dt.date(2021, 2, 28)) == 1
    assert month_of_year(arrived, dt.date(2021, 3, 1)) == 2
    assert month_of_year(arrived, dt.date(2022, 1, 30)) == 12


def test_percentile_interpolates_between_neighbours():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7.0
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20], 0.9) == 19.0


def test_an_arrival_just_after_midnight_counts_from_that_local_day(cast):
    # given a newcomer who landed at 00:30 on 16 April (22:30 on 15 April in UTC)
    import datetime as dt

    from samenhier.groups.models import Group
    from samenhier.journeys.models import ContactEntry, Journey, JourneyEvent
    from samenhier.newcomers.models import Household

    group = Group.objects.create(
        city=cast.rotterdam.city,
        name="Nachtvlucht",
        kind="sponsor",
        created_at=known.at(2020, 1, 1),
    )
    household = Household.objects.create(
        reference="NIGHT-1",
        track="resettlement",
        city=cast.rotterdam.city,
        main_applicant_name="Night",
        referred_at=known.at(2020, 1, 2),
    )
    landed = dt.datetime(2020, 4, 16, 0, 30, tzinfo=known.AMSTERDAM)
    journey = Journey.objects.create(
        household=household, group=group, started_at=known.at(2020, 3, 1), arrival_at=landed
    )
    JourneyEvent.objects.create(journey=journey, kind="arrived", at=landed)
    for day in (dt.date(2020, 4, 15), dt.date(2020, 4, 16), dt.date(2020, 5, 15)):
        ContactEntry.objects.create(journey=journey, occurred_on=day, kind="visit")
    # when the figures of 2020 are worked out
    figures = figures_for(Filters(city_ids=(cast.rotterdam.city.pk,), year=2020))
    # then 15 April was before arrival, 16 April and 15 May are in month 1
    assert [m.contacts for m in figures.contacts][:2] == [2, 0]
    assert (
        figures.referral_to_arrival.median_days == (dt.date(2020, 4, 16) - dt.date(2020, 1, 2)).days
    )
