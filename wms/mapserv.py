"""Run MapServer's CGI program on one request and return its status, type and body."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

MAPSERV = Path("/usr/lib/cgi-bin/mapserv")
TIMEOUT_S = 30


class MapServerUnavailable(RuntimeError):
    """MapServer is not installed or did not answer in time."""


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def split_cgi(output: bytes) -> Answer:
    """Split a CGI answer ('Header: value' lines, a blank line, the body)."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, body = output.partition(separator)
        if found:
            break
    else:
        raise MapServerUnavailable("MapServer answered without CGI headers")
    status, content_type = 200, "application/octet-stream"
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "status":
            status = int(value.strip().split()[0])
        elif name.strip().lower() == "content-type":
            content_type = value.strip()
    return Answer(status=status, content_type=content_type, body=body)


def run(query: dict[str, str], *, mapfile, host: str, port: str, https: bool) -> Answer:
    """Answer the WMS request `query` with MapServer reading `mapfile`."""
    if not MAPSERV.exists():
        raise MapServerUnavailable(
            f"{MAPSERV} is missing (apt-get install cgi-mapserver)"
        )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MAPSERVER_CONFIG_FILE": str(mapfile.config),
        "MS_MAPFILE": str(mapfile.path),
        "QUERY_STRING": urlencode(query),
        "REQUEST_METHOD": "GET",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SCRIPT_NAME": "/wms",
        "SERVER_NAME": host,
        "SERVER_PORT": port,
        "PGCONNECT_TIMEOUT": "5",
        "PGAPPNAME": "geoportal-wms",
    }
    if https:
        env["HTTPS"] = "on"
    if mapfile.password:
        env["PGPASSWORD"] = mapfile.password
    try:
        done = subprocess.run(
            [str(MAPSERV)],
            env=env,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise MapServerUnavailable(f"MapServer took over {TIMEOUT_S} s") from error
    return split_cgi(done.stdout)
