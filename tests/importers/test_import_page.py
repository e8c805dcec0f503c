"""The /import/ page through Django's test client: who may use it, each step's answer."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from accounts.services import role_grant
from history.models import Change
from layers.models import ClearedSite, Township, Village

REAL = Path(settings.BASE_DIR) / "fixtures" / "real"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def user(role, township=None, name=None):
    person = get_user_model().objects.create_user(name or role, password="x-pass-1")
    role_grant(user=person, role=role, township=township)
    return person


def upload(client, kind, *paths, data=None):
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]
    return client.post("/import/", {"kind": kind, "file": files, **(data or {})})


def test_anonymous_is_sent_to_login_and_a_leader_is_refused(client, db):
    assert client.get("/import/").status_code == 302
    client.force_login(user(Role.COUNTY_LEADER))
    assert client.get("/import/").status_code == 403


def test_the_top_bar_links_to_the_import_page_for_the_roles_that_import(client, db):
    link = 'id="gp-nav-import"'
    songcun = Township.objects.get(code="410527207")
    for role, township, shown in [
        (Role.COUNTY_ADMIN, None, True),
        (Role.TOWNSHIP_CADRE, songcun, True),
        (Role.COUNTY_LEADER, None, False),
    ]:
        client.force_login(user(role, township))
        page = client.get("/import/" if shown else "/")
        assert page.status_code == 200, role
        assert (link in page.content.decode()) is shown, role
        if shown:
            assert 'href="/import/"' in page.content.decode()
    client.logout()
    assert link not in client.get("/login/").content.decode()


def test_admin_uploads_maps_dry_runs_and_confirms(client, db):
    admin = user(Role.COUNTY_ADMIN)
    client.force_login(admin)
    answer = upload(client, "cleared_site", REAL / "app_cleared_sites_gcj02_gbk.csv")
    assert answer.status_code == 302
    page = client.get(answer["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "gb18030" in text and "村代码" in text
    # The mapping form is pre-filled from the dictionaries.
    assert '<option value="清理日期" selected>' in text
    form = {"kind": "cleared_site", "srs": "gcj02", "map-village_code": "村代码"}
    dry = client.post(answer["Location"], {**form, "action": "dry_run"})
    assert dry.status_code == 200
    assert "gp-import-map" in dry.content.decode()
    assert dry.context["result"]["counts"] == {"added": 6, "changed": 0, "unchanged": 0}
    assert not ClearedSite.objects.filter(code__startswith="410527207201-").exists()
    done = client.post(answer["Location"], {**form, "action": "confirm"})
    assert done.status_code == 200 and done.context["history"] == 6
    assert ClearedSite.objects.filter(code__startswith="410527207201-").count() == 1
    change = Change.objects.filter(reason="import: app_cleared_sites_gcj02_gbk.csv")
    assert change.count() == 6
    assert set(change.values_list("username", "source")) == {(admin.username, "import")}
    # The upload is gone once imported.
    assert client.get(answer["Location"]).status_code == 404


def test_cadre_rows_of_another_township_are_refused_and_named(client, db):
    songcun = Township.objects.get(code="410527207")
    client.force_login(user(Role.TOWNSHIP_CADRE, songcun))
    answer = upload(client, "cleared_site", REAL / "app_cleared_sites_gcj02_gbk.csv")
    dry = client.post(
        answer["Location"],
        {"kind": "cleared_site", "srs": "gcj02", "action": "dry_run"},
    )
    assert dry.status_code == 422
    [problem] = dry.context["result"]["problems"]
    assert problem["row"] == 6 and problem["line"] == 7
    assert (
        "outside your township" in problem["reason"] or "您的乡镇" in problem["reason"]
    )
    assert "gp-confirm" not in dry.content.decode()


def test_a_shapefile_uploaded_as_parts_and_file_level_refusals(client, db):
    client.force_login(user(Role.COUNTY_ADMIN))
    parts = [REAL / f"xzq_songcun_noprj{s}" for s in (".shp", ".shx", ".dbf")]
    answer = upload(client, "village", *parts)
    assert answer.status_code == 302
    # No .prj and metres: one file-level message, 400, before any row.
    page = client.get(answer["Location"])
    assert page.status_code == 200  # detection does not read the rows
    dry = client.post(answer["Location"], {"kind": "village", "action": "dry_run"})
    assert dry.status_code == 400
    assert dry.content.decode().count("EPSG:4526") >= 1
    fixed = client.post(
        answer["Location"], {"kind": "village", "srs": "EPSG:4526", "action": "dry_run"}
    )
    assert (
        fixed.status_code == 200 and fixed.context["result"]["counts"]["changed"] == 26
    )
    empty = upload(client, "village", REAL / "broken" / "empty.csv")
    assert client.get(empty["Location"]).status_code == 400


def test_an_upload_over_the_request_limit_is_refused_with_the_limit(
    client, db, tmp_path, settings
):
    settings.GEOPORTAL_MAX_REQUEST_BYTES = 1_000_000
    client.force_login(user(Role.COUNTY_ADMIN))
    big = tmp_path / "big.csv"
    big.write_bytes(b"code,name\n" + b"x,y\n" * 300_000)
    answer = upload(client, "village", big)
    assert answer.status_code == 413
    assert "1000000" in answer.content.decode()


def test_a_large_file_runs_as_a_job_with_progress(client, transactional_db, settings):
    from jobs.testing import run_worker_until_idle
    from tests.maps.county import ensure_loaded

    ensure_loaded()
    settings.GEOPORTAL_IMPORT_SYNC_SECONDS = 0.01  # the app CSV (6 rows) is "large"
    admin = user(Role.COUNTY_ADMIN)
    client.force_login(admin)
    answer = upload(client, "cleared_site", REAL / "app_cleared_sites_gcj02_gbk.csv")
    form = {"kind": "cleared_site", "srs": "gcj02"}
    queued = client.post(answer["Location"], {**form, "action": "dry_run"})
    assert queued.status_code == 302 and "/import/job/" in queued["Location"]
    waiting = client.get(queued["Location"])
    assert waiting.status_code == 200 and "gp-job-status" in waiting.content.decode()
    run_worker_until_idle()
    checked = client.get(queued["Location"])
    assert checked.context["result"]["counts"]["added"] == 6
    assert "gp-confirm" in checked.content.decode()
    assert not ClearedSite.objects.filter(code__startswith="410527207201-").exists()
    written = client.post(answer["Location"], {**form, "action": "confirm"})
    run_worker_until_idle()
    done = client.get(written["Location"])
    assert done.status_code == 200 and done.context["history"] == 6
    assert ClearedSite.objects.filter(code__startswith="410527207201-").count() == 1
    # Another user does not see the job.
    client.force_login(user(Role.COUNTY_ADMIN, name="other"))
    assert client.get(written["Location"]).status_code == 404


def test_uploads_left_for_a_day_are_pruned(tmp_path):
    import os
    import time

    from imports import uploads

    old, fresh = uploads.root() / "old", uploads.root() / "fresh"
    for folder in (old, fresh):
        folder.mkdir(parents=True)
        (folder / "upload.csv").write_text("a,b\n")
    day_ago = time.time() - uploads.KEEP_S - 60
    os.utime(old, (day_ago, day_ago))
    uploads.prune()
    assert not old.exists() and fresh.exists()


def test_the_532_village_survey_layer_runs_as_a_job_and_the_request_answers_at_once(
    client, transactional_db
):
    """Estimated over the 2 s budget (532 outlines at ~70/s), the dry run and the
    confirm are queued: the request answers with the job's page, not the report."""
    from imports import uploads
    from jobs.models import Job
    from jobs.testing import run_worker_until_idle
    from layers.importers.kinds import get as get_kind
    from tests.maps.county import ensure_loaded

    ensure_loaded()
    assert uploads.estimate_s(get_kind("village"), 532) > uploads.sync_seconds()
    client.force_login(user(Role.COUNTY_ADMIN))
    answer = upload(client, "village", REAL / "cjdcq_gk38.zip")
    prepared = client.get(answer["Location"])
    assert prepared.context["rows"] == 532
    queued = client.post(answer["Location"], {"kind": "village", "action": "dry_run"})
    assert queued.status_code == 302 and "/import/job/" in queued["Location"]
    job = Job.objects.get(pk=int(queued["Location"].rstrip("/").rsplit("/", 1)[1]))
    # Nothing was read or checked inside the request: the job has not started.
    assert job.status == "queued" and job.started_at is None
    assert job.payload["dry_run"] is True
    waiting = client.get(queued["Location"])
    assert waiting.status_code == 200 and "gp-job-status" in waiting.content.decode()
    assert "result" not in waiting.context
    run_worker_until_idle()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.progress.get("total") == 532 and job.progress.get("done") == 532
    checked = client.get(queued["Location"])
    assert checked.context["result"]["counts"]["changed"] == 532
    assert "gp-import-map" in checked.content.decode()
    assert "gp-confirm" in checked.content.decode()
    assert Village.objects.filter(is_schematic=True).count() == 532

    written = client.post(answer["Location"], {"kind": "village", "action": "confirm"})
    assert written.status_code == 302 and "/import/job/" in written["Location"]
    assert Village.objects.filter(is_schematic=True).count() == 532
    run_worker_until_idle()
    done = client.get(written["Location"])
    assert done.status_code == 200 and done.context["history"] >= 532
    assert not Village.objects.filter(is_schematic=True).exists()


def test_the_page_suggests_gcj02_once_when_no_crs_was_chosen(client, db):
    client.force_login(user(Role.COUNTY_ADMIN))
    answer = upload(client, "cleared_site", REAL / "app_cleared_sites_gcj02_gbk.csv")
    dry = client.post(answer["Location"], {"kind": "cleared_site", "action": "dry_run"})
    assert dry.status_code == 200
    notes = [n for n in dry.context["result"]["notes"] if "--srs gcj02" in n]
    assert len(notes) == 1 and "gcj02" in notes[0]
    assert dry.content.decode().count("--srs gcj02") == 1
    chosen = client.post(
        answer["Location"],
        {"kind": "cleared_site", "srs": "gcj02", "action": "dry_run"},
    )
    assert not [n for n in chosen.context["result"]["notes"] if "--srs gcj02" in n]
