#!/usr/bin/env bash
# Manage geoportal's private PostgreSQL cluster inside the repository (var/pg).
#   devdb.sh start   create the cluster if needed, start it, ensure the database + extensions
#   devdb.sh stop    stop it
#   devdb.sh status  say whether it runs
# It never touches another cluster or port 5432. With DATABASE_URL set, nothing here runs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGDATA="$ROOT/var/pg/data"
PGRUN="$ROOT/var/pg/run"
PGLOG="$ROOT/var/pg/postgres.log"
PORT="${GEOPORTAL_PG_PORT:-5433}"
DBNAME="${GEOPORTAL_DB_NAME:-geoportal}"
DBUSER=geoportal
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

[ -n "$BIN" ] || { echo "PostgreSQL server binaries not found; run scripts/install-system.sh" >&2; exit 1; }

# PostgreSQL refuses to run as root: root runs it as the 'postgres' system user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_admin() {
  as_owner "$BIN/psql" -h "$PGRUN" -p "$PORT" -d "${2:-postgres}" -v ON_ERROR_STOP=1 -qtAc "$1"
}

create_cluster() {
  mkdir -p "$ROOT/var/pg"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$ROOT/var/pg"
    # postgres must be able to reach the repository to find var/pg
    dir="$ROOT"; while [ "$dir" != "/" ]; do chmod o+x "$dir" 2>/dev/null || true; dir=$(dirname "$dir"); done
  fi
  as_owner "$BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=reject \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$PGDATA/postgresql.conf" <<CONF
# geoportal private cluster
port = $PORT
listen_addresses = ''
unix_socket_directories = '$PGRUN'
unix_socket_permissions = 0770
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_connections = 100
fsync = on
CONF
  echo "created cluster in $PGDATA (port $PORT, socket in $PGRUN)"
}

running() {
  [ -f "$PGDATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

start() {
  [ -f "$PGDATA/PG_VERSION" ] || create_cluster
  mkdir -p "$PGRUN"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGRUN"
  if ! running; then
    # The port is passed on every start: GEOPORTAL_PG_PORT set after the cluster was
    # created (its postgresql.conf keeps the first port) must still be the one served.
    as_owner "$BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 -o "-p $PORT" start >/dev/null
    echo "started PostgreSQL on socket $PGRUN port $PORT"
  else
    serving=$(sed -n 4p "$PGDATA/postmaster.pid")
    if [ "$serving" != "$PORT" ]; then
      echo "the cluster in $PGDATA is running on port $serving, not GEOPORTAL_PG_PORT=$PORT:" \
        "run '$0 stop' and start it again (or unset GEOPORTAL_PG_PORT)" >&2
      exit 1
    fi
  fi
  ensure_database
}

ensure_database() {
  if [ -z "$(psql_admin "select 1 from pg_roles where rolname='$DBUSER'")" ]; then
    psql_admin "create role $DBUSER login superuser"
  fi
  if [ -z "$(psql_admin "select 1 from pg_database where datname='$DBNAME'")" ]; then
    psql_admin "create database $DBNAME owner $DBUSER"
  fi
  # the 'template1' extensions let the test databases inherit them
  for db in template1 "$DBNAME"; do
    psql_admin "set client_min_messages=warning; create extension if not exists postgis; create extension if not exists pgrouting" "$db"
  done
}

stop() {
  if running; then
    as_owner "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    echo "stopped PostgreSQL ($PGDATA)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
