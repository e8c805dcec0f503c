#!/usr/bin/env bash
# Install the Debian packages geoportal needs, only those missing.
# As root: installs them. Otherwise: prints the exact command and stops.
set -euo pipefail

PACKAGES=(
  python3-venv                                                 # the .venv
  postgresql postgresql-15-postgis-3 postgresql-15-pgrouting  # database, spatial types, routing
  gdal-bin libgdal-dev                                         # GDAL/OGR (import, export, OAPIF client)
  gettext                                                      # compilemessages for zh-hans/en
  chromium fonts-noto-cjk                                      # browser tests; Chinese glyphs
  libpango-1.0-0 libpangoft2-1.0-0                             # WeasyPrint: the bulletin as PDF
  wrk                                                          # benchmarks and load scripts
  osm2pgrouting                                                # OSM road import (optional path)
  cgi-mapserver                                                # WMS/WMTS at /wms: MapServer 8 renders from PostGIS
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Run as root:  $cmd" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
