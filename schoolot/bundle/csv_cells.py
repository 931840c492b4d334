"""CSV cells that a spreadsheet opens as text, never as a formula, and read back as written.

A spreadsheet runs a cell starting with `= + - @`, a tab or a carriage return as a
formula (the OWASP "CSV injection" rule). Every CSV the app writes goes through
`write_csv`, which puts one `'` before such a cell (spreadsheets show the cell as text and
hide the quote); `read_cell` takes that one quote off again, so export -> import loses
nothing. A cell that itself starts with quotes before a formula character gains one more
quote on the way out and loses it on the way in.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutral_cell(text: str) -> str:
    """`text` as written to a CSV: one `'` added when a spreadsheet would run it."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def read_cell(text: str) -> str:
    """A cell as `neutral_cell` wrote it, back to the text it stands for."""
    return text[1:] if text.startswith("'") and _QUOTED.match(text) else text


def write_csv(handle: TextIO, rows: Iterable[Iterable[Any]]) -> None:
    """Write `rows` (None is an empty cell) as the bundle's CSV: `\\n` line ends, each
    cell neutralised."""
    plain = csv.writer(handle, lineterminator="\n")
    # The csv module quotes a cell holding the line terminator, but not one holding a
    # lone CR, which readers then take for a line end: such a row is quoted whole.
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [neutral_cell("" if value is None else str(value)) for value in row]
        (quoted if any("\r" in cell for cell in cells) else plain).writerow(cells)
