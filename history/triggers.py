"""The triggers that write history_change, and the one refusing silent past-year fixes.

Statement-level AFTER triggers with transition tables record every row an INSERT,
UPDATE or DELETE touched in one INSERT … SELECT, so a bulk import of 10,000 rows costs
one extra statement, not 10,000. An UPDATE records only the columns that changed
(`updated_at` left out) and nothing when no column changed. Geometries are stored as
GeoJSON (PostGIS casts geometry to json). Who, from where and why come from the
settings geoportal.user_id / .username / .source / .reason (history.context).

TRUNCATE is not recorded: only the test suite's flush uses it.
Adding a table to AUDITED needs a new migration running `install_sql([...new...])`.
"""

# table → how to find its township: self (the township row), township (township_id),
# village (village_id → layers_village), notice (notice_id → notice → village), none.
AUDITED = {
    "layers_county": "none",
    "layers_township": "self",
    "layers_village": "township",
    "layers_starrating": "village",
    "layers_creationtarget": "township",
    "layers_eodproject": "none",
    "layers_eodsite": "village",
    "layers_clearedsite": "village",
    "layers_servicecentre": "village",
    "layers_pairing": "village",
    "inspections_inspectiongroup": "none",
    "inspections_visit": "village",
    "inspections_rectificationnotice": "village",
    "inspections_problem": "notice",
    "inspections_photo": "village",  # engineer E2: inspections/migrations/0003
    # evidence values and their places (evidence/migrations/0004_history_triggers.py)
    "evidence_task": "none",
    "evidence_taskvalue": "village",
    "evidence_gridcell": "village",
    "evidence_threechangespilot": "village",
    "evidence_federation": "township",
    "evidence_mediationcentre": "village",
}
# The county's calendar decides which year is past; settings.TIME_ZONE says the same
# (tests/history/test_triggers.py checks they agree).
COUNTY_TIME_ZONE = "Asia/Shanghai"
INTERACTIVE_SOURCES = ("web", "api", "admin")
PAST_YEAR_CONSTRAINT = "rating_past_year_needs_reason"

FUNCTIONS = """
CREATE OR REPLACE FUNCTION history_township(scope text, r jsonb) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT CASE scope
        WHEN 'self' THEN (r ->> 'id')::bigint
        WHEN 'township' THEN (r ->> 'township_id')::bigint
        WHEN 'village' THEN (SELECT v.township_id FROM layers_village v
                             WHERE v.id = (r ->> 'village_id')::bigint)
        WHEN 'notice' THEN (SELECT v.township_id FROM inspections_rectificationnotice n
                            JOIN layers_village v ON v.id = n.village_id
                            WHERE n.id = (r ->> 'notice_id')::bigint)
    END
$$;

CREATE OR REPLACE FUNCTION history_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    scope text := TG_ARGV[0];
    stamp timestamptz := clock_timestamp();
    who_id integer := nullif(current_setting('geoportal.user_id', true), '')::integer;
    who text := coalesce(current_setting('geoportal.username', true), '');
    src text := coalesce(nullif(current_setting('geoportal.source', true), ''), 'db');
    why text := coalesce(current_setting('geoportal.reason', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO history_change (at, table_name, object_id, action, old, new, user_id,
                                    username, source, reason, db_role, txid, township_id)
        SELECT stamp, TG_TABLE_NAME, r.j ->> 'id', 'create', NULL, r.j - 'updated_at',
               who_id, who, src, why, current_user, txid_current(),
               history_township(scope, r.j)
        FROM (SELECT to_jsonb(n) AS j FROM new_rows n) r;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO history_change (at, table_name, object_id, action, old, new, user_id,
                                    username, source, reason, db_role, txid, township_id)
        SELECT stamp, TG_TABLE_NAME, r.j ->> 'id', 'delete', r.j - 'updated_at', NULL,
               who_id, who, src, why, current_user, txid_current(),
               history_township(scope, r.j)
        FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
    ELSE
        INSERT INTO history_change (at, table_name, object_id, action, old, new, user_id,
                                    username, source, reason, db_role, txid, township_id)
        SELECT stamp, TG_TABLE_NAME, d.nj ->> 'id', 'update', d.old, d.new,
               who_id, who, src, why, current_user, txid_current(),
               history_township(scope, d.nj)
        FROM (
            SELECT n.j AS nj,
                   (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(o.j) e
                    WHERE e.key <> 'updated_at' AND e.value IS DISTINCT FROM n.j -> e.key)
                       AS old,
                   (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(n.j) e
                    WHERE e.key <> 'updated_at' AND e.value IS DISTINCT FROM o.j -> e.key)
                       AS new
            FROM (SELECT to_jsonb(x) AS j FROM old_rows x) o
            JOIN (SELECT to_jsonb(y) AS j FROM new_rows y) n ON n.j -> 'id' = o.j -> 'id'
        ) d
        WHERE d.new IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
"""

GUARD = f"""
CREATE OR REPLACE FUNCTION history_rating_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    this_year integer := extract(year FROM now() AT TIME ZONE '{COUNTY_TIME_ZONE}');
    src text := coalesce(current_setting('geoportal.source', true), '');
    why text := btrim(coalesce(current_setting('geoportal.reason', true), ''));
BEGIN
    IF src IN {INTERACTIVE_SOURCES} AND why = '' AND (
        (TG_OP = 'DELETE' AND OLD.year < this_year)
        OR (TG_OP = 'UPDATE' AND (OLD.year < this_year OR NEW.year < this_year)
            AND to_jsonb(OLD) - 'updated_at' - 'level'
                IS DISTINCT FROM to_jsonb(NEW) - 'updated_at' - 'level')
    ) THEN
        RAISE EXCEPTION 'A star rating of a past year (%) is corrected only with a reason.',
            OLD.year
            USING ERRCODE = 'check_violation', CONSTRAINT = '{PAST_YEAR_CONSTRAINT}',
                  HINT = 'Send the reason (X-Change-Reason header, reason field).';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER history_rating_guard BEFORE UPDATE OR DELETE ON layers_starrating
    FOR EACH ROW EXECUTE FUNCTION history_rating_guard();
"""

REMOVE_GUARD = """
DROP TRIGGER IF EXISTS history_rating_guard ON layers_starrating;
DROP FUNCTION IF EXISTS history_rating_guard();
"""


def install_sql(tables: list[str]) -> str:
    """Return the SQL creating the three history triggers on each of `tables`."""
    statements = []
    for table in tables:
        scope = AUDITED[table]
        statements += [
            (
                f"CREATE TRIGGER history_insert AFTER INSERT ON {table} "
                f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION history_record('{scope}');"
            ),
            (
                f"CREATE TRIGGER history_update AFTER UPDATE ON {table} "
                f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
                f"FOR EACH STATEMENT EXECUTE FUNCTION history_record('{scope}');"
            ),
            (
                f"CREATE TRIGGER history_delete AFTER DELETE ON {table} "
                f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION history_record('{scope}');"
            ),
        ]
    return "\n".join(statements)


def uninstall_sql(tables: list[str]) -> str:
    return "\n".join(
        f"DROP TRIGGER IF EXISTS history_{op} ON {table};"
        for table in tables
        for op in ("insert", "update", "delete")
    )
