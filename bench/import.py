"""Import benchmark: generate districts of a few sizes, import each into a fresh SQLite
file database, import it again unchanged, and render the coordinator's student list.

    .venv/bin/python bench/import.py [--sizes 8x4x150,30x14x500,90x40x1500] [--seed 1]

Prints the rows per file of each bundle, then per size: generation, import and
re-import seconds, and the time and SQL query count of GET /students/ (page 1, after
one warm-up request). Numbers only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import sys
import tempfile
import time
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from schoolot import create_app  # noqa: E402
from schoolot.accounts.service import create_user  # noqa: E402
from schoolot.bundle.importer import import_bundle  # noqa: E402
from schoolot.bundle.spec import FILES  # noqa: E402
from schoolot.extensions import db  # noqa: E402
from schoolot.generator import generate_district  # noqa: E402

DEFAULT_SIZES = "8x4x150,30x14x500,90x40x1500"
COORDINATOR = "bench-coordinator@district.example"
PASSWORD = "bench-password"


@dataclass
class Result:
    label: str
    rows: dict[str, int]
    generate_s: float
    import_s: float
    reimport_s: float
    reimport_changed: bool
    list_s: float | None
    list_queries: int | None
    list_status: int | None


def parse_sizes(text: str) -> list[tuple[int, int, int]]:
    """`SxTxN,...` as (schools, therapists, students) triples."""
    sizes = []
    for part in text.split(","):
        schools, therapists, students = (int(x) for x in part.strip().split("x"))
        sizes.append((schools, therapists, students))
    return sizes


def count_rows(folder: pathlib.Path) -> dict[str, int]:
    rows = {}
    for file in FILES:
        with open(folder / file, encoding="utf-8", newline="") as handle:
            rows[file] = sum(1 for _ in csv.reader(handle)) - 1
    return rows


def run_size(work: pathlib.Path, schools: int, therapists: int, students: int, seed: int) -> Result:
    label = f"{schools}/{therapists}/{students}"
    folder = work / f"bundle-{schools}-{therapists}-{students}"
    started = time.perf_counter()
    generate_district(folder, schools, therapists, students, seed)
    generate_s = time.perf_counter() - started

    database = work / f"bench-{schools}-{therapists}-{students}.sqlite"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "bench-only",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        import_bundle(db.session, folder)
        db.session.commit()
        import_s = time.perf_counter() - started
        db.session.remove()  # a new session, as a second `flask import-bundle` would have

        started = time.perf_counter()
        report = import_bundle(db.session, folder)
        db.session.commit()
        reimport_s = time.perf_counter() - started
        db.session.remove()

        list_s = list_queries = list_status = None
        if "students.index" in app.view_functions:
            list_s, list_queries, list_status = time_student_list(app)
        db.engine.dispose()
    return Result(
        label,
        count_rows(folder),
        generate_s,
        import_s,
        reimport_s,
        report.changed,
        list_s,
        list_queries,
        list_status,
    )


def time_student_list(app) -> tuple[float, int, int]:
    """(seconds, SQL queries, status) of the coordinator's GET /students/, warmed up once."""
    create_user(db.session, COORDINATOR, "coordinator", PASSWORD)
    db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"email": COORDINATOR, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"bench: could not log in as the coordinator ({response.status_code})")
    with app.test_request_context():
        from flask import url_for

        url = url_for("students.index")
    client.get(url)  # compiles the templates
    queries = 0

    def count(*_args) -> None:
        nonlocal queries
        queries += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return seconds, queries, response.status_code


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(
        f"{h:<{w}}" if i == 0 else f"{h:>{w}}"
        for i, (h, w) in enumerate(zip(header, widths, strict=True))
    )
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(
            "  ".join(
                f"{c:<{w}}" if i == 0 else f"{c:>{w}}"
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="schools x therapists x students")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="schoolot-bench-") as work:
        for schools, therapists, students in parse_sizes(args.sizes):
            print(
                f"... {schools} schools, {therapists} therapists, {students} students", flush=True
            )
            results.append(run_size(pathlib.Path(work), schools, therapists, students, args.seed))

    print("\nRows per file (schools/therapists/students):\n")
    print_table(
        ["file", *(r.label for r in results)],
        [[file, *(str(r.rows[file]) for r in results)] for file in FILES]
        + [["total", *(str(sum(r.rows.values())) for r in results)]],
    )
    print("\nSeconds, and SQL queries of the coordinator's student list:\n")
    listed = any(r.list_s is not None for r in results)
    header = ["size", "generate s", "import s", "re-import s"]
    if listed:
        header += ["/students/ s", "queries"]
    rows = []
    for r in results:
        row = [r.label, f"{r.generate_s:.2f}", f"{r.import_s:.2f}", f"{r.reimport_s:.2f}"]
        if listed:
            page_ok = r.list_status == 200
            row += [f"{r.list_s:.3f}" if page_ok else f"HTTP {r.list_status}", str(r.list_queries)]
        rows.append(row)
    print_table(header, rows)
    notes = []
    if any(r.reimport_changed for r in results):
        notes.append("a re-import changed rows: the import is not idempotent on this bundle")
    if not listed:
        notes.append("students.index is not installed yet: the student list was not timed")
    else:
        notes.append("/students/ is page 1 of the list, timed after one warm-up request")
    for note in notes:
        print(f"\nnote: {note}")


if __name__ == "__main__":
    main()
