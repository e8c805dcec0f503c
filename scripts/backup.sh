#!/usr/bin/env bash
# Dump the configured database in pg_dump's custom format and print the file's path:
#   scripts/backup.sh            → var/backups/geoportal-YYYYmmdd-HHMMSS.dump
#   BACKUP_DIR=/mnt/x scripts/backup.sh
# The dump is written under a temporary name and renamed once pg_restore can read it
# back, so a file with the final name is always a complete archive.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/pgenv.sh"

DIR="${BACKUP_DIR:-$ROOT/var/backups}"
mkdir -p "$DIR"
FILE="$DIR/geoportal-$(date +%Y%m%d-%H%M%S).dump"
n=1
while [ -e "$FILE" ]; do  # two backups in one second
  FILE="$DIR/geoportal-$(date +%Y%m%d-%H%M%S)-$n.dump"; n=$((n + 1))
done
PARTIAL="$FILE.partial"
trap 'rm -f "$PARTIAL"' EXIT

"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file="$PARTIAL" \
  --dbname="$PGDATABASE"
"$PG_BIN/pg_restore" --list "$PARTIAL" >/dev/null
mv "$PARTIAL" "$FILE"
# The photos (Django's default storage on the filesystem) go next to the dump as
# <dump>.media.tar.gz; restore.sh puts them back. An S3 store keeps its own copies.
MEDIA="${GEOPORTAL_MEDIA_ROOT:-$ROOT/var/media}"
if [ -d "$MEDIA" ] && [ -z "${GEOPORTAL_S3_BUCKET:-}" ]; then
  tar -czf "$FILE.media.tar.gz.partial" -C "$MEDIA" .
  mv "$FILE.media.tar.gz.partial" "$FILE.media.tar.gz"
fi
echo "$FILE"
