"""inspections.photos: type from content, size limit, orientation, EXIF time and GPS."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inspections.photos import photo_read
from tests.inspections.field_fixtures import jpeg_bytes


def upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def exif_of(data: bytes):
    return Image.open(io.BytesIO(data)).getexif()


def test_photo_read_applies_orientation_and_keeps_time_and_gps_in_full_copy_only():
    data = jpeg_bytes((64, 32), orientation=6, gps=(114.9123, 35.8456))
    read = photo_read(upload(data))
    assert (read.width, read.height) == (32, 64)  # orientation 6: turned a quarter
    assert read.taken_at.isoformat() == "2026-11-25T09:30:00+08:00"
    assert read.gps.x == pytest.approx(114.9123, abs=1e-5)
    assert read.gps.y == pytest.approx(35.8456, abs=1e-5)
    full, public, thumb = exif_of(read.full), exif_of(read.public), exif_of(read.thumb)
    assert full.get_ifd(0x8825) and full.get(274) == 1
    assert not public.get_ifd(0x8825) and len(public) == 0
    assert len(thumb) == 0
    top = Image.open(io.BytesIO(read.public)).convert("RGB").getpixel((16, 2))
    assert top[0] > 200 and top[2] < 60  # the red half is on top after turning


def test_photo_read_judges_type_from_content_not_name():
    png = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 255, 0)).save(png, "PNG")
    read = photo_read(upload(png.getvalue(), name="notes.txt"))
    assert read.source_format == "PNG" and read.taken_at is None and read.gps is None
    with pytest.raises(ValidationError) as refused:
        photo_read(upload(b"%PDF-1.4 not a photo at all", name="photo.jpg"))
    assert "JPEG" in str(refused.value) and "WebP" in str(refused.value)


def test_photo_read_refuses_gif_naming_its_format():
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, "GIF")
    with pytest.raises(ValidationError, match="GIF"):
        photo_read(upload(gif.getvalue(), name="a.jpg"))


def test_photo_read_refuses_files_over_the_limit_with_sizes(settings):
    settings.GEOPORTAL_PHOTO_MAX_BYTES = 1000
    data = jpeg_bytes((200, 200))
    with pytest.raises(ValidationError) as refused:
        photo_read(upload(data + b"\0" * 2000))
    assert "MB" in str(refused.value)


def test_photo_read_refuses_empty_and_truncated_files():
    with pytest.raises(ValidationError):
        photo_read(upload(b""))
    with pytest.raises(ValidationError):
        photo_read(upload(jpeg_bytes((200, 200))[:300]))


def test_thumbnail_is_at_most_the_configured_side(settings):
    settings.GEOPORTAL_PHOTO_THUMB_PX = 50
    read = photo_read(upload(jpeg_bytes((400, 100))))
    assert Image.open(io.BytesIO(read.thumb)).size == (50, 13)  # 12.5 rounds up
