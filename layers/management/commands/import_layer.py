"""manage.py import_layer KIND FILE: check every row, then write them all or none."""

from django.core.management.base import BaseCommand, CommandError

from layers.importers import KINDS, ImportFailed, import_file

SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = "Import a GeoJSON, GeoPackage, shapefile (.shp/.zip), KML or CSV file of KIND."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--srs", help="source CRS: EPSG:4326/4490/3857/4491–4554 or gcj02")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--repair", action="store_true", help="fix invalid polygons")
        parser.add_argument("--encoding", help="text encoding, e.g. gbk (default: detected)")

    def handle(self, *args, kind, file, srs, dry_run, repair, encoding, **options):
        try:
            report = import_file(
                kind, file, srs=srs, dry_run=dry_run, repair=repair, encoding=encoding
            )
        except ImportFailed as failure:
            raise CommandError(failure.message) from failure
        self.stdout.write(report.summary())
        for line in report.lines(limit=SHOWN_ERRORS):
            self.stdout.write(f"  {line}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} row error(s); nothing was written.")
