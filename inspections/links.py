"""Navigation links for phones: AMap markers with WGS 84 coordinates (no GCJ-02 shift here)."""

from urllib.parse import urlencode


def amap_marker_url(lon: float, lat: float, name: str) -> str:
    """Return an AMap marker link that opens the app and navigates to a WGS 84 point."""
    query = urlencode(
        {
            "position": f"{lon:.6f},{lat:.6f}",
            "name": name,
            "coordinate": "wgs84",
            "callnative": 1,
        },
        safe=",",
    )
    return f"https://uri.amap.com/marker?{query}"
