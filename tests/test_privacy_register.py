"""docs/privacy.md classifies every field of every model, and lists every sensitive field.

The register is Markdown: one `### app_label.ModelName` heading per model, a table of the
personal fields (first cell the field name in backticks), then a `Not personal:` line.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps

from samenhier.audit.sensitive import SENSITIVE_FIELDS

REGISTER = Path(__file__).resolve().parent.parent / "docs" / "privacy.md"
HEADING = re.compile(r"^###\s+([a-z_]+\.[A-Za-z]+)\s*$")
NAME = re.compile(r"`([A-Za-z0-9_]+)`")
ARTICLE = re.compile(r"art\.\s*\d+(?:\(\w+\))*")


@dataclass
class Entry:
    personal: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> row
    not_personal: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_register(text: str) -> dict[str, Entry]:
    register: dict[str, Entry] = {}
    entry: Entry | None = None
    header: list[str] = []
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            entry = register.setdefault(heading.group(1), Entry())
            header = []
            continue
        if entry is None:
            continue
        if line.startswith("#"):  # any other heading ends the model's section
            entry = None
            continue
        if line.startswith("|"):
            cells = _cells(line)
            if not header:
                header = [cell.lower() for cell in cells]
                continue
            if set("".join(cells)) <= set("-: "):
                continue
            name = NAME.fullmatch(cells[0])
            assert name, f"register row without a `field` name: {line!r}"
            if name.group(1) in entry.personal:
                entry.duplicates.append(name.group(1))
            entry.personal[name.group(1)] = dict(zip(header, cells, strict=False))
        elif line.startswith("Not personal:"):
            entry.not_personal += NAME.findall(line.removeprefix("Not personal:"))
    for entry in register.values():
        entry.duplicates += [f for f in entry.not_personal if f in entry.personal]
        entry.duplicates += [f for f in set(entry.not_personal) if entry.not_personal.count(f) > 1]
    return register


def our_models() -> dict[str, set[str]]:
    return {
        model._meta.label: {f.name for f in model._meta.concrete_fields if f.name != "id"}
        for model in apps.get_models()
        if model.__module__.startswith("samenhier.")
    }


def _register() -> dict[str, Entry]:
    return parse_register(REGISTER.read_text(encoding="utf-8"))


def test_the_parser_reads_tables_and_lines() -> None:
    register = parse_register(
        "### a.B\n\n| Field | Data |\n| --- | --- |\n| `x` | name (identity) |\n\n"
        "Not personal: `y`, `z`\n\n### a.C\n\nNo personal fields.\n\nNot personal: `w`\n"
    )
    assert set(register["a.B"].personal) == {"x"}
    assert register["a.B"].personal["x"]["data"] == "name (identity)"
    assert register["a.B"].not_personal == ["y", "z"]
    assert register["a.C"].not_personal == ["w"]


def test_every_field_is_classified_exactly_once() -> None:
    register = _register()
    models = our_models()
    assert len(models) > 20, "no samenhier models found: is Django set up?"
    missing = [
        f"{label}.{name}"
        for label, fields in sorted(models.items())
        for name in sorted(fields)
        if label not in register
        or name not in register[label].personal.keys() | set(register[label].not_personal)
    ]
    twice = [f"{label}.{name}" for label, e in sorted(register.items()) for name in e.duplicates]
    assert not missing, (
        "docs/privacy.md does not classify these fields; add each to its model's table of "
        "personal fields or to its `Not personal:` line:\n  " + "\n  ".join(missing)
    )
    assert not twice, "docs/privacy.md classifies these fields more than once:\n  " + (
        "\n  ".join(twice)
    )


def test_no_stale_entries() -> None:
    models = our_models()
    stale = [
        f"{label}.{name}"
        for label, entry in sorted(_register().items())
        for name in sorted(entry.personal.keys() | set(entry.not_personal))
        if name not in models.get(label, set())
    ]
    assert not stale, (
        "docs/privacy.md lists fields (or models) that do not exist (any more):\n  "
        + "\n  ".join(stale)
    )


def test_sensitive_fields_are_personal_with_category_and_legal_basis() -> None:
    register = _register()
    problems = []
    for sensitive in SENSITIVE_FIELDS:
        where = f"{sensitive.model}.{sensitive.field}"
        entry = register.get(sensitive.model)
        row = entry.personal.get(sensitive.field) if entry else None
        if row is None:
            problems.append(f"{where}: not in the model's table of personal fields")
            continue
        if not re.search(rf"\b{sensitive.category}\b", row.get("data", "")):
            problems.append(
                f"{where}: the Data cell does not name its category {sensitive.category!r}"
            )
        for article in ARTICLE.findall(sensitive.legal_basis):
            if article not in row.get("legal basis", ""):
                problems.append(f"{where}: the Legal basis cell does not name {article}")
    assert not problems, "docs/privacy.md and SENSITIVE_FIELDS disagree:\n  " + "\n  ".join(
        problems
    )
