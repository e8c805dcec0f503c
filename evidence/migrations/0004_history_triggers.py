"""Audit the evidence tables: every value change lands in the history (who, when, old, new)."""

from django.db import migrations

from history import triggers

TABLES = [
    "evidence_task",
    "evidence_taskvalue",
    "evidence_gridcell",
    "evidence_threechangespilot",
    "evidence_federation",
    "evidence_mediationcentre",
]


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0003_updated_at"),
        ("history", "0002_triggers"),
    ]

    operations = [
        migrations.RunSQL(
            triggers.install_sql(TABLES), triggers.uninstall_sql(TABLES)
        ),
    ]
