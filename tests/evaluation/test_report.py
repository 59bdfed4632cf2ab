"""The impact report as a page and as a PDF, on the known world (tests/evaluation/known.py)
with the quotes of tests/evaluation/test_quotes.py.

Rotterdam in 2021, worked out by hand: groups registered 6, vetted 4, trained 4, matched 3,
active 2, completed 1; 9 members of matched groups; households referred 5, consented 4,
matched 3, arrived 2, completed 1; 6 newcomers; 2 arrivals (95 and 89 days).
"""

import datetime as dt
import io
import re
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samenhier.audit.models import AccessLog
from samenhier.evaluation.answering import withdraw_quote
from samenhier.evaluation.models import ImpactReport
from samenhier.network.models import Programme
from samenhier.newcomers import services as newcomer_services
from samenhier.newcomers.models import ConsentPurpose
from tests.evaluation import known
from tests.evaluation.test_quotes import (
    ARABIC_QUOTE,
    DUTCH_QUOTE,
    QUESTION_TEXTS,
    said,
    world,
)

__all__ = ["said", "world"]  # fixtures

pytestmark = pytest.mark.django_db

YEAR = known.YEAR


@pytest.fixture
def report(cast, world):
    return ImpactReport.objects.create(
        city=cast.rotterdam.city,
        title="Rotterdam 2021",
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
        recommendations="Keep the groups small.\n\nStart <b>earlier</b> with language.",
        created_by=cast.rotterdam.local_coordinator,
    )


def threshold(n):
    Programme.objects.filter(pk=Programme.current().pk).update(report_min_count=n)


def key_figures(html: str) -> dict[str, str]:
    table = html.split('id="key-figures"', 1)[1].split("</table>", 1)[0]
    pairs = re.findall(r"<th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>", table, re.S)
    return {label.strip(): value.strip() for label, value in pairs}


