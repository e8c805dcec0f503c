"""manage.py import_layer KIND FILE: check every row, then write them all or none."""

from django.core.management.base import BaseCommand, CommandError

from layers.importers import KINDS, ImportFailed, import_file


class Command(BaseCommand):
    help = "Import a GeoJSON, GPKG, shapefile (.shp/.zip), KML or CSV file of KIND."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--srs", help="EPSG:4326/4490/3857/4491–4554 or gcj02")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--repair", action="store_true", help="fix bad polygons")
        parser.add_argument("--encoding", help="e.g. gbk (default: detected)")

    def handle(self, *args, kind, file, **options):
        names = ("srs", "dry_run", "repair", "encoding")
        try:
            report = import_file(kind, file, **{name: options[name] for name in names})
        except ImportFailed as failure:
            raise CommandError(failure.message) from failure
        self.stdout.write(report.summary())
        for line in report.lines(limit=200):
            self.stdout.write(f"  {line}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} row error(s); nothing written.")
