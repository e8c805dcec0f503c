"""What one import did (or, in a dry run, would do): counts, repairs and row errors."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from layers.importers.errors import RowError, describe
from layers.importers.wording import kind_label, listing, sentence


@dataclass
class ImportReport:
    """Describe one import of one file; `ok` says whether it was (would be) written."""

    kind: str
    file: str
    dry_run: bool = False
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: int = 0
    errors: list[RowError] = field(default_factory=list)
    repairs: list[RowError] = field(default_factory=list)
    source_srs: str = ""
    encoding: str = ""
    ignored_columns: list[str] = field(default_factory=list)
    # (field, column or "=value" for --set) for every field the file fed
    columns_used: list[tuple[str, str]] = field(default_factory=list)
    # File-level notes: assumptions made and things changed beyond the rows, each once
    notes: list[str] = field(default_factory=list)
    format: str = ""
    # The spreadsheet line of data row 1 (CSV and .xlsx), so rows can be named as the
    # user sees them; None for formats without lines.
    first_line: int | None = None
    # Per written row: (row, outcome "added"/"changed"/"unchanged", key, geometry)
    outcomes: list[tuple[int, str, str, object]] = field(default_factory=list)
    # field → further columns read when the first one is blank
    alternates: dict[str, list[str]] = field(default_factory=dict)

    def note(self, text: str) -> None:
        """Add a file-level note once."""
        text = str(text)
        if text not in self.notes:
            self.notes.append(text)

    def line_of(self, row: int) -> int | None:
        """Return the spreadsheet line of data row `row`, if the format has lines."""
        return (
            None if self.first_line is None or row == 0 else row + self.first_line - 1
        )

    @property
    def ok(self) -> bool:
        """Say whether the file had no row errors."""
        return not self.errors

    def summary(self) -> str:
        """Return a one-sentence human summary in the active language."""
        clauses = [
            ngettext(
                "%(kind)s from %(file)s: %(count)d row read",
                "%(kind)s from %(file)s: %(count)d rows read",
                self.rows_read,
            )
            % {
                "kind": kind_label(self.kind),
                "file": self.file,
                "count": self.rows_read,
            }
        ]
        if self.ok:
            clauses += self._outcome()
            if self.dry_run:
                clauses[-1] = _("%(clause)s (dry run: nothing was written)") % {
                    "clause": clauses[-1]
                }
        else:
            clauses.append(
                ngettext(
                    "refused for %(count)d row error",
                    "refused for %(count)d row errors",
                    len(self.errors),
                )
                % {"count": len(self.errors)}
            )
            clauses.append(_("nothing was written"))
        return sentence(clauses)

    def _outcome(self) -> list[str]:
        """Return the clauses saying what a clean import wrote and how it read."""
        clauses = [
            _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged")
            % {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
            }
        ]
        if self.repaired:
            clauses.append(
                ngettext(
                    "%(count)d geometry repaired",
                    "%(count)d geometries repaired",
                    self.repaired,
                )
                % {"count": self.repaired}
            )
        if self.source_srs:
            clauses.append(_("source CRS %(srs)s") % {"srs": self.source_srs})
        if self.encoding:
            clauses.append(_("encoding %(encoding)s") % {"encoding": self.encoding})
        if self.columns_used:
            clauses.append(
                _("columns read: %(pairs)s")
                % {
                    "pairs": listing(
                        _("%(column)s → %(field)s") % {"column": c, "field": f}
                        for f, c in self.columns_used
                    )
                }
            )
        if self.ignored_columns:
            clauses.append(
                ngettext(
                    "column ignored: %(columns)s",
                    "columns ignored: %(columns)s",
                    len(self.ignored_columns),
                )
                % {"columns": listing(self.ignored_columns)}
            )
        return clauses

    def lines(self, limit: int | None = None) -> list[str]:
        """Return a line per distinct error (rows sharing it grouped), then repairs."""
        groups: dict[tuple[str, str], list[int]] = {}
        for error in self.errors:
            groups.setdefault((error.field, error.reason), []).append(error.row)
        items = list(groups.items())
        shown = items[:limit] if limit else items
        lines = [
            self._where(describe(rows, field, reason), rows)
            for (field, reason), rows in shown
        ]
        if len(shown) < len(items):
            lines.append(_("… and %(count)d more") % {"count": len(items) - len(shown)})
        repairs = self.repairs[:limit] if limit else self.repairs
        notes = [_("note: %(note)s") % {"note": note} for note in self.notes]
        return (
            lines
            + [_("%(where)s (repaired)") % {"where": note} for note in repairs]
            + notes
        )

    def _where(self, line: str, rows: list[int]) -> str:
        """Add the spreadsheet line to a one-row line of a spreadsheet file."""
        if len(rows) == 1 and self.line_of(rows[0]):
            return _("%(line)s (spreadsheet line %(number)d)") % {
                "line": line,
                "number": self.line_of(rows[0]),
            }
        return line
