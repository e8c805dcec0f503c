"""Decide how text in a file is encoded: per file, never process-wide.

Shapefiles: a `.cpg` or a DBF language-driver id (LDID, header byte 29) is trusted. A
`.cpg` naming a codec Python knows is checked and decoded strictly here (GDAL would swap
bad bytes for "?" with only a warning); GB2312 and GBK labels are read as GB18030, their
superset, because files labelled GB2312 routinely hold GBK-only characters. Other `.cpg`
values and LDIDs are left to GDAL, which recodes to UTF-8 itself. Without either, the
raw DBF bytes are tried as UTF-8, then GB18030 (a superset of GBK/GB2312), and GDAL is
told not to recode (`ENCODING=""` open option) while Django decodes with the codec that
fitted. `SHAPE_ENCODING` is never set: it is global and corrupts the UTF-8 files that
carry a `.cpg`.

A `.cpg` can lie (a UTF-8 DBF labelled GBK reads as mojibake, not as an error, because
GB18030 decodes almost any bytes). So the decoded text is judged too: the share of its
non-ASCII characters that are common Chinese characters (GB2312 level 1, the 3,755 most
used, which cover nearly every place name) decides between the declared codec, UTF-8
and GB18030, and the report says which was taken and why.
"""

import codecs
import struct
from dataclasses import dataclass

from django.utils.translation import gettext as _

from layers.importers.errors import ImportFailed
from layers.importers.wording import alternatives

GUESSES = ("utf-8", "gb18030")
# A reading this much more plausible than the declared one overrules the .cpg.
OVERRULE_MARGIN = 0.3
CHINESE_SUBSETS = {"gb2312", "gbk"}
LDID_OFFSET = 29
# LDID 87 (ISO-8859-1) is what GDAL and many other writers stamp on files whose text
# they never recoded; for this county's data it is a label, not a fact, so it counts as
# absent.
LDID_UNSPECIFIED = {0, 0x57}


@dataclass(frozen=True)
class ShapeEncoding:
    """How to open one shapefile: GDAL open options, Django's codec and a label."""

    open_options: dict
    codec: str
    label: str


def checked_codec(name: str) -> str:
    """Return the canonical codec name for a user-given encoding, or refuse it."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ImportFailed(
            _("Unknown encoding %(name)r; try utf-8, gbk or gb18030.") % {"name": name}
        ) from None


def decode(data: bytes, filename: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode text: `encoding` if given, else UTF-8 (BOM or not), else GB18030."""
    tried = [checked_codec(encoding)] if encoding else ["utf-8-sig", "gb18030"]
    for codec in tried:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise ImportFailed(
        _("%(file)s is not readable as %(tried)s; save it as UTF-8 or give --encoding.")
        % {"file": filename, "tried": alternatives(tried)}
    )


def dbf_text(dbf: bytes) -> bytes:
    """Return the DBF bytes that hold text: field names and records, not the header."""
    if len(dbf) < 32:
        return b""
    header_length = struct.unpack("<H", dbf[8:10])[0]
    names = [
        dbf[offset : offset + 11].split(b"\0", 1)[0]
        for offset in range(32, header_length - 1, 32)
        if dbf[offset : offset + 1] != b"\r"
    ]
    return b" ".join(names) + b" " + dbf[header_length:].rstrip(b"\x1a")


def shapefile_encoding(
    dbf: bytes, cpg: str | None, filename: str, override: str | None = None
) -> ShapeEncoding:
    """Choose how to read one shapefile's DBF (see the module docstring)."""
    raw = {"ENCODING": ""}
    if override:
        codec = checked_codec(override)
        _decode_or_fail(dbf_text(dbf), (codec,), filename)
        return ShapeEncoding(raw, codec, _("%(codec)s (--encoding)") % {"codec": codec})
    if cpg and cpg.strip():
        declared = cpg_codec(cpg)
        if not declared:
            label = _("%(codec)s (.cpg, recoded by GDAL)") % {"codec": cpg.strip()}
            return ShapeEncoding({}, "utf-8", label)
        text = dbf_text(dbf)
        better = overruling(text, declared)
        if better:
            codec, theirs, ours = better
            label = _(
                "%(codec)s (the .cpg says %(cpg)s, but read that way only %(theirs)d%% "
                "of the Chinese characters are common ones against %(ours)d%% as "
                "%(codec)s)"
            ) % {"codec": codec, "cpg": cpg.strip(), "theirs": theirs, "ours": ours}
            return ShapeEncoding(raw, codec, label)
        codec = _decode_or_fail(text, (declared,), filename, cpg.strip())
        return ShapeEncoding(raw, codec, _("%(codec)s (.cpg)") % {"codec": cpg.strip()})
    ldid = dbf[LDID_OFFSET] if len(dbf) > LDID_OFFSET else 0
    if ldid not in LDID_UNSPECIFIED:
        return ShapeEncoding({}, "utf-8", f"LDID {ldid}")
    codec = _decode_or_fail(dbf_text(dbf), GUESSES, filename)
    return ShapeEncoding(raw, codec, _("%(codec)s (detected)") % {"codec": codec})


def is_common_chinese(character: str) -> bool:
    """Say whether a character is in GB2312 level 1 (the 3,755 most used)."""
    try:
        encoded = character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


def plausibility(text: str) -> float:
    """Return the share of non-ASCII characters that are common Chinese (1 if none)."""
    wide = [character for character in text if ord(character) > 127]
    if not wide:
        return 1.0
    return sum(map(is_common_chinese, wide)) / len(wide)


def overruling(data: bytes, declared: str) -> tuple[str, int, int] | None:
    """Return (codec, declared %, its %) when another codec reads `data` far better."""
    try:
        theirs = plausibility(data.decode(declared))
    except UnicodeDecodeError:
        theirs = -1.0
    best = None
    for codec in GUESSES:
        if codec == declared:
            continue
        try:
            ours = plausibility(data.decode(codec))
        except UnicodeDecodeError:
            continue
        if ours - max(theirs, 0) >= OVERRULE_MARGIN and (not best or ours > best[1]):
            best = (codec, ours)
    if best is None:
        return None
    return best[0], round(max(theirs, 0) * 100), round(best[1] * 100)


def cpg_codec(cpg: str) -> str | None:
    """Return the Python codec a `.cpg` names (ESRI writes names or code pages)."""
    value = cpg.strip().upper().removeprefix("ANSI ").strip()
    if value.isdigit():
        if value == "65001":
            return "utf-8"
        value = f"iso8859_{value[4:]}" if value.startswith("8859") else f"cp{value}"
    try:
        name = codecs.lookup(value).name
    except LookupError:
        return None
    return "gb18030" if name in CHINESE_SUBSETS else name


def _decode_or_fail(
    data: bytes, codecs_to_try: tuple[str, ...], filename: str, declared: str = ""
) -> str:
    """Return the first codec that decodes `data` strictly, or refuse the file."""
    for codec in codecs_to_try:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    tried = alternatives(codecs_to_try)
    if declared:
        message = _(
            "The text in %(file)s is not valid %(tried)s although its .cpg says "
            "%(cpg)r; "
            "fix the .cpg or give the right --encoding."
        )
    else:
        message = _(
            "The text in %(file)s is not valid %(tried)s; give the right --encoding."
        )
    raise ImportFailed(message % {"file": filename, "tried": tried, "cpg": declared})
