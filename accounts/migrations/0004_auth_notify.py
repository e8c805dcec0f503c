"""NOTIFY geoportal_auth whenever who-may-read-what can change.

Serving processes keep signed-in users (by session and by token) in memory so a hot tile
or feed costs a signed-in reader no statement (accounts/kept.py); they LISTEN on this
channel and drop every kept user at the commit of any change to users, groups, roles,
memberships, tokens or sessions (a logout deletes its session row).
"""

from django.db import migrations

TABLES = [
    "auth_user",
    "auth_user_groups",
    "auth_group",
    "accounts_membership",
    "accounts_apitoken",
    "django_session",
]
FUNCTION = """
CREATE OR REPLACE FUNCTION geoportal_auth_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('geoportal_auth', '');
    RETURN NULL;
END $$;
"""
TRIGGER = """
CREATE TRIGGER geoportal_auth_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION geoportal_auth_notify();
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS geoportal_auth_notify ON {table};"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_throttle_counts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            FUNCTION + "".join(TRIGGER.format(table=table) for table in TABLES),
            "".join(DROP_TRIGGER.format(table=table) for table in TABLES)
            + "DROP FUNCTION IF EXISTS geoportal_auth_notify();",
        )
    ]
