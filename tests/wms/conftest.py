"""The live-server fixture the API tests use, for GDAL and OWSLib."""

from tests.api.conftest import keep_connection, server  # noqa: F401
