"""Load the Neihuang data set through the real importer, in dependency order."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from layers.importers import import_file
from layers.models import ClearedSite, County, StarRating, Village

NEIHUANG = Path(settings.BASE_DIR) / "fixtures" / "neihuang"

# (kind, file, source CRS): the county outline is AMap's, so it goes in through gcj02.
STEPS = [
    ("county", "county_boundary.geojson", "gcj02"),
    ("township", "townships.geojson", None),
    ("village", "villages.geojson", None),
    ("target", "targets.csv", None),
    ("rating", "ratings.csv", None),
    ("eod_project", "eod_projects.csv", None),
    ("eod_site", "eod_sites.geojson", None),
    ("cleared_site", "cleared_sites.geojson", None),
    ("service_centre", "service_centres.geojson", None),
    ("pairing", "pairings.csv", None),
]


@dataclass
class LoadOutcome:
    skipped: bool
    reports: list


def neihuang_is_loaded() -> bool:
    """Say whether the demo data set is already in the database."""
    return (
        County.objects.filter(code="410527").exists()
        and Village.objects.count() >= 532
        and StarRating.objects.exists()
        and ClearedSite.objects.exists()
    )


def load_neihuang(*, force: bool = False, folder: Path = NEIHUANG) -> LoadOutcome:
    """Import every Neihuang file unless the data is there already (or `force`)."""
    if neihuang_is_loaded() and not force:
        return LoadOutcome(skipped=True, reports=[])
    reports = [import_file(kind, folder / name, srs=srs) for kind, name, srs in STEPS]
    return LoadOutcome(skipped=False, reports=reports)
