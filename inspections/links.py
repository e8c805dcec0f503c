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


def navigation_links(lon: float, lat: float, name: str) -> dict[str, str]:
    """Return navigation links to a WGS 84 point for the apps a phone may have.

    AMap is given GCJ-02 (layers.gcj02, the shift its own maps use, so the pin lands on
    the village rather than 300-500 m off); Baidu takes WGS 84 with coord_type=wgs84; the
    geo: URI (RFC 5870) is WGS 84 and opens the phone's own choice of map app.
    """
    from layers.gcj02 import wgs84_to_gcj02

    gcj_lon, gcj_lat = wgs84_to_gcj02(lon, lat)
    amap = urlencode(
        {
            "to": f"{gcj_lon:.6f},{gcj_lat:.6f},{name}",
            "mode": "car",
            "coordinate": "gaode",
            "callnative": 1,
        },
        safe=",",
    )
    baidu = urlencode(
        {
            "location": f"{lat:.6f},{lon:.6f}",
            "title": name,
            "content": name,
            "coord_type": "wgs84",
            "output": "html",
            "src": "geoportal.neihuang",
        },
        safe=",",
    )
    return {
        "amap": f"https://uri.amap.com/navigation?{amap}",
        "baidu": f"https://api.map.baidu.com/marker?{baidu}",
        "geo": f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}",
    }
