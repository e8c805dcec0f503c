"""The county the browser tests look at: Neihuang's demo data when its files exist,
else the synthetic 532-village world. Either way the tests read the facts they check here.
"""

from dataclasses import dataclass

from django.conf import settings

from layers.models import StarRating, Township, Village


@dataclass(frozen=True)
class County:
    villages: int
    township: str
    township_villages: int
    village: str
    village_name: str
    years: list[int]


def neihuang_files_present() -> bool:
    folder = settings.BASE_DIR / "fixtures" / "neihuang"
    return all(
        (folder / name).exists()
        for name in (
            "townships.geojson",
            "villages.geojson",
            "ratings.csv",
            "cleared_sites.geojson",
        )
    )


def load_county() -> County:
    """Fill the empty test database and describe what is in it."""
    if not Village.objects.exists():
        if neihuang_files_present():
            from layers.demo.loader import load_neihuang

            load_neihuang()
        else:
            from tests.maps.world import build_world

            build_world(sites_per_village=4)
    township = Township.objects.order_by("code").first()
    village = Village.objects.filter(township=township).order_by("code").first()
    years = sorted(
        StarRating.objects.order_by().values_list("year", flat=True).distinct()
    )
    return County(
        villages=Village.objects.count(),
        township=township.code,
        township_villages=Village.objects.filter(township=township).count(),
        village=village.code,
        village_name=village.short_name,
        years=years,
    )
