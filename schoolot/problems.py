"""The one collector of input problems, for forms, services and bundle imports alike.

A problem names where it is (a bundle's `file:line: column`, or a form's field) and what
is wrong. At most `limit` are kept; the rest are only counted, so a file with a million
bad rows costs a number, not a million messages. `raise_if_any` turns them into one
ValidationFailed, so the user sees every problem of a submission at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schoolot.errors import ValidationFailed

# Problems listed for one submission (a bundle); the rest are counted ("… and 1,234 more").
MAX_PROBLEMS_LISTED = 200
# Characters of one problem's message (a message may quote a cell).
MAX_PROBLEM_CHARS = 300


@dataclass(frozen=True)
class Problem:
    message: str
    column: str | None = None  # a bundle's column, or a form's field
    file: str | None = None
    line: int = 0  # physical line in the CSV (the header is 1); 0 for a whole file

    def __str__(self) -> str:
        place = []
        if self.file is not None:
            place.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.column is not None and (self.file is None or self.line):
            place.append(self.column)
        return ": ".join([*place, self.message])


@dataclass
class Problems:
    """The first problems found, in the order found, and a count of the rest;
    `lines()` sorts the kept ones by file, then line (a form's keep their order)."""

    found: list[Problem] = field(default_factory=list)
    not_listed: int = 0
    limit: int = MAX_PROBLEMS_LISTED

    def add(self, field: str, message: str | None) -> None:
        """Record `message` against a form's `field`; None (a rule that holds) is ignored."""
        if message:
            self._keep(Problem(message, field))

    def add_line(self, file: str, line: int, column: str | None, message: str) -> None:
        """Record a problem of one bundle row (of one cell when `column` is given)."""
        self._keep(Problem(message, column, file[:MAX_PROBLEM_CHARS], line))

    def add_file(self, file: str, message: str) -> None:
        """Record a problem of a bundle's file as a whole."""
        self.add_line(file, 0, None, message)

    def _keep(self, problem: Problem) -> None:
        if len(self.found) >= self.limit:
            self.not_listed += 1
            return
        if len(problem.message) > MAX_PROBLEM_CHARS:  # a message may quote a long cell
            cut = problem.message[: MAX_PROBLEM_CHARS - 1] + "…"
            problem = Problem(cut, problem.column, problem.file, problem.line)
        self.found.append(problem)

    @property
    def count(self) -> int:
        """Every problem found, listed or not."""
        return len(self.found) + self.not_listed

    def __bool__(self) -> bool:
        return bool(self.found)

    def lines(self) -> list[str]:
        """The listed problems, then a line counting the rest (when there are more)."""
        # A stable sort keeps a row's problems in column order, and a form's in field order.
        ordered = sorted(self.found, key=lambda p: (p.file or "", p.line))
        listed = [str(p) for p in ordered]
        if self.not_listed:
            listed.append(
                f"… and {self.not_listed} more problems (only the first {self.limit} are listed)"
            )
        return listed

    def raise_if_any(self) -> None:
        if self:
            raise ValidationFailed(self.lines(), self.count)
