"""Read an uploaded photo with Pillow: its type from the bytes, EXIF time, GPS, orientation.

`photo_read` judges a file by its content (a .jpg name on a PDF is refused, a PNG named
.txt is accepted), refuses files over settings.GEOPORTAL_PHOTO_MAX_BYTES, turns the picture
upright as its EXIF orientation says and returns three JPEG copies: full (EXIF time and GPS
kept), public (no EXIF) and a thumbnail (no EXIF).
"""

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from layers.models import SRID

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: phones' multi-picture JPEG
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, DATETIME = 36867, 306
ORIENTATION = 274
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is the largest a phone takes
JPEG_QUALITY = 85


@dataclass
class ReadPhoto:
    """A photo read from an upload, ready to store."""

    source_format: str
    width: int
    height: int
    size_bytes: int
    taken_at: datetime.datetime | None
    gps: Point | None
    full: bytes
    public: bytes
    thumb: bytes


def refuse(message: str):
    raise ValidationError({"photo": message})


def photo_read(upload) -> ReadPhoto:
    """Read an uploaded file; raise ValidationError({"photo": ...}) naming what is wrong."""
    size = upload.size
    limit = settings.GEOPORTAL_PHOTO_MAX_BYTES
    if size > limit:
        refuse(
            _("The photo is %(size).1f MB; at most %(limit).1f MB is accepted.")
            % {"size": size / 2**20, "limit": limit / 2**20}
        )
    if size == 0:
        refuse(_("The photo file is empty."))
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            found = probe.format
            probe.verify()
        if found not in ACCEPTED_FORMATS:
            refuse(
                _("This file is %(format)s, not a photo: send a JPEG, PNG or WebP.")
                % {"format": found}
            )
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            refuse(_("The photo has too many pixels (at most 60 megapixels)."))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        refuse(
            _("This file is not a photo this site can read: send a JPEG, PNG or WebP.")
        )
    exif = image.getexif()
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    return ReadPhoto(
        source_format=found,
        width=upright.width,
        height=upright.height,
        size_bytes=size,
        taken_at=exif_time(exif),
        gps=exif_gps(exif),
        full=jpeg(upright, exif=upright_exif(exif)),
        public=jpeg(upright),
        thumb=jpeg(thumbnail(upright)),
    )


def upright_exif(exif) -> bytes:
    """Return the EXIF block with the orientation reset (the pixels are turned already)."""
    if ORIENTATION in exif:
        exif[ORIENTATION] = 1
    return exif.tobytes() if len(exif) else b""


def thumbnail(image: Image.Image) -> Image.Image:
    small = image.copy()
    side = settings.GEOPORTAL_PHOTO_THUMB_PX
    small.thumbnail((side, side))
    return small


def jpeg(image: Image.Image, exif: bytes = b"") -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, exif=exif)
    return out.getvalue()


def exif_time(exif) -> datetime.datetime | None:
    """Return EXIF DateTimeOriginal (else DateTime) in the county's time zone, or None."""
    text = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(text, str):
        return None
    try:
        naive = datetime.datetime.strptime(text.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(naive)


def exif_gps(exif) -> Point | None:
    """Return the EXIF GPS position as a WGS 84 point, or None when absent or broken."""
    gps = exif.get_ifd(GPS_IFD)
    try:
        lat = degrees(gps[2]) * (-1 if gps.get(1) == "S" else 1)
        lon = degrees(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return Point(lon, lat, srid=SRID)


def degrees(dms) -> float:
    d, m, s = (float(part) for part in dms)
    return d + m / 60 + s / 3600
