"""Hostile bundle zips for the upload-limit tests and bench/upload_limits.py.

Every builder streams its members through zipfile, so a 100 MB bomb costs a few
megabytes of memory to make. Each zip holds the demo bundle's files, so that only the
hostile part is wrong.
"""

from __future__ import annotations

import stat
import struct
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

from tests.bundle_files import DEMO

MB = 1024 * 1024
CHUNK_ROWS = 4096


def _demo_files(except_: Iterable[str] = ()) -> list[Path]:
    skip = set(except_)
    return [p for p in sorted(DEMO.iterdir()) if p.name not in skip]


def _repeated_rows(file: str) -> tuple[bytes, bytes]:
    """The demo file's header line and its first data row."""
    header, row = (DEMO / file).read_bytes().splitlines(keepends=True)[:2]
    return header, row


def deflate_bomb(path: Path, size: int = 100 * MB, member: str = "students.csv") -> Path:
    """The demo bundle whose `member` is its header and first row repeated to `size` bytes:
    every repeated row is a duplicate id, so each one is a problem."""
    header, row = _repeated_rows(member)
    chunk = row * CHUNK_ROWS
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for file in _demo_files(except_=[member]):
            archive.write(file, file.name)
        with archive.open(member, "w") as out:
            out.write(header)
            written = len(header)
            while written < size:
                piece = chunk[: size - written]
                out.write(piece)
                written += len(piece)
    return path


def lying_bomb(path: Path, size: int = 100 * MB, declared: int = 20_000) -> Path:
    """A deflate bomb whose headers say its big member unpacks to only `declared` bytes."""
    deflate_bomb(path, size)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("students.csv")
    # The local header holds the uncompressed size at offset 22, the central one at 24.
    struct.pack_into("<L", data, info.header_offset + 22, declared)
    struct.pack_into("<L", data, _central_entry(data, "students.csv") + 24, declared)
    path.write_bytes(bytes(data))
    return path


def nested_zip(path: Path, inner_size: int = 100 * MB) -> Path:
    """The demo bundle at the root, plus a zip bomb inside it as `more.zip`."""
    inner = deflate_bomb(path.with_name(path.stem + "-inner.zip"), inner_size)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in _demo_files():
            archive.write(file, file.name)
        archive.write(inner, "more.zip")
    inner.unlink()
    return path


def many_members(path: Path, count: int = 20_000) -> Path:
    """The demo bundle plus `count` empty files."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for file in _demo_files():
            archive.write(file, file.name)
        for number in range(count):
            archive.writestr(f"filler/{number}.txt", b"")
    return path


def demo_zip_with(
    path: Path,
    extra: Iterable[tuple[str | zipfile.ZipInfo, bytes]],
    *,
    encrypted: str | None = None,
) -> Path:
    """The demo bundle plus the `extra` members, written as given (hostile names,
    duplicates, symbolic links); `encrypted` names a member whose headers get the
    'encrypted' flag."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in _demo_files():
            archive.write(file, file.name)
        for name, content in extra:
            info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "Duplicate name": wanted here
                archive.writestr(info, content)
    if encrypted is not None:
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(encrypted)
        # The general-purpose flags sit at offset 6 of the local header, 8 of the central.
        data[info.header_offset + 6] |= 0x1
        data[_central_entry(data, encrypted) + 8] |= 0x1
        path.write_bytes(bytes(data))
    return path


def symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    """A member that is a symbolic link named `name` pointing at `target`."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, whose mode bits say "link"
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def _central_entry(data: bytearray, name: str) -> int:
    """Where the central directory's record of `name` starts."""
    start = data.rfind(b"PK\x05\x06")
    (offset,) = struct.unpack_from("<L", data, start + 16)
    while data[offset : offset + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, offset + 28)
        if data[offset + 46 : offset + 46 + name_len].decode() == name:
            return offset
        offset += 46 + name_len + extra_len + comment_len
    raise KeyError(name)


def bad_rows(path: Path, size: int) -> Path:
    """The demo bundle whose students.csv is `size` bytes of distinct students that each
    name an unknown teacher: as little compressible as real data, one problem a row."""
    header, row = _repeated_rows("students.csv")
    cells = row.decode().rstrip("\n").split(",")
    teacher = header.decode().rstrip("\n").split(",").index("teacher")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in _demo_files(except_=["students.csv"]):
            archive.write(file, file.name)
        with archive.open("students.csv", "w") as out:
            out.write(header)
            written, number = len(header), 0
            while written < size:
                number += 1
                cells[0] = f"S{number:07d}"
                cells[teacher] = f"ghost{number * 7919 % 1000003}@district.example"
                line = (",".join(cells) + "\n").encode()
                out.write(line)
                written += len(line)
    return path
