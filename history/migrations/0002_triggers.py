"""Install the history triggers on every audited table, and the past-year rating guard."""

from django.db import migrations

from history import triggers

# The tables audited when this migration was written: later additions to AUDITED come
# with their own migration (evidence 0004), whose tables may not exist yet here.
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
    "inspections_inspectiongroup",
    "inspections_visit",
    "inspections_rectificationnotice",
    "inspections_problem",
]

class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_initial"),
        ("layers", "0002_api_change_stamps"),
        ("inspections", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            triggers.FUNCTIONS
            + triggers.install_sql(TABLES)
            + triggers.GUARD,
            triggers.uninstall_sql(TABLES)
            + triggers.REMOVE_GUARD
            + "DROP FUNCTION IF EXISTS history_record(); "
            "DROP FUNCTION IF EXISTS history_township(text, jsonb);",
        ),
    ]
