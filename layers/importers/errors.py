"""The importer's typed failures: a file-level `ImportFailed`, a row-level `RowError`."""

from dataclasses import dataclass


class ImportFailed(Exception):
    """Refuse a whole file (unreadable, unknown kind or SRS, wrong encoding, too big)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class RowError:
    """Say what is wrong with one field of one data row (rows count from 1)."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return (
            f"{where}, {self.field}: {self.reason}"
            if self.field
            else f"{where}: {self.reason}"
        )
