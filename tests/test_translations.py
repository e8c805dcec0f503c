"""The layers app's Chinese catalogue is complete, and importer errors read in Chinese."""

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

from layers.importers import ImportFailed, import_file
from layers.models import Village

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = sorted((ROOT / "layers" / "locale" / "zh_Hans").rglob("*.po"))
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Entry:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def msgstrs(self) -> list[str]:
        return [v for k, v in self.fields.items() if k.startswith("msgstr")]


def entries(path: Path) -> list[Entry]:
    """Return every active entry of a .po file, header included, obsolete ones left out.

    An entry starts at its first comment or keyword line after the previous entry's
    msgstr, so entries not separated by a blank line are still told apart.
    """
    found: list[Entry] = []
    current, key = None, None
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#~"):
            continue
        match = KEYWORD.match(line)
        starts = line.startswith("#") or (
            match and not match.group(1).startswith("msgstr")
        )
        if current is None or (starts and current.msgstrs):
            current, key = Entry(number), None
            found.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif match:
            key = match.group(1)
            current.fields[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current.fields[key] += ast.literal_eval(line)
        elif not line.startswith("#"):
            raise AssertionError(f"{path}:{number}: cannot read {line!r}")
    return found


def test_the_layers_catalogue_is_found():
    assert ROOT / "layers/locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGS


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_entry_is_translated_and_not_fuzzy(catalog):
    found = entries(catalog)
    header = [e for e in found if e.fields.get("msgid") == ""]
    assert len(header) == 1 and "fuzzy" not in header[0].flags
    assert "Language: zh_Hans\n" in header[0].fields["msgstr"]
    assert "charset=UTF-8" in header[0].fields["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;" in header[0].fields["msgstr"]
    untranslated = [
        f"{catalog.name}:{e.line} {e.fields.get('msgid')!r}"
        for e in found
        if e.fields.get("msgid")
        and ("fuzzy" in e.flags or not e.msgstrs or not all(e.msgstrs))
    ]
    assert untranslated == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_plural_entries_have_the_one_chinese_form(catalog):
    plural = [e for e in entries(catalog) if "msgid_plural" in e.fields]
    assert all(
        [k for k in e.fields if k.startswith("msgstr")] == ["msgstr[0]"] for e in plural
    )


def square(lon: float, lat: float, *, bowtie: bool = False) -> dict:
    ring = [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01]]
    if bowtie:
        ring[1], ring[2] = ring[2], ring[1]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def feature(code: str, name: str, geometry: dict) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name},
        "geometry": geometry,
    }


@pytest.mark.django_db
def test_village_import_errors_read_in_chinese(tmp_path):
    path = tmp_path / "villages.geojson"
    features = [
        feature("410527999001", "无名村村委会", square(114.82, 35.70)),
        feature("41052710321", "短码村村委会", square(114.82, 35.70)),
        feature("410527103901", "蝴蝶村村委会", square(114.82, 35.70, bowtie=True)),
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}),
        encoding="utf-8",
    )

    with translation.override("zh-hans"):
        report = import_file("village", path)
        summary, lines = report.summary(), report.lines()

    assert not report.ok
    assert {(e.row, e.field) for e in report.errors} == {
        (1, "code"),  # not in the official code list (NBS 2023), named as such
        (2, "code"),
        (3, "boundary"),
    }, report.errors
    untranslated = [e.reason for e in report.errors if not CHINESE.search(e.reason)]
    assert untranslated == [], "is the catalogue compiled? (make messages)"
    reasons = {e.row: e.reason for e in report.errors}
    assert "410527999001" in reasons[1] and "官方区划代码" in reasons[1]
    assert "12位数字代码" in reasons[2]
    assert "--repair" in reasons[3]
    assert "拒绝导入" in summary and "未写入任何数据" in summary
    assert all(re.match(r"^第\d+行，\w+：", line) for line in lines), lines
    assert not Village.objects.filter(code__in=["410527999001", "410527103901"])


@pytest.mark.django_db
def test_a_refused_file_is_explained_in_chinese(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")

    with translation.override("zh-hans"), pytest.raises(ImportFailed) as failure:
        import_file("village", path)

    assert "不是有效的 GeoJSON" in failure.value.message
    assert "broken.geojson" in failure.value.message
