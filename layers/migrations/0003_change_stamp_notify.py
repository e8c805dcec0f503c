"""NOTIFY layers_change_stamp whenever a change stamp moves.

Serving processes LISTEN on the channel and drop the stamps and tiles they keep in memory
(`layers/api/conditional.py`). PostgreSQL delivers the notification at commit, once per
transaction (equal notifications are folded), and never for a rolled-back write.
"""

from django.db import migrations

NOTIFY = """
CREATE OR REPLACE FUNCTION layers_change_stamp_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('layers_change_stamp', '');
    RETURN NULL;
END $$;
CREATE TRIGGER layers_change_stamp_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layers_change_stamp
    FOR EACH STATEMENT EXECUTE FUNCTION layers_change_stamp_notify();
"""
DROP = """
DROP TRIGGER IF EXISTS layers_change_stamp_notify ON layers_change_stamp;
DROP FUNCTION IF EXISTS layers_change_stamp_notify();
"""


class Migration(migrations.Migration):
    dependencies = [("layers", "0002_api_change_stamps")]

    operations = [migrations.RunSQL(NOTIFY, DROP)]
