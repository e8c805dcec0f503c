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
        lines = [describe(rows, field, reason) for (field, reason), rows in shown]
        if len(shown) < len(items):
            lines.append(_("… and %(count)d more") % {"count": len(items) - len(shown)})
        repairs = self.repairs[:limit] if limit else self.repairs
        return lines + [_("%(where)s (repaired)") % {"where": note} for note in repairs]
