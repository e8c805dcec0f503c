"""make backup / make restore carry the photos (the media directory) with the dump."""

from pathlib import Path

import pytest
from django.db import connection

from tests.support.scripts import drop, script

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_backup_archives_media_and_restore_puts_it_back(tmp_path):
    media, restored = tmp_path / "media", tmp_path / "restored-media"
    (media / "photos" / "2026" / "12").mkdir(parents=True)
    photo = media / "photos" / "2026" / "12" / "a.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    (restored / "stale").mkdir(parents=True)
    copy = connection.settings_dict["NAME"] + "_media_copy"
    drop(copy)
    try:
        dump = Path(
            script(
                "backup.sh",
                GEOPORTAL_DB_NAME=connection.settings_dict["NAME"],
                BACKUP_DIR=str(tmp_path / "backups"),
                GEOPORTAL_MEDIA_ROOT=str(media),
            )
        )
        assert Path(f"{dump}.media.tar.gz").is_file()
        out = script(
            "restore.sh",
            str(dump),
            GEOPORTAL_DB_NAME=copy,
            GEOPORTAL_MEDIA_ROOT=str(restored),
        )
    finally:
        drop(copy)
    assert "restored photos" in out
    assert (
        restored / "photos" / "2026" / "12" / "a.jpg"
    ).read_bytes() == b"\xff\xd8 a photo"
    assert not (restored / "stale").exists()
    assert not Path(f"{restored}.restoring").exists()
