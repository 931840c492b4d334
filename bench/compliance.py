"""Owed vs delivered benchmark: the compliance ledger and pages of a district-size district.

    .venv/bin/python bench/compliance.py [--database URL] [--profile oversubscribed|balanced]
        [--seed N] [--solve-seconds S] [--weeks W] [--runs N] [--keep-database FILE]

Without --database (or with an empty one), a district of issue 11's size (90 schools, 40
therapists, 1,250 students) is generated, imported into a fresh SQLite file (or the empty
database), solved for --solve-seconds and published to stand from the year's first
school day (`flask solve --publish --from first-school-day`); its first --weeks weeks are
then logged as the demo's are (schoolot.generator.demo_logs: mostly delivered, some
absences, a sick day, an assembly, a few sessions left unlogged). Everything is counted
as of the day after the last logged.

The table gives, cold and then the median and slowest of --runs warm runs: the ledger
(`line_ledgers`) for the district, one caseload and one student, called directly, and
the pages through the app's test client (a logged-in coordinator): the district page, a
caseload's page, the CSV and a student's IEP report. Numbers only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

from sqlalchemy.engine import make_url

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dashboard import (  # noqa: E402
    COORDINATOR,
    PASSWORD,
    QueryCounter,
    ensure_coordinator,
    has_district,
    make_app,
)
from bench.dashboard import prepare as prepare_district  # noqa: E402


def prepare(
    database_url: str, profile: str, seed: int, solve_seconds: float, weeks: int, work: str
) -> None:
    """Generate, import, solve and publish a district of SIZE, then log its first weeks."""
    from schoolot.extensions import db

    app = prepare_district(database_url, profile, seed, solve_seconds, work, "first-school-day")
    with app.app_context():
        started = time.perf_counter()
        first, until = _logged_dates(weeks)
        from schoolot.generator.demo_logs import log_demo_weeks

        logged = log_demo_weeks(db.session(), first, until)
        db.session.commit()
        count = logged.logs if logged else 0
        print(f"logged {first} to {until}: {count:,} logs, {time.perf_counter() - started:.1f} s")


def _logged_dates(weeks: int) -> tuple[dt.date, dt.date]:
    """The first school day the schedule stands from, and `weeks` weeks later."""
    from schoolot.district.settings import get_district
    from schoolot.extensions import db
    from schoolot.timetable.history import History

    district = get_district(db.session())
    assert district is not None
    first = History.load(db.session(), district).started
    assert first is not None
    return first, first + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)


def as_of_date(app, weeks: int) -> dt.date:
    with app.app_context():
        return _logged_dates(weeks)[1] + dt.timedelta(days=1)


def timed(call, runs: int) -> dict:
    """Cold time, then the median and slowest of `runs` warm runs, in ms."""
    started = time.perf_counter()
    result = call()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        warm.append(time.perf_counter() - started)
    return {
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(warm) * 1000,
        "max_ms": max(warm) * 1000,
        "result": result,
    }


def ledger_rows(app, as_of: dt.date, runs: int) -> tuple[list, int, int, int]:
    """Time line_ledgers for the district, the largest caseload and one student."""
    from collections import Counter

    from schoolot.compliance.ledger import line_ledgers
    from schoolot.extensions import db

    with app.app_context():
        session = db.session()
        district = timed(lambda: line_ledgers(session, as_of), runs)
        ledgers = district["result"]
        therapist_id = Counter(x.therapist_id for x in ledgers if x.therapist_id).most_common(1)[0][
            0
        ]
        student_id = ledgers[0].student_id
        caseload = timed(lambda: line_ledgers(session, as_of, therapist_id=therapist_id), runs)
        student = timed(lambda: line_ledgers(session, as_of, student_id=student_id), runs)
        rows = [
            (f"line_ledgers: district ({len(ledgers):,} lines)", district),
            (f"line_ledgers: largest caseload ({len(caseload['result'])} lines)", caseload),
            (f"line_ledgers: one student ({len(student['result'])} lines)", student),
        ]
        behind = sum(1 for x in ledgers if x.behind)
        return rows, therapist_id, student_id, behind


def page_rows(app, as_of: dt.date, therapist_id: int, student_id: int, runs: int) -> list:
    from schoolot.extensions import db

    pages = (
        ("district page", f"/compliance/?as_of={as_of}"),
        ("caseload page", f"/compliance/therapists/{therapist_id}?as_of={as_of}"),
        ("district CSV", f"/compliance/compliance.csv?as_of={as_of}"),
        ("student IEP report", f"/compliance/students/{student_id}/report?as_of={as_of}"),
    )
    rows = []
    with app.app_context():
        counter = QueryCounter(db.engine)
        client = app.test_client()
        client.post("/login", data={"email": COORDINATOR, "password": PASSWORD})
        for name, path in pages:
            before = counter.count

            def get(path: str = path):
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                return response

            row = timed(get, runs)
            row["queries"] = (counter.count - before) // (runs + 1)
            row["kb"] = len(row["result"].data) / 1024
            rows.append((name, row))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="an existing database URL (else a new district)")
    parser.add_argument(
        "--profile", default="oversubscribed", choices=("oversubscribed", "balanced")
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--solve-seconds", type=float, default=20.0)
    parser.add_argument("--weeks", type=int, default=12, help="weeks logged (default 12)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep-database", help="copy the new SQLite file here")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="bench-compliance-")
    try:
        database_url = args.database
        if database_url is None or not has_district(database_url):
            if database_url is None:
                database_file = pathlib.Path(work) / "compliance.sqlite"
                database_url = f"sqlite:///{database_file}"
            prepare(database_url, args.profile, args.seed, args.solve_seconds, args.weeks, work)
            if args.keep_database and args.database is None:
                shutil.copyfile(database_file, args.keep_database)
        app = make_app(database_url)
        ensure_coordinator(app)
        as_of = as_of_date(app, args.weeks)
        ledgers, therapist_id, student_id, behind = ledger_rows(app, as_of, args.runs)
        pages = page_rows(app, as_of, therapist_id, student_id, args.runs)
        load = os.getloadavg()[0]
        shown = make_url(database_url).render_as_string(hide_password=True)
        print(
            f"\n{shown}; as of {as_of} ({args.weeks} weeks logged); {behind} lines behind;"
            f" {args.runs} warm runs; load average {load:.1f}\n"
        )
        print("| what | cold ms | median ms | slowest ms | SQL statements | KiB |")
        print("|---|--:|--:|--:|--:|--:|")
        for name, row in ledgers:
            print(
                f"| {name} | {row['cold_ms']:.0f} | {row['median_ms']:.0f}"
                f" | {row['max_ms']:.0f} | | |"
            )
        for name, row in pages:
            print(
                f"| {name} | {row['cold_ms']:.0f} | {row['median_ms']:.0f}"
                f" | {row['max_ms']:.0f} | {row['queries']} | {row['kb']:.0f} |"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
