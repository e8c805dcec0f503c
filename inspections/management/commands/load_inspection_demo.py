"""Load the demo inspection groups, visits, notices and problems (needs villages)."""

from django.core.management.base import BaseCommand

from inspections.demo import load_inspection_demo


class Command(BaseCommand):
    help = "Load or refresh the demo inspections (4 groups, 2022 visits of every village, ...)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="write the demo rows again, undoing later changes to them",
        )

    def handle(self, *args, **options):
        report = load_inspection_demo(force=options["force"])
        if options["verbosity"] > 0:
            self.stdout.write(str(report))
