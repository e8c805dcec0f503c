"""Keep one change stamp per layer table, bumped by statement-level triggers.

ETags, Last-Modified and tile freshness read these stamps: any INSERT, UPDATE, DELETE or
TRUNCATE moves the table's version on, inside the writing transaction, so a reader sees a
new ETag the moment the write commits. Statement-level triggers cost one upsert per
statement, not per row, so bulk imports stay fast.
"""

from django.db import migrations

TABLES = [
    "layers_county",
    "layers_township",
    "layers_village",
    "layers_starrating",
    "layers_creationtarget",
    "layers_eodproject",
    "layers_eodsite",
    "layers_clearedsite",
    "layers_servicecentre",
    "layers_pairing",
]

CREATE = """
CREATE TABLE layers_change_stamp (
    table_name text PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE FUNCTION layers_bump_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO layers_change_stamp AS s (table_name, version, changed_at)
    VALUES (TG_TABLE_NAME, 1, clock_timestamp())
    ON CONFLICT (table_name) DO UPDATE
        SET version = s.version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END $$;
"""

TRIGGER = """
INSERT INTO layers_change_stamp (table_name) VALUES ('{t}') ON CONFLICT DO NOTHING;
CREATE TRIGGER {t}_change_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t}
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_change_stamp();
"""

DROP = """
DROP TABLE IF EXISTS layers_change_stamp;
DROP FUNCTION IF EXISTS layers_bump_change_stamp() CASCADE;
"""


class Migration(migrations.Migration):
    dependencies = [("layers", "0001_initial")]

    operations = [
        migrations.RunSQL(
            CREATE + "".join(TRIGGER.format(t=table) for table in TABLES),
            DROP,
        )
    ]
