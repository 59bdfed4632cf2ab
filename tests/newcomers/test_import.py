"""Importing referrals: all or nothing, every mistake named by row and column, idempotent."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from samenhier.newcomers import importing
from samenhier.newcomers.models import FamilyMember, Household

pytestmark = pytest.mark.django_db


def _rows(n, bad=()):
    rows = []
    for i in range(n):
        row = {
            "reference": f"IMP-{i:04d}",
            "track": "in_country",
            "city": "Rotterdam",
            "main_applicant_name": f"Persoon {i}",
            "size": "2",
            "family": "main 1980; child 2015",
            "languages": "ar, en",
            "vulnerabilities": "medical" if i % 7 == 0 else "",
            "address": f"Weena {i}, Rotterdam",
        }
        if i in bad:
            row.update(bad[i])
        rows.append(row)
    return rows


def _csv(rows, delimiter=","):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=importing.COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


BAD = {
    10: {"city": "Atlantis"},
    500: {"languages": "ar, klingon"},
    998: {"size": "many"},
}


def test_three_bad_rows_in_a_thousand_write_nothing_and_are_named(cast):
    before = Household.objects.count()
    rows = importing.read_table(_csv(_rows(1000, BAD)), "referrals.csv")
    result = importing.check_and_import(actor=cast.rotterdam.local_coordinator, rows=rows)
    assert [(e.row, e.column) for e in result.errors] == [
        (12, "city"),
        (502, "languages"),
        (1000, "size"),
    ]
    assert all(e.message for e in result.errors)
    assert Household.objects.count() == before
    assert not result.created


def test_the_fixed_file_imports_once(cast):
    before = Household.objects.count(), FamilyMember.objects.count()
    content = _csv(_rows(1000), delimiter=";")  # as Dutch Excel saves CSV
    actor = cast.rotterdam.local_coordinator
    first = importing.check_and_import(actor=actor, rows=importing.read_table(content, "a.csv"))
    assert first.ok
    assert len(first.created) == 1000
    assert Household.objects.count() == before[0] + 1000
    assert FamilyMember.objects.count() == before[1] + 2000
    again = importing.check_and_import(actor=actor, rows=importing.read_table(content, "a.csv"))
    assert again.ok
    assert again.created == []
    assert len(again.already_known) == 1000
    assert Household.objects.count() == before[0] + 1000


def test_an_excel_file_imports_like_a_csv(cast):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(importing.COLUMNS))
    for row in _rows(3):
        sheet.append([row.get(name, "") for name in importing.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = importing.read_table(buffer.getvalue(), "referrals.XLSX")
    result = importing.check_and_import(actor=cast.national_coordinator, rows=rows)
    assert result.ok
    assert Household.objects.get(reference="IMP-0002").family.count() == 2


def test_a_reference_twice_in_one_file_is_a_mistake(cast):
    rows = _rows(2, {1: {"reference": "IMP-0000"}})
    result = importing.check_and_import(actor=cast.national_coordinator, rows=rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "reference")]


def test_a_city_the_importer_does_not_work_in_is_a_mistake(cast):
    result = importing.check_and_import(actor=cast.den_haag.local_coordinator, rows=_rows(1))
    assert [(e.row, e.column) for e in result.errors] == [(2, "city")]


def test_a_badly_written_family_is_named(cast):
    result = importing.check_and_import(
        actor=cast.national_coordinator, rows=_rows(1, {0: {"family": "main 1980; kid"}})
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "family")]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"reference,track\nX,in_country\n", "a.csv", "missing"),
        (b"", "a.csv", "empty"),
        (b"\xff\xfe\x00bad", "a.csv", "UTF-8"),
        (b"not a workbook", "a.xlsx", "Excel"),
        (b"reference", "a.pdf", ".csv"),
    ],
)
def test_an_unreadable_file_is_refused_with_one_clear_message(content, name, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(importing.UnreadableFile, match=message):
        importing.read_table(content, name)


def test_the_import_page_lists_the_mistakes_and_imports_nothing(cast, login):
    client = login(cast.rotterdam.municipality_officer)
    upload = SimpleUploadedFile("r.csv", _csv(_rows(5, {2: {"size": "0"}})), "text/csv")
    response = client.post("/households/import/", {"file": upload})
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(4, "size")]
    assert not Household.objects.filter(reference__startswith="IMP-").exists()

    upload = SimpleUploadedFile("r.csv", _csv(_rows(5)), "text/csv")
    response = client.post("/households/import/", {"file": upload})
    assert response.status_code == 302
    assert Household.objects.filter(reference__startswith="IMP-").count() == 5


def test_a_broken_upload_is_a_message_at_the_field(cast, login):
    upload = SimpleUploadedFile("r.xlsx", b"garbage", "application/octet-stream")
    response = login(cast.rotterdam.local_coordinator).post("/households/import/", {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_the_template_has_every_column(cast, login):
    response = login(cast.rotterdam.local_coordinator).get("/households/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == list(importing.COLUMNS)
    response = login(cast.rotterdam.local_coordinator).get("/households/import/template.csv")
    assert response.content.decode("utf-8-sig").strip().split(",") == list(importing.COLUMNS)
