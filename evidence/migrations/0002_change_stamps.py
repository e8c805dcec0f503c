"""Bump the layers' change stamps on writes to the evidence tables (ETags, tiles)."""

from django.db import migrations

TABLES = [
    "evidence_task",
    "evidence_taskvalue",
    "evidence_gridcell",
    "evidence_threechangespilot",
    "evidence_federation",
    "evidence_federation_villages",
    "evidence_mediationcentre",
]

TRIGGER = """
INSERT INTO layers_change_stamp (table_name) VALUES ('{t}') ON CONFLICT DO NOTHING;
CREATE TRIGGER {t}_change_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t}
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_change_stamp();
"""
UNDO = """
DROP TRIGGER IF EXISTS {t}_change_stamp ON {t};
DELETE FROM layers_change_stamp WHERE table_name = '{t}';
"""


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial"), ("layers", "0002_api_change_stamps")]

    operations = [
        migrations.RunSQL(
            "".join(TRIGGER.format(t=t) for t in TABLES),
            "".join(UNDO.format(t=t) for t in TABLES),
        )
    ]
