"""Pinyin initials of the villages a map shows, so the search box finds 梁庄 by "lz".

pypinyin (pinned in requirements.txt) reads each character's most common reading; a
village name with a rare reading still matches by its characters and its code.
"""

from pypinyin import Style, lazy_pinyin

from layers.models import Village


def initials(text: str) -> str:
    """Return the pinyin initials of `text` in lower case (内黄县 → nhx); others kept."""
    return "".join(
        part[0] for part in lazy_pinyin(text, style=Style.FIRST_LETTER) if part
    ).lower()


def village_initials(*, township: str | None = None) -> dict[str, list[str]]:
    """Return {code: [short-name initials, full-name initials]} of the map's villages."""
    villages = Village.objects.order_by("code")
    if township:
        villages = villages.filter(township__code=township)
    return {
        code: [initials(short_name or ""), initials(name or "")]
        for code, short_name, name in villages.values_list("code", "short_name", "name")
    }
