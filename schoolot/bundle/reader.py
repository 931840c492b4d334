"""Reading a bundle's CSV files from a folder or a .zip, keeping physical line numbers.

Nothing is unpacked before it is known to fit the limits of `schoolot.bundle.limits`:
a zip's entry count and declared sizes are checked first, and anything a bundle never
holds (another archive, a link, an encrypted file, a path leaving the zip, a name given
twice) refuses it. Then each file is read as a stream that stops at its limit, since a
zip's headers can lie, and parsed row by row. Messages name the file as the user knows
it (the uploaded file's own name), never a server path.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from schoolot.bundle.limits import (
    MAX_BUNDLE_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    MB,
    RATIO_CHECKED_FROM_BYTES,
)
from schoolot.bundle.progress import READING, Throttled
from schoolot.bundle.spec import FILES, OPTIONAL_FILES, Column, read_columns
from schoolot.problems import Problems

# A folder, a .zip file, or an open binary .zip (an upload's stream).
BundleSource = str | os.PathLike[str] | IO[bytes]

NOT_A_ZIP = "not a readable .zip file (or a folder) of the bundle's CSVs"
NOT_UTF8 = "not UTF-8 text (save the file as CSV UTF-8)"
UNCLOSED_QUOTE = (
    'an unclosed quote (") runs from this row to the end of the file '
    '(a quote inside a quoted cell is written twice: "")'
)
ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz")
# A central directory record is 46 bytes and its name; a kilobyte each is generous.
MAX_CENTRAL_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 1024


@dataclass
class Table:
    """One CSV file: its rows as (physical line number, {column: stripped cell})."""

    file: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass(frozen=True)
class _Member:
    """A bundle file to read: how to open it, and how many bytes it may yield."""

    open: Callable[[], IO[bytes]]
    limit: int
    # Where unpacking problems are reported: the zip's name (the file's, in a folder).
    container: str


class Unreadable(Exception):
    """A file that cannot be read as CSV text: the line (0: the whole file) and why."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def read_bundle(
    source: BundleSource,
    problems: Problems,
    name: str | None = None,
    progress: Throttled | None = None,
) -> dict[str, Table]:
    """The bundle's readable tables by file name; structural problems go to `problems`.

    `source` is a folder, a .zip file or an open binary .zip; `name` is what messages
    call it (by default the path's last part). A file that is missing, unreadable or
    lacks a required column has no table, and its problem is recorded; the other files
    are still read so that every problem of the bundle is reported at once. A zip or a
    file over the limits is not read at all. `progress` hears of each file as it is read
    (done of total files).
    """
    progress = progress or Throttled(None)
    shown = shown_name(source, name)
    with ExitStack() as cleanup:
        members = _members(source, shown, problems, cleanup)
        if members is None:
            return {}
        tables: dict[str, Table] = {}
        for number, file in enumerate(FILES):
            progress(READING.format(file=file), number, len(FILES))
            member = members.get(file)
            if member is None:
                if file not in OPTIONAL_FILES:
                    problems.add_file(file, "missing file")
                continue
            table = _read_table(file, member, problems)
            if table is not None:
                tables[file] = table
        return tables


def shown_name(source: BundleSource | None, name: str | None) -> str:
    """What messages call the bundle: the last part of the name it was sent with (a
    browser may send a client path), else the path's last part, else "the upload"."""
    if name:
        # A browser may send a whole client path: its last part is the file's name.
        return re.split(r"[/\\]", name)[-1][:100] or "the upload"
    if isinstance(source, str | os.PathLike):
        return Path(source).name or str(source)
    return "the upload"


def _members(
    source: BundleSource, shown: str, problems: Problems, cleanup: ExitStack
) -> dict[str, _Member] | None:
    """The bundle files found at `source`, once they are known to fit the limits."""
    if not isinstance(source, str | os.PathLike):
        return _zip_members(source, shown, problems, cleanup)
    path = Path(source)
    if path.is_dir():
        return _folder_members(path, problems)
    if path.is_file():
        return _zip_members(cleanup.enter_context(path.open("rb")), shown, problems, cleanup)
    problems.add_file(shown, "no such folder or .zip file")
    return None


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _folder_members(folder: Path, problems: Problems) -> dict[str, _Member] | None:
    members: dict[str, _Member] = {}
    total = 0
    fits = True
    for file in FILES:
        path = folder / file
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if size > MAX_FILE_BYTES:
            problems.add_file(file, f"holds {_megabytes(size)}; {_FILE_LIMIT}")
            fits = False
        members[file] = _Member(functools.partial(_open_binary, path), MAX_FILE_BYTES, file)
    if total > MAX_BUNDLE_BYTES:
        problems.add_file(folder.name or str(folder), f"holds {_megabytes(total)}; {_BUNDLE_LIMIT}")
        fits = False
    return members if fits else None


def _open_binary(path: Path) -> IO[bytes]:
    return path.open("rb")


_FILE_LIMIT = f"a bundle file may hold at most {_megabytes(MAX_FILE_BYTES)}"
_BUNDLE_LIMIT = (
    f"a bundle may hold at most {_megabytes(MAX_BUNDLE_BYTES)} "
    "(a district of 5,000 students holds about 4 MB)"
)


