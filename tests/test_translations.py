"""Dutch, English and Arabic are always complete, and what the app loads is what was written."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "samenhier" / "locale"
LANGUAGES = ["nl", "en", "ar"]
TEMPLATE_ROOTS = sorted((Path(__file__).resolve().parent.parent / "samenhier").glob("*/templates"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    """The .mo files are committed (no GNU gettext needed to run the app): keep them current."""
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))

    def table(catalogue):
        rows = {}
        for entry in catalogue:
            if entry.obsolete or not entry.msgid:
                continue
            key = (entry.msgctxt or "", entry.msgid)
            rows[key] = dict(entry.msgstr_plural) if entry.msgstr_plural else entry.msgstr
        return rows

    expected = {k: v for k, v in table(source).items() if v}
    assert table(compiled) == expected, "run: uv run python manage.py compilemessages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    pattern = re.compile(r"%\(\w+\)[sd]")
    for entry in catalogue.translated_entries():
        wanted = sorted(pattern.findall(entry.msgid))
        found = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in found:
            # Plural forms may leave the count out ("one result"), never invent or drop others.
            got = sorted(pattern.findall(text))
            assert set(got) <= set(wanted + pattern.findall(entry.msgid_plural or "")), entry.msgid
            assert set(wanted) - {"%(counter)s"} <= set(got), (language, entry.msgid)


# Text that may stand in a template untranslated: the product's name and typography.
ALLOWED_LITERALS = {"Samen Hier", "·", "—", "↑", "↓", ":", ",", ".", "(", ")", "-"}


def _visible_text(source: str) -> list[str]:
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(r"<!DOCTYPE[^>]*>", " ", source, flags=re.I)
    attributes = re.findall(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"', source)
    source = re.sub(r"<[^>]+>", " ", source)
    pieces = re.split(r"\s{2,}|\n", source) + attributes
    for literal in sorted(ALLOWED_LITERALS, key=len, reverse=True):
        pieces = [p.replace(literal, " ") for p in pieces]
    return [p.strip() for p in pieces if re.search(r"[A-Za-z]{2,}", p)]


def _templates():
    for root in TEMPLATE_ROOTS:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".txt"}:
                yield pytest.param(path, id=str(path.relative_to(root)))


@pytest.mark.parametrize("path", list(_templates()))
def test_templates_contain_no_untranslatable_text(path):
    leftovers = _visible_text(path.read_text())
    assert not leftovers, f"mark these for translation in {path}: {leftovers}"


def test_every_marked_string_is_in_the_catalogue(tmp_path, settings):
    """Extract the strings afresh (as makemessages does) and compare with what is committed:
    a string marked in code but never extracted would otherwise pass every check above.

    makemessages writes into every `locale` folder it finds, so it runs on a copy of the tree.
    """
    import os
    import shutil

    from django.core.management import call_command

    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is needed in CI to check the catalogues")
        pytest.skip("GNU gettext is not installed: apt-get install gettext")
    source = LOCALE.parent
    copy = tmp_path / "samenhier"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns("matching", "vendor", "__pycache__", "*.mo", "fixtures"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["nl"], no_location=True, verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    }
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po"))}
    missing = sorted(fresh - committed)
    assert not missing, f"run makemessages and translate: {missing[:15]}"
