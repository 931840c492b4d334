"""Reading a bundle's CSV files from a folder or a .zip, keeping physical line numbers."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from schoolot.bundle.problems import Problems
from schoolot.bundle.spec import FILES, OPTIONAL_FILES

# A sanity bound on what a zip may unpack to: a real district is a few megabytes.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024


@dataclass
class Table:
    """One CSV file: its rows as (physical line number, {column: stripped cell})."""

    file: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def read_bundle(path: str | os.PathLike[str], problems: Problems) -> dict[str, Table]:
    """The bundle's readable tables by file name; structural problems go to `problems`.

    A file that is missing, unreadable or lacks a required column has no table, and
    its problem is recorded; the other files are still read so that every problem of
    the bundle is reported at once.
    """
    texts = _file_bytes(Path(path), problems)
    if texts is None:
        return {}
    tables: dict[str, Table] = {}
    for file in FILES:
        data = texts.get(file)
        if data is None:
            if file not in OPTIONAL_FILES:
                problems.add_file(file, "missing file")
            continue
        table = _parse_csv(file, data, problems)
        if table is not None:
            tables[file] = table
    return tables


def _file_bytes(path: Path, problems: Problems) -> dict[str, bytes] | None:
    """The bytes of each bundle file found at `path` (a folder or a .zip)."""
    if path.is_dir():
        return {name: (path / name).read_bytes() for name in FILES if (path / name).is_file()}
    if path.is_file():
        return _zip_bytes(path, problems)
    problems.add_file(path.name or str(path), "no such folder or .zip file")
    return None


def _zip_bytes(path: Path, problems: Problems) -> dict[str, bytes] | None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        problems.add_file(path.name, "not a readable .zip file (or a folder) of the bundle's CSVs")
        return None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and info.filename.rsplit("/", 1)[-1] in FILES
        ]
        # The files sit at the root, or inside one top folder.
        at_root = [m for m in members if "/" not in m.filename]
        in_folder: dict[str, list[zipfile.ZipInfo]] = {}
        for member in members:
            parts = member.filename.split("/")
            if len(parts) == 2:
                in_folder.setdefault(parts[0], []).append(member)
        if at_root:
            chosen = at_root
        elif len(in_folder) == 1:
            chosen = next(iter(in_folder.values()))
        elif len(in_folder) > 1:
            folders = ", ".join(sorted(in_folder))
            problems.add_file(path.name, f"holds several bundle folders ({folders}); zip one")
            return None
        else:
            problems.add_file(
                path.name, "holds no bundle CSV files at its root or inside one top folder"
            )
            return None
        if sum(m.file_size for m in chosen) > MAX_UNPACKED_BYTES:
            problems.add_file(path.name, "unpacks to more than 500 MB; is this a bundle?")
            return None
        try:
            return {m.filename.rsplit("/", 1)[-1]: archive.read(m) for m in chosen}
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            problems.add_file(path.name, f"cannot be unpacked ({error})")
            return None


def _parse_csv(file: str, data: bytes, problems: Problems) -> Table | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add_line(file, line, None, "not UTF-8 text (save the file as CSV UTF-8)")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.add_file(file, "empty file (a header row is needed)")
        return None
    except csv.Error as error:
        problems.add_line(file, 1, None, f"not readable as CSV ({error})")
        return None
    names = [h.strip().lower() for h in header]
    missing = [c.name for c in FILES[file] if c.required and c.name not in names]
    for name in missing:
        problems.add_line(file, 1, name, "missing required column")
    if missing:
        return None
    # The first column of a name wins; unknown columns are ignored.
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        positions.setdefault(name, index)
    known = [(c.name, positions[c.name]) for c in FILES[file] if c.name in positions]
    width = len(names)
    table = Table(file)
    line = 1
    while True:
        start = reader.line_num + 1  # a quoted cell may span lines: report where the row starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add_line(file, start, None, f"not readable as CSV ({error})")
            return None
        line = start
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
