"""The impact report as each role that reads it uses it (the national coordinator, the city's
local coordinator and its municipality officer), and bad input to its forms: refused on the
page, never an error."""

import re

import pytest
from django.urls import reverse

from samenhier.audit.models import AccessLog
from samenhier.evaluation.models import ImpactReport
from tests.evaluation.test_report import (
    key_figures,
    page,
    pdf_text,
    report,
    said,
    threshold,
    world,
)

__all__ = ["report", "said", "world"]  # fixtures

pytestmark = pytest.mark.django_db

READERS = {
    "national coordinator": lambda cast: cast.national_coordinator,
    "local coordinator": lambda cast: cast.rotterdam.local_coordinator,
    "municipality officer": lambda cast: cast.rotterdam.municipality_officer,
}


@pytest.mark.parametrize("reader", list(READERS))
def test_each_reader_of_the_city_sees_the_same_suppressed_report_as_page_and_pdf(
    cast, report, login, reader
):
    # Given the threshold at 5 and one of the city's readers
    threshold(5)
    person = READERS[reader](cast)
    client = login(person)

    # When they open the page and the PDF
    figures = key_figures(page(client, report))
    text = pdf_text(client.get(reverse("evaluation:report_pdf", args=[report.pk])))

    # Then both show the hand-worked numbers, suppressed, and each reading is logged
    assert figures["Groups registered"] == "6"
    assert figures["Groups matched"] == "fewer than 5"
    assert re.search(r"Groups registered\s*6", text)
    assert re.search(r"Groups matched\s*fewer than 5", text)
    assert AccessLog.objects.filter(user=person, object_type="evaluation.impactreport").count() == 2


def test_the_national_coordinator_may_change_a_city_report(cast, report, login):
    client = login(cast.national_coordinator)
    url = reverse("evaluation:report_edit", args=[report.pk])
    data = {
        "title": "Rotterdam, looked over",
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "recommendations": "",
        "version": str(report.version),
    }

    response = client.post(url, data)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Rotterdam, looked over"


@pytest.mark.parametrize(
    "data",
    [
        {"period_start": "2021-12-31", "period_end": "2021-01-01"},
        {"period_start": "0001-01-01"},
        {"period_end": "9999-12-31"},
        {"period_start": "not a date"},
        {"title": ""},
        {"title": "x" * 151},
        {"title": "a\x00b"},
        {"recommendations": "x" * 20_001},
    ],
)
def test_bad_input_when_changing_a_report_is_refused_without_an_error(cast, report, login, data):
    client = login(cast.rotterdam.local_coordinator)
    form = {
        "title": "Changed",
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "recommendations": "",
        "version": str(report.version),
        **data,
    }

    response = client.post(reverse("evaluation:report_edit", args=[report.pk]), form)

    assert response.status_code == 200
    assert ImpactReport.objects.get(pk=report.pk).title == "Rotterdam 2021"


@pytest.mark.parametrize("query", [{"sort": "\x00"}, {"page": "-1"}, {"q": "x" * 500}])
def test_a_bad_query_on_the_report_list_is_no_error(cast, report, login, query):
    client = login(cast.national_coordinator)

    assert client.get(reverse("evaluation:reports"), query).status_code == 200
