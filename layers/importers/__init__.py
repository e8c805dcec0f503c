"""Import GIS and tabular files into the campaign layers (see service.import_file)."""

from layers.importers.errors import ImportFailed, RowError
from layers.importers.kinds import KINDS
from layers.importers.report import ImportReport
from layers.importers.service import import_file

__all__ = ["KINDS", "ImportFailed", "ImportReport", "RowError", "import_file"]
