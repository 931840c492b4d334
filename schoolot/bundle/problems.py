"""Collecting the problems of a bundle as `file:line: column: message` lines.

At most MAX_PROBLEMS_LISTED problems are kept; the rest are only counted, so a file
with a million bad rows costs a number, not a million messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schoolot.bundle.limits import MAX_PROBLEM_CHARS, MAX_PROBLEMS_LISTED


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # physical line in the CSV (the header is 1); 0 for the file as a whole
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.file}: {self.message}"
        if self.column is None:
            return f"{self.file}:{self.line}: {self.message}"
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


@dataclass
class Problems:
    """The first problems found, in the order found, and a count of the rest;
    `lines()` sorts the kept ones by file, then line."""

    found: list[Problem] = field(default_factory=list)
    not_listed: int = 0
    limit: int = MAX_PROBLEMS_LISTED

    def add_line(self, file: str, line: int, column: str | None, message: str) -> None:
        if len(self.found) >= self.limit:
            self.not_listed += 1
            return
        if len(message) > MAX_PROBLEM_CHARS:  # a message may quote a long cell
            message = message[: MAX_PROBLEM_CHARS - 1] + "…"
        self.found.append(Problem(file[:MAX_PROBLEM_CHARS], line, column, message))

    def add_file(self, file: str, message: str) -> None:
        self.add_line(file, 0, None, message)

    @property
    def count(self) -> int:
        """Every problem found, listed or not."""
        return len(self.found) + self.not_listed

    def __bool__(self) -> bool:
        return bool(self.found)

    def lines(self) -> list[str]:
        """The listed problems, then a line counting the rest (when there are more)."""
        # A stable sort keeps a row's problems in column order.
        listed = [str(p) for p in sorted(self.found, key=lambda p: (p.file, p.line))]
        if self.not_listed:
            listed.append(
                f"… and {self.not_listed} more problems (only the first {self.limit} are listed)"
            )
        return listed
