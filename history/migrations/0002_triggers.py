"""Install the history triggers on every audited table, and the past-year rating guard."""

from django.db import migrations

from history import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_initial"),
        ("layers", "0002_api_change_stamps"),
        ("inspections", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            triggers.FUNCTIONS
            + triggers.install_sql(list(triggers.AUDITED))
            + triggers.GUARD,
            triggers.uninstall_sql(list(triggers.AUDITED))
            + triggers.REMOVE_GUARD
            + "DROP FUNCTION IF EXISTS history_record(); "
            "DROP FUNCTION IF EXISTS history_township(text, jsonb);",
        ),
    ]
