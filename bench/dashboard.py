"""Dashboard benchmark: the coordinator's dashboard of a district-size district.

    .venv/bin/python bench/dashboard.py [--database URL] [--profile oversubscribed|balanced]
        [--seed N] [--solve-seconds S] [--runs N] [--keep-database FILE]

Without --database (or with an empty one), a district of issue 11's size (90 schools,
40 therapists, 1,250 students; `flask generate-district --profile oversubscribed` by
default) is generated into a temporary folder, imported into a fresh SQLite file (or the
empty database), solved for --solve-seconds and published, as `flask generate-district`,
`flask import-bundle` and `flask solve --publish` do. --keep-database copies the SQLite
file for a later run (`--database sqlite:///FILE`).

Each page is requested in process through the app (Flask's test client: no network, a
logged-in coordinator), once cold and then --runs times, and the table gives per page:
the cold time, the median and slowest warm time in ms, the SQL statements each request
ran (one request's count: the same every warm run, or the table says so), and the page's
size. A line at the end splits the dashboard's time into its parts (counts and
workloads, alerts, the page). Numbers only: nothing here asserts.
"""

from __future__ import annotations

import argparse
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

COORDINATOR = "bench-dashboard@district.example"
PASSWORD = "bench-dashboard-password"
SIZE = {"schools": 90, "therapists": 40, "students": 1250}
PAGES = (
    ("dashboard", "/dashboard"),
    ("dashboard sorted by name", "/dashboard?sort=name&order=asc"),
    ("IEPs ending", "/district/ieps-ending"),
    ("students with no therapist", "/students/?therapist=none"),
)


def make_app(database_url: str):
    from schoolot import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-dashboard-secret-key-0123456789abcdef",
            "WTF_CSRF_ENABLED": False,
        }
    )


def prepare(
    database_url: str,
    profile: str,
    seed: int,
    solve_seconds: float,
    work: str,
    stands_from: str | None = None,
):
    """Generate, import, solve and publish a district of SIZE (standing from
    `stands_from`, as `flask solve --from` reads it, when given); returns the app."""
    from schoolot.extensions import db

    app = make_app(database_url)
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    bundle = str(pathlib.Path(work) / "bundle")
    steps = (
        ["generate-district", bundle, "--profile", profile, "--seed", str(seed)]
        + [f"--{key}={value}" for key, value in SIZE.items()],
        ["import-bundle", bundle],
        ["solve", "--time-limit", str(solve_seconds), "--publish"]
        + (["--from", stands_from] if stands_from else []),
    )
    for args in steps:
        started = time.perf_counter()
        with app.app_context():
            result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise SystemExit(f"flask {' '.join(args)} failed:\n{result.output}{result.exception}")
        last = result.output.strip().splitlines()[-1] if result.output.strip() else ""
        print(f"flask {args[0]}: {time.perf_counter() - started:.1f} s  {last[:100]}")
    return app


def has_district(database_url: str) -> bool:
    from sqlalchemy import inspect, select

    from schoolot.extensions import db
    from schoolot.models import District

    with make_app(database_url).app_context():
        if not inspect(db.engine).has_table("district"):
            return False
        return db.session.scalar(select(District.id).limit(1)) is not None


def ensure_coordinator(app) -> None:
    from sqlalchemy import select

    from schoolot.accounts.service import create_user
    from schoolot.extensions import db
    from schoolot.models import User

    with app.app_context():
        if db.session.scalar(select(User).where(User.email == COORDINATOR)) is None:
            create_user(db.session, COORDINATOR, "coordinator", PASSWORD)
            db.session.commit()


class QueryCounter:
    """Counts the SQL statements the engine runs while `counting` is on."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


def measure(client, counter: QueryCounter, path: str, runs: int) -> dict:
    def once() -> tuple[float, int, int]:
        before = counter.count
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        return seconds, counter.count - before, len(response.data)

    cold, cold_queries, size = once()
    warm = [once() for _ in range(runs)]
    queries = {q for _, q, _ in warm}
    return {
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(s for s, _, _ in warm) * 1000,
        "max_ms": max(s for s, _, _ in warm) * 1000,
        "queries": "/".join(str(q) for q in sorted(queries)),
        "cold_queries": cold_queries,
        "kb": size / 1024,
    }


def parts(app, runs: int) -> dict[str, float]:
    """Median ms of the dashboard's parts, called directly (no request)."""
    from flask import render_template
    from flask_login import login_user
    from sqlalchemy import select

    from schoolot.dashboard import dashboard_for
    from schoolot.district_dashboard import district_dashboard
    from schoolot.extensions import db
    from schoolot.models import User
    from schoolot.web.main.workload_table import sort_table
    from schoolot.workload_chart import NARROW, WIDE, workload_chart

    timings: dict[str, list[float]] = {"counts and workloads": [], "alerts": [], "page": []}
    with app.test_request_context("/dashboard"):
        for _ in range(runs):
            session = db.session()
            user = session.scalar(select(User).where(User.email == COORDINATOR))
            login_user(user)
            started = time.perf_counter()
            summary = dashboard_for(session, user)
            counted = time.perf_counter()
            figures = district_dashboard(session, user, summary.workloads)
            alerted = time.perf_counter()
            assert figures is not None
            render_template(
                "main/dashboard_coordinator.html",
                summary=summary,
                district={
                    "alerts": figures.alerts,
                    "spread": figures.spread,
                    "table": sort_table(figures.loads, {}),
                    "wide_chart": workload_chart(figures.by_load, WIDE),
                    "narrow_chart": workload_chart(figures.by_load, NARROW),
                },
            )
            drawn = time.perf_counter()
            timings["counts and workloads"].append((counted - started) * 1000)
            timings["alerts"].append((alerted - counted) * 1000)
            timings["page"].append((drawn - alerted) * 1000)
            db.session.remove()
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="an existing database URL (else a new district)")
    parser.add_argument(
        "--profile", default="oversubscribed", choices=("oversubscribed", "balanced")
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--solve-seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep-database", help="copy the new SQLite file here")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="bench-dashboard-")
    try:
        database_url = args.database
        if database_url is None:
            database_file = pathlib.Path(work) / "dashboard.sqlite"
            database_url = f"sqlite:///{database_file}"
            prepare(database_url, args.profile, args.seed, args.solve_seconds, work)
            if args.keep_database:
                shutil.copyfile(database_file, args.keep_database)
        elif not has_district(database_url):
            prepare(database_url, args.profile, args.seed, args.solve_seconds, work)
        app = make_app(database_url)
        ensure_coordinator(app)
        with app.app_context():
            from schoolot.extensions import db

            counter = QueryCounter(db.engine)
            client = app.test_client()
            client.post("/login", data={"email": COORDINATOR, "password": PASSWORD})
            rows = [(name, measure(client, counter, path, args.runs)) for name, path in PAGES]
            split = parts(app, args.runs)
        load = os.getloadavg()[0]
        shown = make_url(database_url).render_as_string(hide_password=True)
        print(f"\n{shown}; {args.runs} warm runs; load average {load:.1f}\n")
        print("| page | cold ms | median ms | slowest ms | SQL statements (cold) | KiB |")
        print("|---|--:|--:|--:|--:|--:|")
        for name, row in rows:
            print(
                f"| {name} | {row['cold_ms']:.0f} | {row['median_ms']:.0f} | {row['max_ms']:.0f} "
                f"| {row['queries']} ({row['cold_queries']}) | {row['kb']:.0f} |"
            )
        print(
            "\nThe dashboard's parts, median ms: "
            + ", ".join(f"{name} {ms:.0f}" for name, ms in split.items())
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
