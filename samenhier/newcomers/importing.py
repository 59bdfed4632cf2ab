"""Many referrals at once, from CSV or XLSX: every row is checked first, then all or nothing.

A row is recognised by its `reference` (the referrer's own, never a document number): a row
whose reference is already known is left alone, so importing the same file twice creates
nothing new. Each row goes through the same form as a referral made by hand, so the rules
and the messages are the same.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from samenhier.newcomers import policies, services
from samenhier.newcomers.forms import FamilyMemberForm, ReferralForm
from samenhier.newcomers.models import Household

# The columns of the template, in order. Names are the form's field names: they are stable
# across interface languages, so a file made in Dutch imports in English too.
_FIELDS = list(ReferralForm.Meta.fields)
COLUMNS: tuple[str, ...] = (*_FIELDS[:5], "family", *_FIELDS[5:])
LIST_COLUMNS = ("languages", "interests", "goal_sectors", "vulnerabilities")
REQUIRED_COLUMNS = ("reference", "track", "city", "main_applicant_name", "size", "languages")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    already_known: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message says why, for the person uploading."""


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a CSV (comma or semicolon, UTF-8) or XLSX file as column -> text."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 5 MB."))
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif filename.lower().endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise UnreadableFile(_("Upload a .csv or .xlsx file."))
    if not rows:
        raise UnreadableFile(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise UnreadableFile(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    body = [row for row in rows[1:] if any(str(cell or "").strip() for cell in row)]
    if len(body) > MAX_ROWS:
        raise UnreadableFile(_("At most %(n)d rows at a time.") % {"n": MAX_ROWS})
    return [
        {name: _text(row[i]) if i < len(row) else "" for i, name in enumerate(header) if name}
        for row in body
    ]


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if hasattr(cell, "date") and hasattr(cell, "isoformat"):  # datetime from a spreadsheet
        return str(cell.date().isoformat())
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(_("Save the CSV file as UTF-8.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken or foreign file
        raise UnreadableFile(_("This is not a readable Excel (.xlsx) file.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _family(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """`partner 1988; child 2015` -> family member data, or messages for what is wrong."""
    people, problems = [], []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        relation, _space, year = part.rpartition(" ")
        form = FamilyMemberForm({"relation": relation.strip().lower(), "birth_year": year})
        if form.is_valid():
            people.append(form.cleaned_data)
        else:
            problems.append(
                _("“%(part)s” is not “relation birth year”, e.g. “child 2015”.") % {"part": part}
            )
    return people, problems


def _form_data(row: dict[str, str], city_ids: dict[str, int]) -> MultiValueDict[str, Any]:
    data: MultiValueDict[str, Any] = MultiValueDict()
    for name in COLUMNS:
        value = row.get(name, "")
        if name in LIST_COLUMNS:
            data.setlist(name, [code.strip().lower() for code in value.split(",") if code.strip()])
        elif name == "city":
            # A name or slug becomes the city's key; an unknown one fails as an invalid choice.
            key = value.strip().lower()
            data[name] = str(city_ids.get(key, "-1")) if key else ""
        elif name == "track":
            data[name] = value.strip().lower()
        elif name != "family":
            data[name] = value
    return data


def check_and_import(*, actor: Any, rows: list[dict[str, str]]) -> ImportResult:
    """Check every row; write them all in one transaction only when none has an error."""
    tracks = policies.referral_tracks(actor)
    if not tracks:
        raise PermissionDenied
    from samenhier.network.policies import cities_visible_to

    cities = cities_visible_to(actor)
    city_ids: dict[str, int] = {}
    for city in cities:
        city_ids[city.name.lower()] = city_ids[city.slug.lower()] = city.pk
    known = set(
        Household.objects.filter(reference__in=[r.get("reference", "") for r in rows]).values_list(
            "reference", flat=True
        )
    )
    result = ImportResult()
    valid: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        reference = row.get("reference", "")
        if reference in known:
            result.already_known.append(reference)
            continue
        if reference and reference in seen:
            message = _("The same reference is on row %(row)d.") % {"row": seen[reference]}
            result.errors.append(RowError(number, "reference", message))
            continue
        seen[reference] = number
        form = ReferralForm(_form_data(row, city_ids), tracks=tracks, cities=cities)
        family, problems = _family(row.get("family", ""))
        result.errors += [RowError(number, "family", message) for message in problems]
        if not form.is_valid():
            for column, messages in form.errors.items():
                result.errors += [
                    RowError(number, column if column != "__all__" else "", str(message))
                    for message in messages
                ]
            continue
        data = form.cleaned_data
        if not policies.can_refer(actor, data["track"], data["city"].pk):
            message = _("You cannot refer for this city.")
            result.errors.append(RowError(number, "city", message))
        elif not problems:
            valid.append((data, family))
    if result.errors:
        return result
    try:
        created = services.refer_many(actor=actor, referrals=valid)
    except ValidationError as error:
        # Only a race with another import of the same rows gets here; nothing was written.
        result.errors.append(RowError(0, "reference", error.messages[0]))
        return result
    result.created = [household.reference for household in created]
    return result