def _zip_members(
    handle: IO[bytes], shown: str, problems: Problems, cleanup: ExitStack
) -> dict[str, _Member] | None:
    size = handle.seek(0, os.SEEK_END)
    if size > MAX_UPLOAD_BYTES:
        most = _megabytes(MAX_UPLOAD_BYTES)
        problems.add_file(shown, f"is {_megabytes(size)}; a bundle's .zip is at most {most}")
        return None
    # zipfile reads every entry of the central directory at once: count them first.
    end = _zip_end(handle, size)
    if end is not None and (end[0] > MAX_ZIP_MEMBERS or end[1] > MAX_CENTRAL_DIRECTORY_BYTES):
        problems.add_file(
            shown, f"holds more than {MAX_ZIP_MEMBERS} files; a bundle is 12 CSV files"
        )
        return None
    try:
        archive = cleanup.enter_context(zipfile.ZipFile(handle))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        problems.add_file(shown, NOT_A_ZIP)
        return None
    entries = archive.infolist()
    if not entries:
        problems.add_file(shown, "is an empty .zip: it holds no files")
        return None
    refusals = list(_refusals(entries))
    for refusal in refusals:
        problems.add_file(shown, refusal)
    if refusals:
        return None
    chosen = _bundle_entries(entries, shown, problems)
    if chosen is None:
        return None
    return {
        entry.filename.rsplit("/", 1)[-1]: _Member(
            functools.partial(archive.open, entry), entry.file_size, shown
        )
        for entry in chosen
    }


def _zip_end(handle: IO[bytes], size: int) -> tuple[int, int] | None:
    """(entries, central directory bytes) from a zip's end record; None if it has none."""
    tail_size = min(size, 22 + 65535)  # the record, and a comment of up to 64 KB
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory_bytes = struct.unpack_from("<HL", tail, at + 10)
    locator = at - 20
    if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        # ZIP64: the real figures are in the ZIP64 end record the locator points to.
        (record,) = struct.unpack_from("<Q", tail, locator + 8)
        handle.seek(record)
        data = handle.read(56)
        if data[:4] == b"PK\x06\x06" and len(data) == 56:
            entries, directory_bytes = struct.unpack_from("<QQ", data, 32)
    return entries, directory_bytes


def _refusals(entries: list[zipfile.ZipInfo]) -> Iterator[str]:
    """What makes a zip no bundle, from its central directory alone."""
    for entry in entries:
        name = entry.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
            yield f'holds "{name}", a path outside the zip; zip the bundle\'s files alone'
        elif stat.S_ISLNK(entry.external_attr >> 16):
            yield f'holds "{name}", a symbolic link; zip the files themselves'
        elif entry.flag_bits & 0x1:
            yield f'holds "{name}", which is encrypted; zip the bundle without a password'
        elif name.lower().endswith(ARCHIVE_SUFFIXES):
            yield f'holds "{name}", an archive inside the zip; zip the bundle\'s CSV files'
        elif entry.file_size > MAX_FILE_BYTES:
            yield f'"{name}" unpacks to {_megabytes(entry.file_size)}; {_FILE_LIMIT}'
        elif (
            entry.file_size > RATIO_CHECKED_FROM_BYTES
            and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            yield (
                f'"{name}" is compressed more than {MAX_COMPRESSION_RATIO} to 1, '
                "which no real CSV file is"
            )
    for name, count in Counter(e.filename for e in entries).items():
        if count > 1:
            yield f'holds "{name}" {count} times'
    total = sum(e.file_size for e in entries)
    if total > MAX_BUNDLE_BYTES:
        yield f"unpacks to {_megabytes(total)}; {_BUNDLE_LIMIT}"


def _bundle_entries(
    entries: list[zipfile.ZipInfo], shown: str, problems: Problems
) -> list[zipfile.ZipInfo] | None:
    """The bundle's files: at the zip's root, or inside one top folder."""
    members = [
        entry
        for entry in entries
        if not entry.is_dir()
        and not entry.filename.startswith("__MACOSX/")
        and entry.filename.rsplit("/", 1)[-1] in FILES
    ]
    at_root = [m for m in members if "/" not in m.filename]
    in_folder: dict[str, list[zipfile.ZipInfo]] = {}
    for member in members:
        parts = member.filename.split("/")
        if len(parts) == 2:
            in_folder.setdefault(parts[0], []).append(member)
    if at_root:
        return at_root
    if len(in_folder) == 1:
        return next(iter(in_folder.values()))
    if len(in_folder) > 1:
        folders = ", ".join(sorted(in_folder))
        problems.add_file(shown, f"holds several bundle folders ({folders}); zip one")
        return None
    problems.add_file(shown, "holds no bundle CSV files at its root or inside one top folder")
    return None


class _CappedStream(io.RawIOBase):
    """A file's bytes as a stream that stops at `limit` bytes. It refuses a NUL byte or
    a zip where CSV text should be, and counts lines so that a decoding problem in the
    chunk last read can say on which line it is."""

    def __init__(self, raw: IO[bytes], limit: int):
        super().__init__()
        self.raw = raw
        self.limit = limit
        self.count = 0
        self.lines_before_chunk = 0
        self.chunk = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        # One byte past the limit shows that the file holds more than it may.
        data = self.raw.read(min(len(buffer), self.limit + 1 - self.count))
        if self.count == 0 and data.startswith(b"PK\x03\x04"):
            raise Unreadable(0, "is a .zip file (a spreadsheet?), not CSV text")
        self.lines_before_chunk += self.chunk.count(b"\n")
        self.chunk = data
        self.count += len(data)
        if self.count > self.limit:
            raise _TooBig
        nul = data.find(b"\0")
        if nul >= 0:
            line = self.lines_before_chunk + data[:nul].count(b"\n") + 1
            raise Unreadable(line, "holds a NUL byte, so is no CSV text (save it as CSV UTF-8)")
        buffer[: len(data)] = data
        return len(data)

    def line_of(self, error: UnicodeDecodeError) -> int:
        """The line of an undecodable byte in the chunk last read."""
        return self.lines_before_chunk + error.object[: error.start].count(b"\n") + 1


class _TooBig(Exception):
    """A file went on past the bytes it may hold (or its zip header declared)."""


class _Lines:
    """A text stream's lines, noting when they run out (a row that needs more lines
    than the file has ends inside quotes)."""

    def __init__(self, text: IO[str]):
        self.text = text
        self.ended = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.text.readline()
        if not line:
            self.ended = True
            raise StopIteration
        return line


# What zipfile and zlib raise on a damaged member (RuntimeError: also an unsupported
# compression method, NotImplementedError).
_UNPACKING_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError)


