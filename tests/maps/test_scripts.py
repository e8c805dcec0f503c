"""The page scripts parse, and their formatting reads Chinese first (run in Node)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[2] / "static" / "geoportal" / "js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


@pytest.mark.parametrize("script", sorted(JS.glob("*.js")), ids=lambda p: p.name)
def test_script_parses(script):
    subprocess.run([NODE, "--check", str(script)], check=True)


def run_format(locale: str, calls: str):
    """Load format.js in Node with a bare `window` and evaluate GP.fmt calls."""
    program = (
        "global.window = global;"
        f"require({json.dumps(str(JS / 'format.js'))});"
        f"GP.locale = {json.dumps(locale)};"
        f"console.log(JSON.stringify({calls}));"
    )
    done = subprocess.run(
        [NODE, "-e", program], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def test_chinese_money_dates_and_distances():
    out = run_format(
        "zh-hans",
        "[GP.fmt.money(2000000), GP.fmt.money(3440000000), GP.fmt.date('2023-05-01'),"
        " GP.fmt.distance(1234), GP.fmt.year(2023), GP.fmt.mu(500)]",
    )
    assert out == ["200万元", "34.4亿元", "2023年5月1日", "1.2公里", "2023年", "500亩"]


def test_english_money_and_dates():
    out = run_format("en", "[GP.fmt.money(2000000), GP.fmt.date('2023-05-01')]")
    assert out == ["¥2,000,000", "1 May 2023"]


def test_escape_and_fill_keep_markup_out():
    out = run_format("zh-hans", "GP.fmt.fill('获{star}的行政村', {star: '<b>'})")
    assert out == "获&lt;b&gt;的行政村"
