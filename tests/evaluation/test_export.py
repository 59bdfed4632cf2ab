"""The export of the aggregated figures: CSV and XLSX, small counts suppressed, nothing
personal (known.py holds the numbers)."""

import csv
import io

import pytest
from django.urls import reverse

from samenhier.network.models import Programme
from tests.evaluation import known

pytestmark = pytest.mark.django_db

YEAR = known.YEAR


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def values(rows, section: str) -> dict[str, str]:
    return {item: value for sect, item, value in rows if sect == section}


def threshold(n: int) -> None:
    programme = Programme.current()
    programme.report_min_count = n
    programme.save()


def test_csv_export_writes_sections_items_and_values_with_small_counts_suppressed(
    cast, world, login
):
    # given the default threshold of 5
    threshold(5)
    client = login(cast.rotterdam.municipality_officer)
    # when the officer exports Rotterdam's 2021 figures
    response = client.get(reverse("evaluation:export", args=["csv"]), {"year": YEAR})
    # then it is a CSV download of (section, item, value) rows
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Section", "Item", "Value"]
    groups = values(rows, "Groups")
    # 6 registered is shown; 1 to 4 are "fewer than 5"
    assert groups["Registered"] == "6"
    assert groups["Vetted"] == "fewer than 5"
    assert groups["Completed"] == "fewer than 5"
    assert groups["Members of matched groups"] == "9"
    households = values(rows, "Households")
    assert households["Referred"] == "5"  # exactly the threshold: shown
    assert households["Consented"] == "fewer than 5"
    assert households["Newcomers in households that arrived"] == "6"
    # statistics over fewer than 5 journeys are left empty
    arrival = values(rows, "Days from referral to arrival")
    assert arrival == {"Journeys": "fewer than 5", "Median": "", "90th percentile": ""}
    month = values(rows, "Contacts in month 1 after arrival")
    assert month["Contacts per journey"] == ""
    indicators = values(rows, "Indicators at 1 month")
    assert indicators["Wellbeing, mean (1 to 5)"] == ""
    assert indicators["A1"] == ""  # a breakdown of fewer than 5 newcomers is left out
    # zero is not small: it names nobody
    assert values(rows, "Open signals")["Discrimination"] == "0"


def test_counts_at_the_threshold_are_shown_and_just_below_are_not(cast, world, login):
    # given a threshold of 4
    threshold(4)
    client = login(cast.national_coordinator)
    rows = csv_rows(client.get(reverse("evaluation:export", args=["csv"]), {"year": YEAR}))
    groups = values(rows, "Groups")
    # network: registered 8, vetted 5, trained 5, matched 4, active 3, completed 1
    assert [groups[k] for k in ("Registered", "Matched", "Active year", "Completed")] == [
        "8",
        "4",
        "fewer than 4",
        "fewer than 4",
    ]
    # the national coordinator's export has every city's line
    rotterdam = values(rows, "City: Rotterdam")
    assert rotterdam["Groups matched"] == "fewer than 4"
    assert rotterdam["Members of matched groups"] == "9"
    assert rotterdam["Median days from referral to arrival"] == ""
    assert values(rows, "City: Den Haag")["Members of matched groups"] == "5"


def test_statistics_are_given_once_enough_units_lie_behind_them(cast, world, login):
    # given 3 journeys arrived in the network in 2021 and a threshold of 3
    threshold(3)
    client = login(cast.national_coordinator)
    rows = csv_rows(client.get(reverse("evaluation:export", args=["csv"]), {"year": YEAR}))
    arrival = values(rows, "Days from referral to arrival")
    assert arrival == {"Journeys": "3", "Median": "95.0", "90th percentile": "115.0"}
    month = values(rows, "Contacts in month 1 after arrival")
    assert month == {
        "Journeys that reached it": "3",
        "Contacts": "6",
        "Contacts per journey": "2.0",
    }


def test_the_export_holds_no_personal_data(cast, world, login):
    client = login(cast.national_coordinator)
    for fmt in ("csv", "xlsx"):
        body = client.get(reverse("evaluation:export", args=[fmt]), {"year": YEAR}).content
        text = body.decode("utf-8-sig") if fmt == "csv" else _xlsx_text(body)
        for personal in (*known.PERSONAL, "Yusuf", "RTM-001", "@example.org"):
            assert personal not in text


def _xlsx_text(body: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body))
    return "\n".join(
        " | ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def test_xlsx_export_has_the_same_rows(cast, world, login):
    threshold(5)
    client = login(cast.rotterdam.local_coordinator)
    response = client.get(reverse("evaluation:export", args=["xlsx"]), {"year": YEAR})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Section", "Item", "Value"]
    assert ["Groups", "Registered", 6] in rows
    assert ["Groups", "Vetted", "fewer than 5"] in rows
    assert ["Days from referral to arrival", "Median", None] in rows


def test_the_export_refuses_another_citys_figures_and_unknown_formats(cast, world, login):
    client = login(cast.rotterdam.municipality_officer)
    url = reverse("evaluation:export", args=["csv"])
    assert client.get(url, {"city": "den-haag"}).status_code == 404
    assert client.get(reverse("evaluation:export", args=["pdf"])).status_code == 404


def test_the_export_names_its_filters_as_the_dashboard_does(cast, world, login):
    # given a local coordinator exporting Rotterdam's welcome groups of 2021
    client = login(cast.rotterdam.local_coordinator)
    query = {"city": "rotterdam", "year": YEAR, "group_kind": "welcome"}
    rows = csv_rows(client.get(reverse("evaluation:export", args=["csv"]), query))
    # then the filters are written by their names, not their codes
    assert values(rows, "Filters") == {
        "City": "Rotterdam",
        "Year": str(YEAR),
        "Group kind": "Welcome group",
        "Counts below this are shown as “fewer than”": "5",
    }
