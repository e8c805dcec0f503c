"""What one import did (or, in a dry run, would do): counts, repairs and row errors."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from layers.importers.errors import RowError, describe


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
        """Return a one-paragraph human summary in the active language."""
        head = _("%(kind)s from %(file)s: %(rows)s read") % {
            "kind": self.kind,
            "file": self.file,
            "rows": self.rows_read,
        }
        if not self.ok:
            refused = ngettext(
                "refused, %(count)d row error; nothing was written",
                "refused, %(count)d row errors; nothing was written",
                len(self.errors),
            ) % {"count": len(self.errors)}
            return f"{head}, {refused}."
        counts = _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        parts = [head, counts]
        if self.repaired:
            parts.append(_("%(count)d geometries repaired") % {"count": self.repaired})
        if self.source_srs:
            parts.append(_("source CRS %(srs)s") % {"srs": self.source_srs})
        if self.encoding:
            parts.append(_("encoding %(encoding)s") % {"encoding": self.encoding})
        if self.ignored_columns:
            parts.append(
                _("columns ignored: %(columns)s")
                % {"columns": ", ".join(self.ignored_columns)}
            )
        text = "; ".join(parts)
        if self.dry_run:
            text += " " + _("(dry run: nothing was written)")
        return text + "."

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
