#!/usr/bin/env bash
# Fetch the map pages' third-party scripts, styles, images and fonts from the npm registry
# into static/vendor/<package>/<version>/, so no page loads anything from a CDN at run time.
# Run from the repository root: static/vendor/fetch.sh   (needs npm; idempotent)
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name@version  destination  files (relative to the package root)
unpack() {
  local spec=$1 dest=$2; shift 2
  local tgz
  tgz=$(cd "$work" && npm pack "$spec" --silent | tail -1)
  mkdir -p "$work/$dest" "$dest"
  tar xzf "$work/$tgz" -C "$work/$dest"
  for path in "$@"; do
    mkdir -p "$dest/$(dirname "${path#dist/}")"
    cp -r "$work/$dest/package/$path" "$dest/${path#dist/}"
  done
}

unpack leaflet@1.9.4 leaflet/1.9.4 dist/leaflet.js dist/leaflet.css dist/images LICENSE
unpack leaflet.markercluster@1.5.3 leaflet.markercluster/1.5.3 \
  dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css MIT-LICENCE.txt
unpack leaflet.heat@0.2.0 leaflet.heat/0.2.0 dist/leaflet-heat.js LICENSE
unpack leaflet.awesome-markers@2.0.5 leaflet.awesome-markers/2.0.5 \
  dist/leaflet.awesome-markers.js dist/leaflet.awesome-markers.css dist/images LICENSE
unpack bootstrap@5.2.3 bootstrap/5.2.3 \
  dist/css/bootstrap.min.css dist/js/bootstrap.bundle.min.js LICENSE
unpack @fortawesome/fontawesome-free@6.7.2 fontawesome-free/6.7.2 \
  css/all.min.css webfonts LICENSE.txt
unpack jquery@3.7.1 jquery/3.7.1 dist/jquery.min.js LICENSE.txt
# Source maps are referenced by some minified files; without them the browser only logs a
# DevTools warning, never a console error, so they are not copied.
echo "vendored into $(pwd)"
