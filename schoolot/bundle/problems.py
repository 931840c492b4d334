"""Collecting the problems of a bundle as `file:line: column: message` lines."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    """Every problem found, in the order found; `lines()` sorts them by file, then line."""

    found: list[Problem] = field(default_factory=list)

    def add_line(self, file: str, line: int, column: str | None, message: str) -> None:
        self.found.append(Problem(file, line, column, message))

    def add_file(self, file: str, message: str) -> None:
        self.found.append(Problem(file, 0, None, message))

    def __bool__(self) -> bool:
        return bool(self.found)

    def lines(self) -> list[str]:
        # A stable sort keeps a row's problems in column order.
        return [str(p) for p in sorted(self.found, key=lambda p: (p.file, p.line))]
