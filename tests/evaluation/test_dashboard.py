"""The figures' dashboard, as the roles that use it, on the known world (known.py)."""

import re

import pytest
from django.urls import reverse

from tests.evaluation import known

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:dashboard")
YEAR = known.YEAR


def cells(html: str, table: str) -> list[list[str]]:
    """The rows of a table of the page, each as its header and cell texts."""
    body = re.search(rf'<table[^>]*id="{table}".*?</table>', html, re.S)
    assert body, table
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(0), re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ][1:]


def fact(html: str, key: str) -> str:
    found = re.search(rf'data-key="{key}">(.*?)</dd>', html, re.S)
    assert found, key
    return re.sub(r"<[^>]+>", "", found.group(1)).split("·")[0].strip()


def test_municipality_officer_sees_their_citys_figures(cast, world, login):
    # given the Rotterdam municipality officer
    client = login(cast.rotterdam.municipality_officer)
    # when they open the dashboard for 2021
    response = client.get(URL, {"year": YEAR})
    # then they see Rotterdam's numbers, worked out by hand in known.py
    assert response.status_code == 200
    html = response.content.decode()
    assert [row[1] for row in cells(html, "table-groups")] == ["6", "4", "4", "3", "2", "1"]
    assert [row[1] for row in cells(html, "table-households")] == ["5", "4", "3", "2", "1"]
    assert fact(html, "members") == "9"
    assert fact(html, "newcomers") == "6"
    assert fact(html, "overdue") == "2"
    assert fact(html, "arrivals") == "2"
    assert fact(html, "median") == "92.0"
    assert fact(html, "p90") == "94.4"
    contacts = cells(html, "table-contacts")
    assert contacts[0] == ["1", "2", "4", "2.0"]
    assert contacts[11] == ["12", "2", "1", "0.5"]
    indicators = {row[0]: row[1:] for row in cells(html, "table-indicators")}
    assert indicators["Newcomers recorded"] == ["2", "2"]
    assert indicators["Language: A2 exam passed"] == ["0", "1"]
    assert indicators["Wellbeing, mean (1 to 5)"] == ["3.5", "4.5"]
    assert indicators["Social network, median"] == ["3.0", "5.0"]
    signals = {row[0]: row[1] for row in cells(html, "table-signals")}
    assert (signals["Letters"], signals["Finances"], signals["Access to care"]) == ("1", "1", "1")
    assert signals["Discrimination"] == "0"
    # the officer has no table of cities
    assert 'id="table-cities"' not in html


def test_municipality_officer_never_sees_another_citys_figures(cast, world, login):
    client = login(cast.rotterdam.municipality_officer)
    # Den Haag's two discrimination signals are nowhere in Rotterdam's dashboard
    html = client.get(URL, {"year": YEAR}).content.decode()
    assert "Den Haag" not in html
    # and asking for Den Haag by its address is as if it did not exist
    assert client.get(URL, {"city": "den-haag"}).status_code == 404
    assert client.get(URL, {"city": "no-such-city"}).status_code == 404


def test_local_coordinator_may_choose_their_own_city(cast, world, login):
    client = login(cast.rotterdam.local_coordinator)
    response = client.get(URL, {"city": "rotterdam", "year": YEAR, "group_kind": "welcome"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [row[1] for row in cells(html, "table-groups")] == ["1", "1", "1", "1", "0", "0"]
    assert fact(html, "members") == "2"


def test_national_coordinator_sees_the_network_and_each_city(cast, world, login):
    client = login(cast.national_coordinator)
    html = client.get(URL, {"year": YEAR}).content.decode()
    assert [row[1] for row in cells(html, "table-groups")] == ["8", "5", "5", "4", "3", "1"]
    assert fact(html, "members") == "14"
    assert fact(html, "median") == "95.0"
    cities = {row[0]: row[1:] for row in cells(html, "table-cities")}
    assert cities["Rotterdam"] == ["3", "9", "2", "6", "92.0", "3"]
    assert cities["Den Haag"] == ["1", "5", "1", "1", "120.0", "2"]
    # one city chosen: that city's figures, without the table of cities
    html = client.get(URL, {"year": YEAR, "city": "den-haag"}).content.decode()
    assert fact(html, "members") == "5"
    assert 'id="table-cities"' not in html


def test_every_chart_has_alt_text_and_a_table_with_its_numbers(cast, world, login):
    client = login(cast.national_coordinator)
    html = client.get(URL, {"year": YEAR}).content.decode()
    images = re.findall(r"<img [^>]*>", html)
    charts = [i for i in images if "data:image/svg+xml;base64," in i]
    assert len(charts) == 5
    for image in charts:
        alt = re.search(r'alt="([^"]*)"', image)
        assert alt
        assert "table" in alt.group(1)
    for table in ("table-groups", "table-households", "table-contacts", "table-signals"):
        assert cells(html, table)
    assert "<caption>" in html


def test_bad_filters_never_fail_the_page(cast, world, login):
    client = login(cast.national_coordinator)
    response = client.get(URL, {"year": "soon", "group_kind": "<script>"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"year": "99999999999999999999"}, 200),
        ({"year": ["2021", "soon"]}, 200),
        ({"group_kind": ["welcome", "\x00"]}, 200),
        ({"city": "\x00"}, 404),
        ({"city": "x" * 3000}, 404),
        ({"city": ["rotterdam", "no-such-city"]}, 404),
    ],
)
@pytest.mark.parametrize("url", [URL, reverse("evaluation:export", args=["csv"])])
def test_odd_query_strings_give_the_page_or_not_found_never_an_error(
    cast, login, url, query, status
):
    # given the national coordinator, who may see every city
    client = login(cast.national_coordinator)
    # when the query string holds values no form would send
    response = client.get(url, query)
    # then a bad year or kind is left out, an unknown city is not found
    assert response.status_code == status


def test_the_dashboard_answers_in_the_same_number_of_queries_as_journeys_grow(
    cast, world, login, django_assert_num_queries
):
    client = login(cast.national_coordinator)
    client.get(URL, {"year": YEAR})  # warm the session and the programme's settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get(URL, {"year": YEAR}).status_code == 200
    known.more_journeys(cast, 8)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(URL, {"year": YEAR}).status_code == 200
