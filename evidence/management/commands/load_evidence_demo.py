"""manage.py load_evidence_demo: seed the demo checklist and evidence unless it is there."""

from django.core.management.base import BaseCommand

from evidence.demo import demo_is_loaded, evidence_demo_load


class Command(BaseCommand):
    help = "Seed the demo checklist, task values, pilots, federations and grid cells."

    def handle(self, *args, **options):
        if demo_is_loaded():
            self.stdout.write("Evidence demo data already loaded.")
            return
        counts = evidence_demo_load()
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))
