"""Bundles on disk for the bundle tests: copy the demo, then edit a cell, a row or a column."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

# A copy of shared/examples/demo-district, kept with the tests so they run wherever the
# repository is cloned.
DEMO = Path(__file__).resolve().parent / "data" / "demo-district"


def copy_demo(to: Path) -> Path:
    """A writable copy of the demo bundle in `to`/bundle."""
    target = to / "bundle"
    shutil.copytree(DEMO, target)
    for file in target.iterdir():
        file.chmod(0o644)
    return target


def read_rows(folder: Path, file: str) -> list[list[str]]:
    with open(folder / file, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(folder: Path, file: str, rows: list[list[str]]) -> None:
    with open(folder / file, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Set one cell; `line` is the physical line (the header is line 1)."""
    rows = read_rows(folder, file)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(folder, file, rows)


def cell(folder: Path, file: str, line: int, column: str) -> str:
    rows = read_rows(folder, file)
    return rows[line - 1][rows[0].index(column)]


def add_row(folder: Path, file: str, values: dict[str, str]) -> int:
    """Append a row; returns its line number."""
    rows = read_rows(folder, file)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(folder, file, rows)
    return len(rows)


def delete_rows(folder: Path, file: str, keep) -> None:
    """Keep the header and the rows for which keep(row as dict) is true."""
    rows = read_rows(folder, file)
    header = rows[0]
    kept = [r for r in rows[1:] if keep(dict(zip(header, r, strict=True)))]
    write_rows(folder, file, [header, *kept])


def drop_column(folder: Path, file: str, column: str) -> None:
    rows = read_rows(folder, file)
    index = rows[0].index(column)
    write_rows(folder, file, [r[:index] + r[index + 1 :] for r in rows])


def zip_folder(folder: Path, zip_path: Path, top: str | None = None) -> Path:
    """Zip the bundle's files at the zip's root, or inside folder `top`."""
    with zipfile.ZipFile(zip_path, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, f"{top}/{file.name}" if top else file.name)
    return zip_path
