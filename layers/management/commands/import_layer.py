"""manage.py import_layer KIND FILE: check every row, then write them all or none."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from layers.importers import KINDS, ImportFailed, import_file


class Command(BaseCommand):
    # Help is translated when the parser is built: argparse cannot format lazy text.
    @property
    def help(self) -> str:
        return _(
            "Import a GeoJSON, GPKG, shapefile (.shp/.zip), KML or CSV file of KIND."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", choices=sorted(KINDS), help=_("what the file holds")
        )
        parser.add_argument("file", help=_("the file to import"))
        parser.add_argument(
            "--srs", help=_("the file's CRS: EPSG:4326/4490/3857/4491–4554 or gcj02")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("check and report, write nothing")
        )
        parser.add_argument(
            "--repair", action="store_true", help=_("repair invalid polygons")
        )
        parser.add_argument(
            "--encoding", help=_("the text encoding, e.g. gbk (default: detected)")
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=_("read FIELD from COLUMN (repeatable)"),
        )
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help=_("give FIELD the VALUE on every row (repeatable)"),
        )

    def handle(self, *args, kind, file, **options):
        names = ("srs", "dry_run", "repair", "encoding")
        try:
            report = import_file(
                kind,
                file,
                mapping=pairs(options["map"], "--map"),
                constants=pairs(options["set"], "--set"),
                **{name: options[name] for name in names},
            )
        except ImportFailed as failure:
            raise CommandError(failure.message) from failure
        self.stdout.write(report.summary())
        if report.format and options["verbosity"] > 1:
            self.stdout.write(_("Read as: %(format)s") % {"format": report.format})
        for line in report.lines(limit=200):
            self.stdout.write(f"  {line}")
        if not report.ok:
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(count)d row error; nothing written.",
                    "%(count)d row errors; nothing written.",
                    count,
                )
                % {"count": count}
            )


def pairs(items: list[str], option: str) -> dict[str, str]:
    """Parse FIELD=VALUE options; refuse one without '='."""
    found = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(
                _("%(option)s %(item)r: write FIELD=VALUE")
                % {"option": option, "item": item}
            )
        found[key.strip()] = value.strip()
    return found
