"""What an import did (or would do), file by file."""

from __future__ import annotations

from dataclasses import dataclass, field

from schoolot.bundle.spec import FILES


@dataclass
class FileCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class ImportReport:
    """Per-file counts of rows created, updated, deleted and left unchanged."""

    counts: dict[str, FileCounts] = field(
        default_factory=lambda: {file: FileCounts() for file in FILES}
    )
    # Accounts that belonged to a therapist or teacher no longer in the bundle.
    accounts_removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values()) or bool(self.accounts_removed)

    def summary_lines(self) -> list[str]:
        """One readable line per file, then what else happened."""
        lines = [
            f"{file}: {c.created} created, {c.updated} updated, {c.deleted} deleted, "
            f"{c.unchanged} unchanged"
            for file, c in self.counts.items()
        ]
        if self.accounts_removed:
            lines.append(
                "accounts removed with their therapist or teacher: "
                + ", ".join(sorted(self.accounts_removed))
            )
        if not self.changed:
            lines.append("Nothing changed: the database already matched the bundle.")
        return lines
