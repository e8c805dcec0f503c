"""The snapshot puts back exactly the rows the session loaded, after committed writes\nchanged them and after a flush emptied them, without recording anything in the history."""

import pytest
from django.core.management import call_command
from django.db import connection

from layers.models import StarRating, Village
from tests.support import snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def fingerprint() -> dict[str, tuple[int, str]]:
    """Return each flushed table's row count and the md5 of its rows in order."""
    result = {}
    with connection.cursor() as cursor:
        for table in snapshot.tables():
            quoted = connection.ops.quote_name(table)
            # The names come from Django's own model registry, quoted.
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' "
                f"ORDER BY t::text), '')) FROM {quoted} t"
            )
            result[table] = cursor.fetchone()
    return result


def stamp(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version FROM layers_change_stamp WHERE table_name = %s", [table]
        )
        return cursor.fetchone()[0]


def test_reset_after_committed_writes_and_a_flush_gives_the_loaded_rows_back():
    assert snapshot.taken()
    # Rows an earlier test committed through another connection (a gunicorn test's
    # superuser) go first; then, with nothing changed, nothing is touched.
    snapshot.reset()
    loaded = fingerprint()
    assert loaded["layers_village"][0] == 532
    assert snapshot.reset() == []
    village = Village.objects.order_by("code").first()
    StarRating.objects.filter(village=village).delete()  # committed, recorded
    Village.objects.filter(pk=village.pk).update(name="改过的村")
    assert fingerprint() != loaded
    before = stamp("layers_village")
    changed = snapshot.reset()
    assert {"layers_village", "layers_starrating", "history_change"} <= set(changed)
    assert "layers_township" not in changed
    assert fingerprint() == loaded  # history_change too: the reset recorded nothing
    assert stamp("layers_village") > before  # ETags of the changed rows move on
    # What pytest-django runs after a transactional test (sequences kept).
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    assert not Village.objects.exists()
    snapshot.reset()
    assert fingerprint() == loaded
    # Content types come back under the ids the rows refer to, cache included.
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Village)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM django_content_type WHERE app_label = 'layers' "
            "AND model = 'village'"
        )
        assert cursor.fetchone() == (kind.pk,)
