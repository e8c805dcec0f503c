"""Production settings pass `check --deploy`; local http keeps working; CSRF everywhere."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "GEOPORTAL_HTTPS": "1",
    "DJANGO_ALLOWED_HOSTS": "geoportal.example.cn",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://geoportal.example.cn",
}
PROJECT_DIRS = ["geoportal", "layers", "inspections", "routing", "accounts", "history"]


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    """Run a Python command in the project with only the given settings variables."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "GEOPORTAL_HTTPS", "GEOPORTAL_SSL", "GEOPORTAL_HSTS")
        )
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def settings_value(name: str, **env) -> str:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        f"'geoportal.settings'); django.setup(); from django.conf import settings; "
        f"print(repr(getattr(settings, {name!r}, None)))"
    )
    done = run(["-c", code], **env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.slow
def test_production_settings_pass_check_deploy_without_a_warning():
    key = secrets.token_urlsafe(50)
    done = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=key,
        **PRODUCTION,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    done = run(["manage.py", "check"], **PRODUCTION)
    assert done.returncode != 0 and "DJANGO_SECRET_KEY" in done.stderr


def test_production_takes_the_secret_and_secures_cookies():
    key = secrets.token_urlsafe(50)
    env = {"DJANGO_SECRET_KEY": key, **PRODUCTION}
    assert settings_value("SECRET_KEY", **env) == repr(key)
    for name in [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    ]:
        assert settings_value(name, **env) == "True", name
    assert settings_value("SECURE_HSTS_SECONDS", **env) == "31536000"


def test_local_http_keeps_plain_cookies_and_no_redirect():
    for name in ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]:
        assert settings_value(name) == "False", name
    assert settings_value("SECURE_HSTS_SECONDS") == "0"


def test_no_view_is_exempt_from_csrf():
    exempt = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in PROJECT_DIRS
        for path in (ROOT / folder).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bcsrf_exempt\b", line)
    ]
    assert exempt == []


@pytest.mark.django_db
def test_a_form_post_without_the_csrf_token_is_refused(django_user_model):
    django_user_model.objects.create_user("csrf-user", password="csrf-pass-1")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": "csrf-user", "password": "csrf-pass-1"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
