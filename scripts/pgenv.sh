# Sourced by backup.sh and restore.sh: point libpq (PGHOST, PGPORT, PGUSER, PGPASSWORD,
# PGDATABASE, PGSSLMODE) at the database the settings use: DATABASE_URL if set, else the
# private cluster (socket var/pg/run, port GEOPORTAL_PG_PORT or 5433, user geoportal).
# GEOPORTAL_DB_NAME overrides the database name in both cases, as in settings.py.
# PG_BIN is the newest installed PostgreSQL client directory.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PG_BIN" ] || { echo "PostgreSQL client binaries not found" >&2; exit 1; }

if [ -n "${DATABASE_URL:-}" ]; then
  eval "$(python3 - <<'PY'
import os, shlex
from urllib.parse import parse_qs, unquote, urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
query = {k: v[-1] for k, v in parse_qs(url.query).items()}
values = {
    "PGHOST": unquote(url.hostname or "") or query.get("host", ""),
    "PGPORT": str(url.port or query.get("port", "")),
    "PGUSER": unquote(url.username or "") or query.get("user", ""),
    "PGPASSWORD": unquote(url.password or "") or query.get("password", ""),
    "PGDATABASE": unquote(url.path.lstrip("/")) or query.get("dbname", ""),
    "PGSSLMODE": query.get("sslmode", ""),
}
for name, value in values.items():
    print(f"export {name}={shlex.quote(value)}" if value else f"unset {name}")
PY
)"
else
  export PGHOST="$ROOT/var/pg/run" PGPORT="${GEOPORTAL_PG_PORT:-5433}" PGUSER=geoportal
  export PGDATABASE=geoportal
fi
if [ -n "${GEOPORTAL_DB_NAME:-}" ]; then export PGDATABASE="$GEOPORTAL_DB_NAME"; fi
: "${PGDATABASE:?no database name in DATABASE_URL}"
