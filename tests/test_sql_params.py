"""SQL is built only with bound parameters: no value is formatted into SQL text.

The scan reads every project module's syntax tree and refuses
1. a call to execute/executemany/raw/extra/RawSQL whose SQL argument is formatted right
   there (f-string with fields, `%` formatting, `.format()`, `+` with non-literals);
2. anywhere, `%` or `.format()` applied to a string literal that looks like SQL;
3. anywhere, an f-string that puts a field inside SQL quotes ('{value}'), the classic
   injection.
Composing fixed fragments (column lists, a queryset's compiled SQL with its params) in
variables first is allowed; each exception to the rules above is listed in ALLOWED with
the reason it was judged safe, so any new one fails until someone looks at it.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_DIRS = [
    "geoportal",
    "layers",
    "inspections",
    "routing",
    "accounts",
    "history",
    "bench",
    "scripts",
]
# fetch_row/fetch_text: layers/prepared.py and layers/geojson.py run their argument.
SINKS = {
    "execute",
    "executemany",
    "raw",
    "extra",
    "RawSQL",
    "mogrify",
    "fetch_row",
    "fetch_text",
}
SQL_WORDS = re.compile(
    r"\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|WHERE|CREATE|DROP|ALTER)\b",
    re.IGNORECASE,
)
QUOTED_FIELD = re.compile(r"'\{[^}]*\}'")
# (file, a snippet of the offending source) → why it is safe
ALLOWED = {
    (
        "layers/coverage.py",
        "SELECT {', '.join(names)} FROM ({sql}) c",
    ): "names are the fixed coverage column list; the inner SQL keeps its values as "
    "bound parameters",
    (
        "history/triggers.py",
        "'{COUNTY_TIME_ZONE}'",
    ): "DDL from a module constant, run by a migration",
    (
        "history/triggers.py",
        "'{PAST_YEAR_CONSTRAINT}'",
    ): "DDL from a module constant, run by a migration",
    (
        "history/triggers.py",
        "history_record('{scope}')",
    ): "DDL: scope is a key of the AUDITED constant, run by a migration",
    (
        "layers/coverage.py",
        "s.kind = '{k}' AND s.status = '{st}'",
    ): "k and st run over ClearedSite.Kind/Status values (KINDS, STATUSES)",
    (
        "routing/travel/roads.py",
        "(VALUES {}) AS c(source, target)",
    ): "pgr_dijkstra takes SQL text; every value is passed through int()",
    (
        "bench/api_bench.py",
        "WHERE datname = '{name}'",
    ): "benchmark run by hand: the developer's own --db argument to psql",
    (
        "layers/api/conditional.py",
        'f"LISTEN {CHANNEL}"',
    ): "LISTEN takes no parameters; CHANNEL is the module constant 'layers_change_stamp'",
    (
        "layers/api/conditional.py",
        'f"LISTEN {AUTH_CHANNEL}"',
    ): "LISTEN takes no parameters; AUTH_CHANNEL is the module constant 'geoportal_auth'",
    (
        "layers/tiles.py",
        "FROM ({sql}) b(body), ({STAMPS_SQL}) s",
    ): "sql is tile_sql's text whose values stay in params; STAMPS_SQL is a constant "
    "with its own %s (bound to tables)",
    (
        "layers/tiles.py",
        "FROM (SELECT ST_Extent(t.geometry) AS e FROM ({row_sql}) t) b",
    ): "row_sql is a queryset's compiled SQL; its values stay in row_params",
    (
        "accounts/concurrency.py",
        'SELECT md5(t::text) FROM "{meta.db_table}" t',
    ): "table and pk column names come from the model's _meta; the pk value is bound",
    (
        "bench/peers/run.py",
        "FROM bench.{table} WHERE code = '{code}';",
    ): "benchmark run by hand: pgbench statement text; table, props and code are the "
    "bench's own constants and a code it read from its own flat copy",
    (
        "bench/peers/run.py",
        "SELECT ST_AsMVT(m, '{layer}', 4096, 'geom')",
    ): "benchmark run by hand: pgbench statement text from the bench's constant layer, "
    "columns and tile numbers",
}


def modules():
    for folder in PROJECT_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            # a virtualenv kept beside a bench (bench/peers/.venv-*) is not project code
            if "migrations" not in parts and not any(p.startswith(".") for p in parts):
                yield path


def literal_text(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}"
            for part in node.values
        )
    return None


def formatted_here(node) -> bool:
    """Say whether `node` formats values into a string right where it stands."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return literal_text(node.left) is not None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return not (literal_text(node.left) and literal_text(node.right)) and (
            literal_text(node.left) is not None
            or literal_text(node.right) is not None
            or formatted_here(node.left)
            or formatted_here(node.right)
        )
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def suspicious(node) -> bool:
    """Say whether `node` formats values into SQL text by one of the three rules."""
    if isinstance(node, ast.Call) and call_name(node) in SINKS and node.args:
        return formatted_here(node.args[0])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        text = literal_text(node.left)
        return bool(text and SQL_WORDS.search(text) and re.search(r"%[sd(]", text))
    if isinstance(node, ast.Call) and call_name(node) == "format":
        text = literal_text(getattr(node.func, "value", None))
        return bool(text and SQL_WORDS.search(text))
    if isinstance(node, ast.JoinedStr):
        text = literal_text(node).replace("{}", "{x}")
        return bool(SQL_WORDS.search(text) and QUOTED_FIELD.search(text))
    return False


def findings(path: Path) -> list[tuple[str, int, str]]:
    source = path.read_text(encoding="utf-8")
    name = str(path.relative_to(ROOT))
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if suspicious(node):
            snippet = "\n".join(lines[node.lineno - 1 : node.end_lineno])
            found.append((name, node.lineno, snippet))
    return found


def squeezed(text: str) -> str:
    """Drop all whitespace, so a reformatted line still matches its ALLOWED key."""
    return re.sub(r"\s+", "", text)


def allowed(finding) -> bool:
    name, _line, snippet = finding
    return any(
        file == name and squeezed(part) in squeezed(snippet) for file, part in ALLOWED
    )


def test_sql_is_built_only_with_bound_parameters():
    offending = [
        f"{name}:{line}: {snippet[:120]}"
        for path in modules()
        for name, line, snippet in findings(path)
        if not allowed((name, line, snippet))
    ]
    assert offending == [], "SQL formatted with values:\n" + "\n".join(offending)


def test_every_allowed_exception_still_exists():
    everything = [found for path in modules() for found in findings(path)]
    stale = [
        key
        for key in ALLOWED
        if not any(
            allowed(f) and f[0] == key[0] and squeezed(key[1]) in squeezed(f[2])
            for f in everything
        )
    ]
    assert stale == []


def test_the_scan_catches_the_usual_injections(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'cursor.execute(f"SELECT * FROM t WHERE id = {x}")\n'
        'cursor.execute("SELECT * FROM t WHERE id = %s" % x)\n'
        'cursor.execute("SELECT * FROM t WHERE id = {}".format(x))\n'
        'cursor.execute("SELECT * FROM t WHERE id = " + x)\n'
        "sql = f\"SELECT * FROM t WHERE name = '{name}'\"\n"
        'Model.objects.raw(f"SELECT * FROM t WHERE id = {x}")\n'
        'cursor.execute("SELECT * FROM t WHERE id = %s", [x])\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        lines = sorted({line for _name, line, _snippet in findings(bad)})
    finally:
        ROOT = saved
    assert lines == [1, 2, 3, 4, 5, 6]
