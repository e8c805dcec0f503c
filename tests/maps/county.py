"""The county the page and browser tests look at: the Neihuang data set that the suite's
conftest loads once (and that a browser test loads again after pytest-django empties the
tables). Tests read the facts they check from here instead of hard-coding them.
"""

from dataclasses import dataclass

from django.db.models import Count

from layers.models import ClearedSite, EODSite, Pairing, StarRating, Township, Village


@dataclass(frozen=True)
class County:
    villages: int
    township: str
    township_villages: int
    village: str
    village_name: str
    village_sites: int
    years: list[int]
    sites: int
    eod_sites: int
    pairings: dict[int, int]


def ensure_loaded() -> None:
    """Load Neihuang through the importer when the tables are empty."""
    if not Village.objects.exists():
        from layers.demo.loader import load_neihuang

        load_neihuang()


def describe() -> County:
    """Describe what is in the database: the first township and its first village."""
    township = Township.objects.order_by("code").first()
    village = Village.objects.filter(township=township).order_by("code").first()
    years = StarRating.objects.order_by().values_list("year", flat=True).distinct()
    return County(
        villages=Village.objects.count(),
        township=township.code,
        township_villages=Village.objects.filter(township=township).count(),
        village=village.code,
        village_name=village.short_name,
        village_sites=ClearedSite.objects.filter(village=village).count(),
        years=sorted(years),
        sites=ClearedSite.objects.count(),
        eod_sites=EODSite.objects.count(),
        pairings=dict(
            Pairing.objects.order_by().values_list("year").annotate(n=Count("pk"))
        ),
    )
