"""The browser import in Chromium: upload the county's 三调 village layer over the demo
data, see the detection and the dry run's map, confirm, and find the history row; the
feeds then show no schematic village or township. 532 outlines are over the page's 2 s
budget: the dry run and the confirm run in a real job worker (its own process) while the
page shows their progress.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.roles import Role
from accounts.services import role_grant
from history.models import Change
from layers.models import Township, Village
from tests.browser.conftest import PASSWORD

REAL = Path(settings.BASE_DIR) / "fixtures" / "real"


def test_real_village_boundaries_replace_the_schematic_ones(
    tab, county, settings, tmp_path, worker
):
    settings.MEDIA_ROOT = tmp_path
    admin = get_user_model().objects.create_user("clerk", password=PASSWORD)
    role_grant(user=admin, role=Role.COUNTY_ADMIN)
    assert Village.objects.filter(is_schematic=True).count() == county.villages
    tab.login("clerk")
    tab.open_map("/")
    assert tab.page.is_visible("#gp-schematic")  # the 示意 notice, before

    tab.page.goto(tab.base_url + "/import/")
    tab.page.select_option("#gp-kind", "village")
    tab.page.set_input_files("#gp-file", str(REAL / "cjdcq_gk38.zip"))
    with tab.page.expect_navigation():
        tab.page.click("#gp-upload")
    detected = tab.page.inner_text("#gp-import-detected")
    assert "EPSG:4526" in detected and "gb18030" in detected and "ZLDWDM" in detected
    mapping = tab.page.locator("#gp-import-mapping select[name=map-code]")
    assert mapping.input_value() == "ZLDWDM"

    # 532 surveyed outlines: the request answers at once with the job's page, which
    # shows the worker's progress and then the report (allow for a busy machine).
    with tab.page.expect_navigation():
        tab.page.click("#gp-dry-run")
    assert "/import/job/" in tab.page.url
    assert tab.page.is_visible("#gp-job-status")
    tab.page.wait_for_selector("#gp-import-map[data-drawn]", timeout=300_000)
    assert tab.page.get_attribute("#gp-import-map", "data-drawn") == "532"
    assert "532" in tab.page.inner_text("#gp-import-legend")
    drawn = tab.page.locator("#gp-import-map path.leaflet-interactive").count()
    assert drawn >= 532  # one outline per village (multipolygons may draw more)
    tab.screenshot("import-dry-run")
    assert Village.objects.filter(is_schematic=True).count() == county.villages

    with tab.page.expect_navigation():
        tab.page.click("#gp-confirm")
    assert "/import/job/" in tab.page.url
    tab.page.wait_for_selector("#gp-import-history", timeout=300_000)
    history = tab.page.inner_text("#gp-import-history")
    assert "cjdcq_gk38.zip" in history and "clerk" in history
    written = Change.objects.filter(username="clerk", reason="import: cjdcq_gk38.zip")
    assert written.filter(table_name__endswith="village").count() == 532
    tab.screenshot("import-done")

    assert not Village.objects.filter(is_schematic=True).exists()
    assert not Township.objects.filter(is_schematic=True).exists()
    feed = tab.page.evaluate(
        """async () => {
            const v = await (await fetch('/api/villages/?limit=10000')).json();
            const t = await (await fetch('/api/townships/')).json();
            return JSON.stringify({
                villages: v.features.length,
                schematicVillages: v.features.filter(f => f.properties.is_schematic).length,
                schematicTownships: t.features.filter(f => f.properties.is_schematic).length,
            });
        }"""
    )
    assert json.loads(feed) == {
        "villages": county.villages,
        "schematicVillages": 0,
        "schematicTownships": 0,
    }
    # The county map drops its 示意 notice: nothing drawn is schematic any more.
    tab.open_map("/")
    assert tab.page.is_hidden("#gp-schematic")
    tab.page.goto(tab.base_url + "/township/410527207/")
    assert tab.page.locator(".gp-badge-schematic").count() == 0
    assert tab.errors == []