def read_csv_file(
    path: str | os.PathLike[str],
    columns: tuple[Column, ...],
    problems: Problems,
    name: str | None = None,
) -> Table | None:
    """One CSV file of `columns` that is no bundle's (a session log), read as a bundle's
    files are: UTF-8, physical line numbers, at most a bundle file's bytes, the required
    columns in the header; problems are recorded under `name` (default: the file's
    name). None when the file cannot be read."""
    shown = name or Path(path).name
    member = _Member(functools.partial(_open_binary, Path(path)), MAX_FILE_BYTES, shown)
    return _read_table(shown, member, problems, columns)


def _read_table(
    file: str, member: _Member, problems: Problems, columns: tuple[Column, ...] | None = None
) -> Table | None:
    stream: _CappedStream | None = None
    try:
        with member.open() as raw:
            stream = _CappedStream(raw, member.limit)
            # TextIOWrapper decodes each chunk as it reads it, which line_of relies on.
            text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
            return _parse_csv(file, _Lines(text), problems, columns)
    except UnicodeDecodeError as error:
        line = stream.line_of(error) if stream is not None else 1
        problems.add_line(file, line, None, NOT_UTF8)
    except Unreadable as error:
        problems.add_line(file, error.line, None, error.message)
    except _TooBig:
        limit = f"{member.limit:,} bytes its zip header declares"
        if member.container == file:  # a file in a folder
            limit = _FILE_LIMIT
        problems.add_file(member.container, f'"{file}" unpacks to more than the {limit}')
    except _UNPACKING_ERRORS as error:
        problems.add_file(member.container, f'"{file}" cannot be unpacked ({error})')
    return None


def _parse_csv(
    file: str, lines: _Lines, problems: Problems, columns: tuple[Column, ...] | None
) -> Table | None:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        problems.add_file(file, "empty file (a header row is needed)")
        return None
    except csv.Error as error:
        problems.add_line(file, 1, None, _csv_error(error))
        return None
    if lines.ended:
        problems.add_line(file, 1, None, UNCLOSED_QUOTE)
        return None
    names = [h.strip().lower() for h in header]
    required = FILES[file] if columns is None else columns
    missing = [c.name for c in required if c.required and c.name not in names]
    for name in missing:
        problems.add_line(file, 1, name, "missing required column")
    if missing:
        return None
    # The first column of a name wins; unknown columns are ignored.
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        positions.setdefault(name, index)
    readable = read_columns(file) if columns is None else columns
    known = [(c.name, positions[c.name]) for c in readable if c.name in positions]
    width = len(names)
    table = Table(file)
    while True:
        line = reader.line_num + 1  # a quoted cell may span lines: report where the row starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add_line(file, line, None, _csv_error(error))
            return None
        if lines.ended:
            problems.add_line(file, line, None, UNCLOSED_QUOTE)
            return None
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[width:]):
            problems.add_line(
                file,
                line,
                None,
                f"the row has {len(cells)} cells but the header has {width} "
                "(a cell holding a comma needs double quotes)",
            )
            continue
        row = {name: cells[i].strip() if i < len(cells) else "" for name, i in known}
        table.rows.append((line, row))
    return table


def _csv_error(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        # Real cells are short: a cell this long has swallowed rows after an open quote.
        return (
            f"a cell runs on past {csv.field_size_limit():,} characters: "
            'probably an unclosed quote (") in this row'
        )
    return f"not readable as CSV ({error})"
