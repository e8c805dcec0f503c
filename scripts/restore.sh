#!/usr/bin/env bash
# Restore a custom-format dump into the configured database, all or nothing:
#   scripts/restore.sh var/backups/geoportal-20261125-120000.dump
# RESTORE_MODE=swap (default): restore into a fresh database <name>_restoring, then, in
#   one transaction, rename the current one to <name>_before_restore and the new one to
#   <name>, and drop the old one (KEEP_OLD=1 keeps it). Needs CREATEDB; open sessions on
#   the database are ended (the app reconnects on its next request).
# RESTORE_MODE=in-place: pg_restore --clean --single-transaction into the database
#   itself, for a role that may not create databases.
# API tokens revoked in the database being replaced stay revoked (a dump taken before
#   the revocation would otherwise bring them back); the script lists them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FILE=${1:-}
[ -n "$FILE" ] || { echo "usage: $0 FILE.dump" >&2; exit 2; }
[ -r "$FILE" ] || { echo "$FILE: cannot read it" >&2; exit 2; }
source "$ROOT/scripts/pgenv.sh"
"$PG_BIN/pg_restore" --list "$FILE" >/dev/null 2>&1 \
  || { echo "$FILE: not a pg_dump custom-format archive" >&2; exit 2; }

TARGET=$PGDATABASE
RESTORE=(--exit-on-error --no-owner --no-privileges --single-transaction)
admin() {  # run SQL in the maintenance database, stopping at the first error
  PGOPTIONS="-c client_min_messages=warning" \
    "$PG_BIN/psql" --dbname=postgres -X -q -At -v ON_ERROR_STOP=1 "$@"
}

restore_media() {  # the photos saved next to the dump (backup.sh) replace the media dir
  local archive="$FILE.media.tar.gz" media="${GEOPORTAL_MEDIA_ROOT:-$ROOT/var/media}"
  [ -r "$archive" ] || return 0
  rm -rf "$media.restoring" && mkdir -p "$media.restoring"
  tar -xzf "$archive" -C "$media.restoring" --no-same-owner
  rm -rf "$media.before_restore"
  if [ -d "$media" ]; then mv "$media" "$media.before_restore"; fi
  mv "$media.restoring" "$media" && rm -rf "$media.before_restore"
  echo "restored photos from $archive into $media"
}

revocations() {  # "digest,revoked_at" of each token revoked in database $1 (if any)
  "$PG_BIN/psql" --dbname="$1" -X -q -At -F, \
    -c "SELECT digest, revoked_at FROM accounts_apitoken WHERE revoked_at IS NOT NULL" \
    2>/dev/null | grep -E '^[0-9a-f]{64},[-0-9: .+]+$' || true
}

keep_revoked() {  # revoke again in database $1 the tokens listed in $2, and list them
  [ -n "$2" ] || return 0
  local values kept
  values=$(sed -E "s/^([0-9a-f]{64}),(.*)$/('\1','\2')/" <<<"$2" | paste -sd,)
  kept=$("$PG_BIN/psql" --dbname="$1" -X -q -At -v ON_ERROR_STOP=1 -c "
    UPDATE accounts_apitoken t SET revoked_at = r.at::timestamptz
    FROM (VALUES $values) AS r(digest, at)
    WHERE t.digest = r.digest AND t.revoked_at IS NULL
    RETURNING t.hint || '… of ' || (SELECT username FROM auth_user u WHERE u.id = t.user_id)
      || ', revoked at ' || r.at")
  if [ -n "$kept" ]; then
    echo "kept revoked (the dump predates their revocation):"
    sed 's/^/  /' <<<"$kept"
  fi
}

if [ "${RESTORE_MODE:-swap}" = "in-place" ]; then
  SAVED=$(revocations "$TARGET")
  "$PG_BIN/pg_restore" "${RESTORE[@]}" --clean --if-exists --dbname="$TARGET" "$FILE"
  keep_revoked "$TARGET" "$SAVED"
  restore_media
  echo "restored $FILE into $TARGET (in place)"
  exit 0
fi

NEW="${TARGET:0:50}_restoring"
OLD="${TARGET:0:50}_before_restore"
admin -v db="$NEW" <<<'DROP DATABASE IF EXISTS :"db"'
admin -v db="$NEW" <<<'CREATE DATABASE :"db" TEMPLATE template0'
trap 'admin -v db="$NEW" <<<"DROP DATABASE IF EXISTS :\"db\"" || true' EXIT
"$PG_BIN/pg_restore" "${RESTORE[@]}" --dbname="$NEW" "$FILE"
# Read again just before the swap: revocations made while the dump was restoring count.
keep_revoked "$NEW" "$(revocations "$TARGET")"

EXISTS=$(admin -v db="$TARGET" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")
admin -v db="$OLD" <<<'DROP DATABASE IF EXISTS :"db"'
if [ "$EXISTS" = "1" ]; then
  # No new sessions while the names move; the open ones are ended just before.
  admin -v db="$TARGET" <<<'ALTER DATABASE :"db" ALLOW_CONNECTIONS false'
  if ! admin -v target="$TARGET" -v new="$NEW" -v old="$OLD" >/dev/null <<'SQL'
BEGIN;
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
  WHERE datname = :'target' AND pid <> pg_backend_pid();
SELECT pg_sleep(0.2);
ALTER DATABASE :"target" RENAME TO :"old";
ALTER DATABASE :"new" RENAME TO :"target";
COMMIT;
SQL
  then
    admin -v db="$TARGET" <<<'ALTER DATABASE :"db" ALLOW_CONNECTIONS true'
    echo "could not swap the databases; $TARGET is unchanged" >&2
    exit 1
  fi
  [ "${KEEP_OLD:-0}" = "1" ] || admin -v db="$OLD" <<<'DROP DATABASE :"db"'
else
  admin -v new="$NEW" -v target="$TARGET" <<<'ALTER DATABASE :"new" RENAME TO :"target"'
fi
trap - EXIT
restore_media
echo "restored $FILE into $TARGET"
