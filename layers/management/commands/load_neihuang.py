"""manage.py load_neihuang: load Neihuang's townships, villages and demo facts if missing."""

from django.core.management.base import BaseCommand, CommandError

from layers.demo.loader import load_neihuang


class Command(BaseCommand):
    help = "Load the Neihuang data set (schematic boundaries, demo facts) through the importer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="import again even if loaded"
        )

    def handle(self, *args, force=False, **options):
        outcome = load_neihuang(force=force)
        if outcome.skipped:
            self.stdout.write("Neihuang data already loaded.")
        for report in outcome.reports:
            self.stdout.write(report.summary())
            if not report.ok:
                raise CommandError(
                    f"{report.kind}: import refused; nothing from it was written"
                )
        self.load_inspections()

    def load_inspections(self):
        """Load the inspection groups' demo ledger when that app is installed."""
        from django.apps import apps

        if apps.is_installed("inspections"):
            from django.core.management import call_command

            call_command("load_inspection_demo", verbosity=0)
        if apps.is_installed("evidence"):  # issue 14: the evidence behind each star
            from django.core.management import call_command

            call_command("load_evidence_demo", verbosity=0)
