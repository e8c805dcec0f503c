"""Every catalog in the project renders each glossary term one way (docs/glossary.md)."""

import re
from pathlib import Path

import pytest

from tests.maps.po import entries

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|")


def glossary() -> dict[str, str]:
    """Return {english (lower case): chinese} from the glossary's tables."""
    terms = {}
    for line in (
        (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines()
    ):
        match = ROW.match(line)
        if (
            match
            and not set(match.group(1)) <= set("-")
            and match.group(1) != "English (msgid)"
        ):
            terms[match.group(1).lower()] = match.group(2)
    return terms


def zh_catalogs() -> list[Path]:
    skip = {".venv", "var", "node_modules"}
    return [
        path
        for path in ROOT.rglob("zh_Hans/LC_MESSAGES/django.po")
        if not skip & set(path.relative_to(ROOT).parts)
    ]


def test_glossary_lists_the_supervision_terms():
    terms = glossary()
    assert terms["inspection group"] == "督导组"
    assert terms["rectification notice"] == "整改通知单"
    assert terms["tick off"] == "销号"


def test_the_pages_catalog_is_among_the_checked_ones():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in zh_catalogs()


@pytest.mark.parametrize(
    "catalog", zh_catalogs(), ids=lambda p: str(p.relative_to(ROOT))
)
def test_catalog_uses_the_glossary_rendering(catalog):
    terms = glossary()
    wrong = [
        (entry.msgid, entry.msgstr[0], terms[entry.msgid.lower()])
        for entry in entries(catalog)
        if entry.msgid.lower() in terms
        and entry.context is None  # a context marks a deliberate, narrower sense
        and entry.msgstr
        and entry.msgstr[0]
        and entry.msgstr[0] != terms[entry.msgid.lower()]
    ]
    assert wrong == []


def test_every_page_string_has_a_chinese_translation():
    catalog = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
    untranslated = [e.msgid for e in entries(catalog) if e.fuzzy or not all(e.msgstr)]
    assert untranslated == []
