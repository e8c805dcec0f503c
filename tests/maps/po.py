"""Read gettext .po files just enough for the catalog tests (no dependency needed)."""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

FIELD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


@dataclass
class Entry:
    msgid: str
    msgstr: list[str]
    context: str | None
    fuzzy: bool


def entries(path: Path) -> list[Entry]:
    """Return the entries of a .po file, header left out."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, current, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            match = FIELD.match(line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            strings = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            found.append(Entry(fields["msgid"], strings, fields.get("msgctxt"), fuzzy))
    return found
