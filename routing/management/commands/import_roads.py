"""Load a road network (OSM extract or roads shapefile) for route planning."""

from django.core.management.base import BaseCommand, CommandError

from routing.roads.services import RoadImportError, roads_import, roads_warm


class Command(BaseCommand):
    help = "Replace the road network with the roads of an .osm/.osm.pbf extract or a shapefile."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check, save nothing."
        )
        parser.add_argument(
            "--no-warm",
            action="store_true",
            help="Skip filling the travel-time cache between all villages.",
        )

    def handle(self, *args, **options):
        try:
            report = roads_import(path=options["file"], dry_run=options["dry_run"])
        except RoadImportError as error:
            raise CommandError(str(error)) from error
        prefix = "dry run, nothing saved: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{report}")
        if not (options["dry_run"] or options["no_warm"]):
            points = roads_warm()
            self.stdout.write(f"travel times cached between {points} points")
