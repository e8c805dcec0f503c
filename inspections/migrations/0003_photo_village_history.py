"""Photos carry their owner's village (read scoping, history's township) and are audited."""

import django.db.models.deletion
from django.db import migrations, models

from history import triggers

TABLES = ["inspections_photo"]

BACKFILL = """
UPDATE inspections_photo p SET village_id = coalesce(
    (SELECT n.village_id FROM inspections_problem pr
     JOIN inspections_rectificationnotice n ON n.id = pr.notice_id WHERE pr.id = p.problem_id),
    (SELECT v.village_id FROM inspections_visit v WHERE v.id = p.visit_id),
    (SELECT c.village_id FROM layers_clearedsite c WHERE c.id = p.cleared_site_id))
WHERE p.village_id IS NULL;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0002_field_visits_problems_photos"),
        ("history", "0002_triggers"),
        ("layers", "0002_api_change_stamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="village",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="photos",
                to="layers.village",
                verbose_name="village",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunSQL(triggers.install_sql(TABLES), triggers.uninstall_sql(TABLES)),
    ]
