"""Time WMS GetMap of the Neihuang villages: MapServer alone and through /wms.

"mapserv alone" runs the CGI program on the generated mapfile, as the view does, without
Django; "/wms" adds the role check, the year and scope parsing and the mapfile cache, in
the Django process (no HTTP). The figures give the renderer's cost per map and the
service's overhead on top of it.

    .venv/bin/python bench/wms_bench.py --runs 15
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoportal.settings")


def query(size: int, year: int, bbox: tuple) -> dict:
    x0, y0, x1, y1 = bbox
    return {
        "SERVICE": "WMS",
        "VERSION": "1.3.0",
        "REQUEST": "GetMap",
        "LAYERS": "villages,townships",
        "STYLES": "",
        "CRS": "EPSG:4326",
        "BBOX": f"{y0},{x0},{y1},{x1}",
        "WIDTH": str(size),
        "HEIGHT": str(round(size * 1.4)),
        "FORMAT": "image/png",
        "year": str(year),
    }


def timed(call, runs: int) -> list[float]:
    call()  # warm the caches once
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        found.append((time.perf_counter() - start) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from layers.rules import default_year
    from wms import mapfile, mapserv
    from wms.views import wms

    bbox = tuple(float(n) for n in mapfile.county_extent())
    year = default_year()
    found = mapfile.ensure("http://127.0.0.1:8000/wms?", "zh-hans")
    user = get_user_model().objects.filter(is_superuser=True).first()
    factory = RequestFactory()

    def direct(size):
        return lambda: mapserv.run(
            {**query(size, year, bbox), "scope": "all"},
            mapfile=found,
            host="127.0.0.1",
            port="8000",
            https=False,
        )

    def through_view(size):
        def call():
            request = factory.get("/wms", query(size, year, bbox))
            request.user = user
            response = wms(request)
            assert response.status_code == 200, response.content[:300]

        return call

    print(f"load average before: {os.getloadavg()[0]:.2f}; runs: {args.runs}")
    print("| map size | mapserv alone p50 ms | /wms p50 ms | overhead ms |")
    print("|---|---:|---:|---:|")
    for size in (256, 800, 1600):
        alone = statistics.median(timed(direct(size), args.runs))
        view = statistics.median(timed(through_view(size), args.runs))
        label = f"{size}×{round(size * 1.4)}"
        print(f"| {label} | {alone:.0f} | {view:.0f} | {view - alone:.0f} |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