def steps(html: str, table_id: str) -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [
        v.strip() for v in re.findall(r'<td class="utrecht-table__cell"[^>]*>(.*?)</td>', table)
    ]


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def normal(text: str) -> str:
    """Presentation forms to letters, without spaces, joiners or direction marks."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def contains_arabic(text: str, phrase: str) -> bool:
    haystack, needle = normal(text), normal(phrase)
    return needle in haystack or needle[::-1] in haystack


def page(client, report):
    response = client.get(reverse("evaluation:report", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_shows_the_hand_worked_numbers_suppressed_at_the_threshold(cast, report, login):
    threshold(5)
    html = page(login(cast.rotterdam.local_coordinator), report)
    figures = key_figures(html)
    assert figures["Groups registered"] == "6"  # just above
    assert figures["Households referred"] == "5"  # at the threshold
    assert figures["Groups matched"] == "fewer than 5"  # just below (3)
    assert figures["Households arrived"] == "fewer than 5"
    assert figures["Members of matched groups"] == "9"
    assert figures["Newcomers arrived (people)"] == "6"
    # two arrivals: no median or 90th percentile of two people's waiting times
    assert figures["Time from referral to arrival, median"] == "left out (too few)"
    assert "92" not in figures["Time from referral to arrival, median"]
    assert steps(html, "group-steps") == ["6"] + ["fewer than 5"] * 5
    assert steps(html, "household-steps") == ["5"] + ["fewer than 5"] * 4


def test_a_configured_threshold_changes_what_the_report_shows(cast, report, login):
    client = login(cast.rotterdam.local_coordinator)
    threshold(6)
    figures = key_figures(page(client, report))
    assert figures["Groups registered"] == "6"
    assert figures["Households referred"] == "fewer than 6"
    threshold(10)
    html = page(client, report)
    figures = key_figures(html)
    assert figures["Groups registered"] == "fewer than 10"
    assert figures["Members of matched groups"] == "fewer than 10"
    # every step left out: the table says so, and no empty chart is drawn
    assert steps(html, "group-steps") == ["fewer than 10"] * 6
    assert "Chart: Groups per step" not in html
    threshold(4)
    html = page(client, report)
    figures = key_figures(html)
    assert figures["Groups matched"] == "fewer than 4"
    assert steps(html, "group-steps")[:3] == ["6", "4", "4"]
    assert "Chart: Groups per step" in html


def test_the_pdf_shows_the_same_suppressed_numbers(cast, report, login):
    threshold(5)
    client = login(cast.rotterdam.local_coordinator)
    text = pdf_text(client.get(reverse("evaluation:report_pdf", args=[report.pk])))
    assert "Rotterdam 2021" in text
    assert "fewer than 5" in text
    assert re.search(r"Groups registered\s*6", text)
    assert re.search(r"Households referred\s*5", text)
    assert re.search(r"Groups matched\s*fewer than 5", text)


def test_quotes_with_consent_appear_in_the_page_and_the_pdf(cast, report, said, login):
    client = login(cast.rotterdam.local_coordinator)
    html = page(client, report)
    assert DUTCH_QUOTE in html
    assert ARABIC_QUOTE in html
    assert "Zonder toestemming" not in html
    assert "gezondheid" not in html
    text = pdf_text(client.get(reverse("evaluation:report_pdf", args=[report.pk])))
    assert DUTCH_QUOTE in text
    assert contains_arabic(text, ARABIC_QUOTE)


def test_withdrawing_consent_for_quotes_removes_the_quote_from_later_renderings(
    cast, world, report, said, login
):
    client = login(cast.rotterdam.local_coordinator)
    assert ARABIC_QUOTE in page(client, report)
    newcomer_services.withdraw_consent(
        actor=cast.rotterdam.local_coordinator,
        household=world.journeys["R1"].household,
        purpose=ConsentPurpose.QUOTES,
    )
    assert ARABIC_QUOTE not in page(client, report)
    text = pdf_text(client.get(reverse("evaluation:report_pdf", args=[report.pk])))
    assert not contains_arabic(text, ARABIC_QUOTE)
    assert DUTCH_QUOTE in text


def test_a_member_withdrawing_their_quote_removes_it_from_page_and_pdf(cast, report, said, login):
    withdraw_quote(actor=cast.rotterdam.group_member, response=said["member"])
    client = login(cast.rotterdam.local_coordinator)
    assert DUTCH_QUOTE not in page(client, report)
    text = pdf_text(client.get(reverse("evaluation:report_pdf", args=[report.pk])))
    assert DUTCH_QUOTE not in text


def test_the_pdf_in_dutch_speaks_dutch(cast, report, said, client):
    threshold(2)  # so that the scale question's mean (two answers) is shown
    client.force_login(cast.rotterdam.local_coordinator)
    response = client.get(
        reverse("evaluation:report_pdf", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    )
    text = pdf_text(response)
    # words from the catalogue, and the question in the programme's own Dutch wording
    assert "Huishoudens" in text
    assert "Totaal" in text
    assert QUESTION_TEXTS["nl"] in text


def test_the_pdf_in_arabic_speaks_arabic_right_to_left(cast, report, said, client):
    threshold(2)
    client.force_login(cast.rotterdam.local_coordinator)
    url = reverse("evaluation:report_pdf", args=[report.pk])
    text = pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE="ar"))
    assert contains_arabic(text, "الأسر")  # "Households", from the catalogue
    assert contains_arabic(text, "المجموع")  # "Total"
    assert contains_arabic(text, QUESTION_TEXTS["ar"])  # the question's Arabic text
    assert contains_arabic(text, ARABIC_QUOTE)
    assert "Huishoudens" not in text
    # the document itself is marked right to left, so WeasyPrint lays it out that way
    from django.template.loader import render_to_string
    from django.utils import translation

    from samenhier.evaluation.report import report_data

    with translation.override("ar"):
        html = render_to_string("evaluation/report/pdf.html", {"data": report_data(report)})
    assert '<html lang="ar" dir="rtl">' in html


def test_recommendations_are_paragraphs_and_escaped(cast, report, login):
    html = page(login(cast.rotterdam.local_coordinator), report)
    block = html.split('id="recommendations"', 1)[1].split("</div>", 1)[0]
    assert block.count("<p ") == 2
    assert "&lt;b&gt;earlier&lt;/b&gt;" in block
    assert "<b>" not in block


def test_reading_a_report_leaves_one_entry_in_the_access_log(cast, report, said, login):
    client = login(cast.rotterdam.municipality_officer)
    page(client, report)
    entries = AccessLog.objects.filter(object_type="evaluation.impactreport")
    assert entries.count() == 1
    assert entries.get().fields == "figures,quotes"
    assert entries.get().user == cast.rotterdam.municipality_officer


def test_the_report_page_takes_the_same_number_of_queries_as_journeys_grow(
    cast, report, said, login, django_assert_max_num_queries
):
    client = login(cast.rotterdam.local_coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        page(client, report)
    known.more_journeys(cast, 8)
    with django_assert_max_num_queries(len(before)):
        page(client, report)


def test_a_den_haag_officer_does_not_find_a_rotterdam_report(cast, report, login):
    client = login(cast.den_haag.municipality_officer)
    for name in ("evaluation:report", "evaluation:report_pdf"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    listing = client.get(reverse("evaluation:reports")).content.decode()
    assert "Rotterdam 2021" not in listing


def test_a_network_report_is_for_the_national_coordinator_only(cast, world, login):
    network = ImpactReport.objects.create(
        title="Het netwerk 2021", period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31)
    )
    url = reverse("evaluation:report", args=[network.pk])
    assert login(cast.national_coordinator).get(url).status_code == 200
    for person in (cast.rotterdam.local_coordinator, cast.rotterdam.municipality_officer):
        assert login(person).get(url).status_code == 404


def test_the_list_searches_and_offers_a_new_report_to_coordinators(cast, report, login):
    client = login(cast.rotterdam.local_coordinator)
    html = client.get(reverse("evaluation:reports"), {"q": "2021"}).content.decode()
    assert "Rotterdam 2021" in html
    assert reverse("evaluation:report_new") in html
    html = client.get(reverse("evaluation:reports"), {"q": "nothing like it"}).content.decode()
    assert "Rotterdam 2021" not in html
    officer = login(cast.rotterdam.municipality_officer)
    html = officer.get(reverse("evaluation:reports"), {"sort": "bogus", "page": "x"}).content
    assert reverse("evaluation:report_new") not in html.decode()


def _new(client, **data):
    form = {
        "title": "Nieuw rapport",
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "recommendations": "",
        **data,
    }
    return client.post(reverse("evaluation:report_new"), form)


def test_a_local_coordinator_makes_a_report_for_their_own_city_only(cast, login):
    client = login(cast.rotterdam.local_coordinator)
    form = client.get(reverse("evaluation:report_new")).context["form"]
    assert [value for value, _label in form.fields["city"].choices] == [str(cast.rotterdam.city.pk)]
    assert _new(client, city=str(cast.den_haag.city.pk)).status_code == 200
    assert _new(client, city="network").status_code == 200
    assert not ImpactReport.objects.exists()
    response = _new(client, city=str(cast.rotterdam.city.pk))
    made = ImpactReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == made.get_absolute_url()
    assert made.city == cast.rotterdam.city
    assert made.created_by == cast.rotterdam.local_coordinator


def test_the_national_coordinator_may_make_a_report_for_the_whole_network(cast, login):
    client = login(cast.national_coordinator)
    assert _new(client, city="network").status_code == 302
    assert ImpactReport.objects.get().city is None


@pytest.mark.parametrize(
    "data",
    [
        {"period_start": "2021-12-31", "period_end": "2021-01-01"},
        {"period_start": "0001-01-01", "period_end": "2021-01-01"},
        {"period_start": "2021-01-01", "period_end": "9999-12-31"},
        {"period_start": "not a date"},
        {"title": ""},
        {"title": "x" * 151},
        {"city": "999999"},
        {"city": "\x00"},
    ],
)
def test_bad_input_for_a_new_report_is_refused_without_an_error(cast, login, data):
    client = login(cast.national_coordinator)
    response = _new(client, **{"city": str(cast.rotterdam.city.pk), **data})
    assert response.status_code == 200
    assert not ImpactReport.objects.exists()


def test_a_concurrent_edit_is_refused_with_a_clear_message(cast, report, login):
    url = reverse("evaluation:report_edit", args=[report.pk])
    fields = {"period_start": "2021-01-01", "period_end": "2021-12-31", "recommendations": ""}
    lotte = login(cast.rotterdam.local_coordinator)
    assert lotte.get(url).context["form"]["version"].value() == 1
    first = lotte.post(url, {**fields, "title": "First", "version": "1"})
    assert first.status_code == 302
    second = lotte.post(url, {**fields, "title": "Second", "version": "1"})
    assert second.status_code == 409
    assert "Someone else changed this report in the meantime" in second.content.decode()
    report.refresh_from_db()
    assert report.title == "First"
    assert report.version == 2
    garbled = lotte.post(url, {**fields, "title": "Third", "version": "abc"})
    assert garbled.status_code == 409
    report.refresh_from_db()
    assert report.title == "First"


def test_the_municipality_officer_may_read_but_not_change_a_report(cast, report, login):
    officer = login(cast.rotterdam.municipality_officer)
    html = page(officer, report)
    assert reverse("evaluation:report_edit", args=[report.pk]) not in html
    url = reverse("evaluation:report_edit", args=[report.pk])
    response = officer.post(url, {"title": "Mine", "version": "1"})
    assert response.status_code == 403


def test_deleting_asks_first_and_then_deletes(cast, report, login):
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("evaluation:report_delete", args=[report.pk])
    assert client.get(url).status_code == 200
    assert ImpactReport.objects.filter(pk=report.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:reports")
    assert not ImpactReport.objects.filter(pk=report.pk).exists()


def test_a_bar_is_its_share_of_the_longest_and_a_left_out_number_draws_none():
    from samenhier.evaluation.report import html_bars

    bars = html_bars(["registered", "vetted", "trained"], [("Groups", [8, 2, None])])
    assert [(b.label, b.series, b.value, b.share) for b in bars] == [
        ("registered", "", 8, 100.0),
        ("vetted", "", 2, 25.0),
        ("trained", "", None, 0.0),
    ]
    two = html_bars(["1 month"], [("A1", [3]), ("A2", [6])])
    assert [(b.series, b.share) for b in two] == [("A1", 50.0), ("A2", 100.0)]
    assert two[0].colour != two[1].colour


def test_the_pdf_draws_its_charts_as_text_so_arabic_stays_joined(cast, report, login):
    # WeasyPrint draws SVG text letter by letter; the PDF's charts are HTML bars instead.
    from django.template.loader import render_to_string
    from django.utils import translation

    from samenhier.evaluation.report import report_data

    threshold(3)
    with translation.override("ar"):
        data = report_data(report)
        pdf_html = render_to_string("evaluation/report/pdf.html", {"data": data, "pdf": True})
        page_html = render_to_string("evaluation/report/document.html", {"data": data})
    assert data.charts["groups"].bars
    assert 'class="sh-bars"' in pdf_html
    assert "data:image/svg+xml" not in pdf_html
    assert str(data.charts["groups"].bars[0].label) in pdf_html
    assert "data:image/svg+xml" in page_html
    assert 'class="sh-bars"' not in page_html


def test_each_recommendation_and_quote_keeps_its_own_direction(cast, report, said, login):
    # The PDF renderer knows no dir="auto": the direction is worked out from the text.
    from samenhier.evaluation.report import paragraphs

    assert paragraphs("Meer taalcoaches.\n\n«٢» نحتاج إلى مدربين.\n\n2027: meer groepen") == [
        ("Meer taalcoaches.", "ltr"),
        ("«٢» نحتاج إلى مدربين.", "rtl"),
        ("2027: meer groepen", "ltr"),
    ]
    threshold(2)
    html = page(login(cast.rotterdam.local_coordinator), report)
    assert 'lang="nl" dir="ltr"' in html
    assert 'lang="ar" dir="rtl"' in html
