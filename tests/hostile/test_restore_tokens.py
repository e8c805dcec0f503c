"""Item 9c of issue 9: a restore keeps the API tokens revoked after the dump was taken
revoked, and lists them (scripts/restore.sh)."""

from pathlib import Path

import pytest
from django.db import connection

from accounts import tokens
from tests.pgconn import connect
from tests.support.scripts import drop, script

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def copy_name():
    name = connection.settings_dict["NAME"] + "_tokcopy"
    drop(name)
    yield name
    drop(name)


def revoked_at(dbname: str, digest: str):
    conn = connect(dbname)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT revoked_at FROM accounts_apitoken WHERE digest = %s", [digest]
        )
        (found,) = cursor.fetchone()
    conn.close()
    return found


@pytest.mark.parametrize("mode", ["swap", "in-place"])
def test_issue9_d9_restore_keeps_later_revocations(tmp_path, copy_name, mode):
    source = connection.settings_dict["NAME"]
    first = Path(
        script("backup.sh", GEOPORTAL_DB_NAME=source, BACKUP_DIR=str(tmp_path))
    )
    script("restore.sh", str(first), GEOPORTAL_DB_NAME=copy_name)
    # In the copy: a token, a dump while it is valid, then its revocation.
    raw = tokens.PREFIX + "restore-test-" + "x" * 30
    conn = connect(copy_name)
    with conn.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined) VALUES "
            "('', false, 'restore-token-owner', '', '', '', false, true, now()) "
            "RETURNING id"
        )
        (user_id,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO accounts_apitoken (user_id, name, digest, hint, can_write, "
            "created_at) VALUES (%s, 't', %s, %s, false, now())",
            [user_id, tokens.digest(raw), raw[:8]],
        )
    dumps = tmp_path / "second"
    dumps.mkdir()
    second = Path(
        script("backup.sh", GEOPORTAL_DB_NAME=copy_name, BACKUP_DIR=str(dumps))
    )
    with conn.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_apitoken SET revoked_at = now() WHERE digest = %s",
            [tokens.digest(raw)],
        )
    conn.close()
    said = script(
        "restore.sh", str(second), GEOPORTAL_DB_NAME=copy_name, RESTORE_MODE=mode
    )
    assert revoked_at(copy_name, tokens.digest(raw)) is not None
    assert "kept revoked" in said and "restore-token-owner" in said, said
