"""Backup and restore round trip: every table's rows come back identical.

The source is the test database as the session loaded it (committed rows only); the
copy is a database of its own, dropped at the end.
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.pgconn import connect
from tests.support.scripts import drop, private_media, script

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TABLES = """
    SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
"""
SEQUENCES = """
    SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value
    FROM pg_sequences ORDER BY 1
"""


def fingerprint(dbname: str) -> dict:
    """Return each table's row count and checksum, and each sequence's last value."""
    conn = connect(dbname)
    with conn.cursor() as cursor:
        cursor.execute(TABLES)
        tables = [name for (name,) in cursor.fetchall()]
        result = {}
        for table in tables:
            # The table names come from the catalogue, quoted by quote_ident.
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text),"
                " '')) FROM " + table + " t"
            )
            result[table] = cursor.fetchone()
        cursor.execute(SEQUENCES)
        result["sequences"] = cursor.fetchall()
    conn.close()
    return result


def databases(prefix: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"]
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def copy_name():
    name = connection.settings_dict["NAME"] + "_copy"
    drop(name)
    yield name
    drop(name)


def test_backup_then_restore_gives_every_table_back(tmp_path, copy_name):
    source = connection.settings_dict["NAME"]
    dump = Path(script("backup.sh", GEOPORTAL_DB_NAME=source, BACKUP_DIR=str(tmp_path)))
    assert dump.parent == tmp_path and dump.name.startswith("geoportal-")
    assert dump.suffix == ".dump" and not list(tmp_path.glob("*.partial"))

    script("restore.sh", str(dump), GEOPORTAL_DB_NAME=copy_name)
    original = fingerprint(source)
    assert original["public.layers_village"][0] == 532
    assert original["public.history_change"][0] > 0
    assert fingerprint(copy_name) == original

    # Over an existing database: damage the copy, restore again, nothing else is left.
    conn = connect(copy_name)
    with conn.cursor() as cursor:
        cursor.execute("DELETE FROM layers_pairing")
    conn.close()
    script("restore.sh", str(dump), GEOPORTAL_DB_NAME=copy_name)
    assert fingerprint(copy_name) == original
    assert databases(copy_name) == {copy_name}

    script(
        "restore.sh", str(dump), GEOPORTAL_DB_NAME=copy_name, RESTORE_MODE="in-place"
    )
    assert fingerprint(copy_name) == original


def test_restore_refuses_a_file_that_is_not_a_dump(tmp_path, copy_name):
    bogus = tmp_path / "not-a-dump.dump"
    bogus.write_text("hello", encoding="utf-8")
    settings = connection.settings_dict
    done = subprocess.run(
        [str(ROOT / "scripts" / "restore.sh"), str(bogus)],
        env={
            **os.environ,
            "GEOPORTAL_DB_NAME": copy_name,
            "GEOPORTAL_PG_PORT": str(settings["PORT"]),
            "GEOPORTAL_MEDIA_ROOT": private_media(),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "not a pg_dump" in done.stderr
    assert databases(copy_name) == set()


def test_the_scripts_read_database_url(tmp_path, copy_name):
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@/{settings['NAME']}"
        f"?host={settings['HOST']}&port={settings['PORT']}"
    )
    done = subprocess.run(
        [str(ROOT / "scripts" / "backup.sh")],
        env={
            **os.environ,
            "DATABASE_URL": url,
            "BACKUP_DIR": str(tmp_path),
            "GEOPORTAL_MEDIA_ROOT": private_media(),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    dump = done.stdout.strip()
    restore_url = url.replace(f"/{settings['NAME']}?", f"/{copy_name}?")
    done = subprocess.run(
        [str(ROOT / "scripts" / "restore.sh"), dump],
        env={
            **os.environ,
            "DATABASE_URL": restore_url,
            "GEOPORTAL_MEDIA_ROOT": private_media(),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert fingerprint(copy_name)["public.layers_village"][0] == 532
