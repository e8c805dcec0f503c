"""Shared by bench/load.py and bench/db_restart.py: a gunicorn of the project, a user with
a role and an API token, and plain HTTP fetching. Standard library only."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
OUT = ROOT / "bench" / "out"

MAKE_TOKEN = """
from django.contrib.auth import get_user_model
from accounts.services import role_grant
from accounts.tokens import token_issue
user, _ = get_user_model().objects.get_or_create(username={username!r})
role_grant(user=user, role={role!r})
print(token_issue(user=user, name="bench")[1])
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    """Run manage.py with `env` and return its output; stop the bench if it fails."""
    done = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def bench_token(
    env: dict, username: str = "bench-leader", role: str = "county_leader"
) -> str:
    """Create (or reuse) a user with `role` and return a new read-only token for it."""
    code = MAKE_TOKEN.format(username=username, role=role)
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def fetch(url: str, token: str | None = None, timeout: float = 30):
    """GET `url`; return (status, content type, body bytes); status 0 on no answer."""
    headers = {"Accept-Encoding": "identity"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
    except (urllib.error.URLError, OSError) as error:
        return 0, "", str(error).encode()


class Gunicorn:
    """A gunicorn of the project on a free port, stopped on exit."""

    def __init__(self, env: dict, workers: int = 3):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "geoportal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while fetch(self.url + "/healthz", timeout=5)[0] != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                sys.exit("gunicorn did not become healthy")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def project_env(**extra) -> dict:
    """Return the environment for the project's processes, with a stable secret key."""
    env = dict(os.environ)
    secret = ROOT / "var" / "secret_key"
    if "DJANGO_SECRET_KEY" not in env and secret.exists():
        env["DJANGO_SECRET_KEY"] = secret.read_text().strip()
    env.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def save(name: str, result: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return path
