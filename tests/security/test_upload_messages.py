"""Issue 9, finding 5: what a refused bundle says. It names the file the user sent
(never the server's temporary file), says what is wrong with the text of a CSV (an
unclosed quote, not UTF-8, a NUL byte) where it is, and lists at most a page of
problems with a count of the rest. Uploads run as background jobs: the problems are read
on the job's page once its job has ended."""

from __future__ import annotations

import html
import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import Student
from tests.bundle_files import DEMO, copy_demo, read_rows, write_rows, zip_folder
from tests.factories import make_user
from tests.import_jobs import database_app, upload


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    yield from database_app(tmp_path)


@pytest.fixture
def coordinator(app, login):
    user = make_user(db.session, "coordinator")
    db.session.commit()
    login(user)
    return user


def _upload(client, content: bytes, name: str = "district-2026.zip"):
    """The upload's job page, once its job has ended."""
    return upload(client, content, name)


def _problems(response) -> list[str]:
    assert "nothing was imported" in response.text, response.text[:2000]
    found = re.search(r'<pre class="problems">(.*?)</pre>', response.text, re.S)
    assert found, response.text[:3000]
    return html.unescape(found.group(1)).splitlines()


def _students() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(Student))


def _with_students_bytes(tmp_path: Path, edit) -> bytes:
    """The demo bundle zipped, its students.csv bytes passed through `edit`."""
    bundle = copy_demo(tmp_path)
    path = bundle / "students.csv"
    path.write_bytes(edit(path.read_bytes()))
    return zip_folder(bundle, tmp_path / "bundle.zip").read_bytes()


def _line(data: bytes, number: int, edit) -> bytes:
    lines = data.split(b"\n")
    lines[number - 1] = edit(lines[number - 1])
    return b"\n".join(lines)


def test_an_unclosed_quote_is_named_where_it_opens(client, coordinator, tmp_path):
    # Line 3's last name opens a quote that nothing closes: the rest of the file is one cell.
    content = _with_students_bytes(
        tmp_path, lambda data: _line(data, 3, lambda line: line.replace(b",Chen,", b',"Chen,'))
    )

    problems = _problems(_upload(client, content))

    assert len(problems) == 1, problems
    assert problems[0].startswith("students.csv:3: ")
    assert "unclosed quote" in problems[0]
    assert not any("required, but empty" in p for p in problems)
    assert _students() == 0


def test_the_import_command_names_an_unclosed_quote_too(runner, tmp_path):
    bundle = copy_demo(tmp_path)
    path = bundle / "students.csv"
    path.write_bytes(_line(path.read_bytes(), 5, lambda line: line.replace(b",", b',"', 1)))

    result = runner.invoke(args=["import-bundle", str(bundle)])

    assert result.exit_code == 1
    assert "students.csv:5: " in result.stderr and "unclosed quote" in result.stderr
    assert "required, but empty" not in result.stderr


def test_a_long_unclosed_quote_is_named_too(client, coordinator, tmp_path):
    # A quote left open before 200 KB of rows runs past the CSV reader's cell limit.
    def edit(data: bytes) -> bytes:
        header, *rows = data.split(b"\n")
        filler = [rows[0].replace(b"S10000", f"S{n}".encode()) for n in range(20000, 24000)]
        rows[1] = rows[1].replace(b",Chen,", b',"Chen,')
        return b"\n".join([header, *rows[:2], *filler, *rows[2:]])

    problems = _problems(_upload(client, _with_students_bytes(tmp_path, edit)))

    assert len(problems) == 1, problems[:5]
    assert problems[0].startswith("students.csv:3: ") and "unclosed quote" in problems[0]


def test_a_file_that_is_not_utf8_is_named_with_its_line(client, coordinator, tmp_path):
    content = _with_students_bytes(
        tmp_path, lambda data: _line(data, 4, lambda line: line.replace(b",", b"\xe9,", 1))
    )

    problems = _problems(_upload(client, content))

    assert len(problems) == 1, problems
    assert problems[0].startswith("students.csv:4: ") and "UTF-8" in problems[0]


def test_a_nul_byte_is_named_with_its_line(client, coordinator, tmp_path):
    content = _with_students_bytes(
        tmp_path, lambda data: _line(data, 6, lambda line: line.replace(b",", b"\0,", 1))
    )

    problems = _problems(_upload(client, content))

    assert len(problems) == 1, problems
    assert problems[0].startswith("students.csv:6: ") and "NUL" in problems[0]
    assert _students() == 0


def test_an_upload_that_is_not_a_zip_names_the_uploaded_file(client, coordinator):
    problems = _problems(_upload(client, b"id,name\nS1,Sam\n", name="my bundle.zip"))

    assert problems == [
        "my bundle.zip: not a readable .zip file (or a folder) of the bundle's CSVs"
    ]


def test_an_empty_zip_says_so(client, coordinator):
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()

    problems = _problems(_upload(client, empty.getvalue()))

    assert len(problems) == 1 and problems[0].startswith("district-2026.zip: ")
    assert "empty" in problems[0]


def test_no_message_names_the_servers_temporary_file(client, coordinator, tmp_path):
    for content in (b"not a zip", b"PK\x03\x04broken", _with_students_bytes(tmp_path, bytes)):
        response = _upload(client, content)
        assert tempfile.gettempdir() not in response.text
        assert not re.search(r"tmp[a-z0-9_]{6,}", response.text), response.text


def test_problems_past_the_cap_are_counted_not_listed(client, coordinator, tmp_path):
    # 1,000 students with an unknown teacher: one problem each.
    bundle = copy_demo(tmp_path)
    rows = read_rows(DEMO, "students.csv")
    header, first = rows[0], rows[1]
    teacher = header.index("teacher")
    extra = []
    for number in range(1000):
        row = list(first)
        row[0] = f"S{50000 + number}"
        row[teacher] = "ghost@district.example"
        extra.append(row)
    write_rows(bundle, "students.csv", [header, *rows[1:], *extra])
    content = zip_folder(bundle, tmp_path / "bundle.zip").read_bytes()

    response = _upload(client, content)
    problems = _problems(response)

    assert "1000 problems: nothing was imported" in response.text
    assert len(problems) == 201
    assert problems[-1] == "… and 800 more problems (only the first 200 are listed)"
    assert all("unknown teacher" in p for p in problems[:-1])


def test_the_import_command_counts_problems_past_the_cap(runner, tmp_path):
    bundle = copy_demo(tmp_path)
    rows = read_rows(DEMO, "services.csv")
    minutes = rows[0].index("minutes")
    write_rows(
        bundle,
        "services.csv",
        [rows[0], *[[*r[:minutes], "45", *r[minutes + 1 :]] for r in rows[1:] * 10]],
    )

    result = runner.invoke(args=["import-bundle", str(bundle)])

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 202  # 200 problems, the rest counted, the total
    assert re.fullmatch(r"… and \d+ more problems \(only the first 200 are listed\)", lines[-2])
    assert re.fullmatch(r"\d+ problems: nothing was imported\.", lines[-1])
