"""Benchmark the calendar feeds on the demo district: building them, and serving polls.

    .venv/bin/python bench/feeds.py [--district demo|district] [--database URL]
        [--solve-seconds S] [--runs N] [--requests N] [--no-http] [--gunicorn WORKERS]
        [--clients N] [--markdown FILE]

Without --database, the demo district (`flask seed-demo`: 8 schools, 4 therapists, 150
students; `--district district`: a generated district of 90 schools, 40 therapists and
1,250 students) is loaded into a fresh SQLite file, solved as of the first day of its
school year (--solve-seconds, default 20) and published. With --database, the schedule in
force there is used as it is (e.g. a copy of a database that `make run` filled); the
database must be at the current migration.

Measures, for the therapist, school and teacher with the most weekly sessions:
- build: `build_feed` for the whole school year, fresh ORM session each time (its
  queries included), median of --runs;
- serve: requests per second for one feed polled by one client, one request after
  another: in-process through the WSGI app (Flask's test client: the app's own cost),
  and over HTTP to werkzeug's server in a child process (keep-alive, one thread). Rows:
  a full 200 from the cached body, 304 by If-None-Match, 304 by If-Modified-Since, and
  a 200 rebuilt each time (the cache emptied before each request: the worst case);
  and, as production serves it, through gunicorn (--gunicorn WORKERS sync workers,
  default 2, one per CPU here) polled by --clients concurrent clients (default 4), one
  connection per request. The conditional target is judged on the in-process rate and
  on gunicorn's (werkzeug's when gunicorn is not measured).
  The access log and the servers' request logs are off: their cost depends on where
  they go.

Targets (issue 4): under 50 ms to build a therapist's year; over 500 conditional
requests per second. Numbers only: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import multiprocessing
import os
import pathlib
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUILD_TARGET_MS = 50.0
CONDITIONAL_TARGET_PER_S = 500.0
SECRET = "bench-only"


@dataclass(frozen=True)
class Build:
    kind: str
    name: str
    weekly_sessions: int
    events: int
    kib: float
    median_ms: float
    spread_ms: tuple[float, float]


@dataclass(frozen=True)
class Serve:
    case: str
    status: int
    wsgi_per_s: float
    http_per_s: float | None
    gunicorn_per_s: float | None = None


def make_app(database_url: str):
    import logging

    from schoolot import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET})
    # The access log is off here: what it costs depends on where it is written.
    logging.getLogger("schoolot.feeds").setLevel(logging.WARNING)
    return app


# --district district: the generator's district of issue 3's "district" size.
DISTRICT_SIZE = {"schools": 90, "therapists": 40, "students": 1250}


def prepare_demo(
    database_url: str, solve_seconds: float, district_size: bool = False, work: str = "."
) -> None:
    """Load the demo district (or generate and import a district-size one), solve it
    and publish the schedule."""
    from sqlalchemy import select

    from schoolot.bundle import import_bundle
    from schoolot.extensions import db
    from schoolot.generator.demo import load_demo
    from schoolot.generator.district import generate_district
    from schoolot.models import District
    from schoolot.scheduling import store
    from schoolot.scheduling.problem_builder import build_problem
    from schoolot.solver.solve import solve

    app = make_app(database_url)
    with app.app_context():
        db.create_all()
        session = db.session()
        if district_size:
            bundle = pathlib.Path(work) / "bundle"
            generate_district(
                bundle,
                DISTRICT_SIZE["schools"],
                DISTRICT_SIZE["therapists"],
                DISTRICT_SIZE["students"],
                0,
            )
            import_bundle(session, bundle)
        else:
            load_demo(session)
        session.commit()
        district = session.scalar(select(District))
        assert district is not None
        problem, index = build_problem(session, as_of=district.year_start)
        started = time.perf_counter()
        solution = solve(problem, time_limit=solve_seconds, seed=1)
        print(
            f"Solved the district in {time.perf_counter() - started:.1f} s: "
            f"{len(solution.sessions)} weekly sessions, {len(solution.unscheduled)} lines left out",
            flush=True,
        )
        version = store.store_solution(
            session, problem, index, solution, None, None, solve_seconds, 1
        )
        store.publish(session, version)
        session.commit()
        db.session.remove()
        db.engine.dispose()


def busiest(session, kind: str):
    """(owner, weekly sessions) of the therapist, school or teacher with the most sessions."""
    from sqlalchemy import func, select

    from schoolot.models import (
        ScheduledSession,
        School,
        ServiceLine,
        Student,
        Teacher,
        Therapist,
        session_service,
    )
    from schoolot.scheduling.store import in_force

    version = in_force(session)
    assert version is not None, "no schedule in force"
    count = func.count(func.distinct(ScheduledSession.id))
    query = select(ScheduledSession).where(ScheduledSession.schedule_id == version.id)
    if kind == "therapist":
        owner, column = Therapist, ScheduledSession.therapist_id
    elif kind == "school":
        owner, column = School, ScheduledSession.school_id
    else:
        owner, column = Teacher, Student.teacher_id
        query = query.join(session_service).join(ServiceLine).join(Student)
    row = session.execute(
        query.with_only_columns(column, count).group_by(column).order_by(count.desc()).limit(1)
    ).one()
    return session.get(owner, row[0]), row[1]


def measure_builds(app, runs: int) -> tuple[list[Build], dict[str, int]]:
    from schoolot.extensions import db
    from schoolot.feeds.ical import build_feed

    builds, owners = [], {}
    with app.app_context():
        for kind in ("therapist", "school", "teacher"):
            owner, weekly = busiest(db.session(), kind)
            owners[kind] = owner.id
            name = owner.name
            times = []
            body = b""
            for _ in range(runs + 1):  # the first run warms caches up; not counted
                db.session.remove()
                started = time.perf_counter()
                body = build_feed(db.session(), kind, owner.id)
                times.append((time.perf_counter() - started) * 1000)
            times = times[1:]
            builds.append(
                Build(
                    kind,
                    name,
                    weekly,
                    body.count(b"BEGIN:VEVENT"),
                    len(body) / 1024,
                    statistics.median(times),
                    (min(times), max(times)),
                )
            )
        db.session.remove()
    return builds, owners


def feed_path(app, therapist_id: int) -> str:
    from schoolot.extensions import db
    from schoolot.feeds import tokens

    with app.app_context():
        feed = tokens.ensure_feed(db.session(), SECRET, "therapist", therapist_id)
        db.session.commit()
        token = tokens.token_of(feed, SECRET)
        db.session.remove()
    return f"/feeds/{token}.ics"


CASES = (
    ("200 from the cached body", 200, lambda v: {}),
    ("304 by If-None-Match", 304, lambda v: {"If-None-Match": v["ETag"]}),
    ("304 by If-Modified-Since", 304, lambda v: {"If-Modified-Since": v["Last-Modified"]}),
    ("200 rebuilt every time", 200, lambda v: {}),
)


def per_second(requests: int, call: Callable[[], int], expected: int) -> float:
    for _ in range(min(20, requests)):
        assert call() == expected
    started = time.perf_counter()
    for _ in range(requests):
        status = call()
        assert status == expected, status
    return requests / (time.perf_counter() - started)


def measure_wsgi(app, path: str, requests: int) -> dict[str, float]:
    from schoolot.web.feeds.public import feed_cache

    client = app.test_client()
    first = client.get(path)
    assert first.status_code == 200
    results = {}
    for case, status, headers_of in CASES:
        headers = headers_of(first.headers)
        cache = feed_cache(app)
        rebuild = case.startswith("200 rebuilt")

        def call(headers=headers, cache=cache, rebuild=rebuild) -> int:
            if rebuild:
                cache.clear()
            return client.get(path, headers=headers).status_code

        count = max(requests // 20, 20) if rebuild else requests
        results[case] = per_second(count, call, status)
    return results


def _serve(database_url: str, port_pipe) -> None:
    """The child process: the app behind werkzeug's server, HTTP/1.1 keep-alive."""
    import logging

    from werkzeug.serving import WSGIRequestHandler, make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    class KeepAlive(WSGIRequestHandler):
        protocol_version = "HTTP/1.1"

    server = make_server("127.0.0.1", 0, make_app(database_url), request_handler=KeepAlive)
    port_pipe.send(server.server_port)
    server.serve_forever()


def measure_http(database_url: str, path: str, requests: int) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_serve, args=(database_url, send), daemon=True)
    child.start()
    try:
        port = receive.recv()
        connection = http.client.HTTPConnection("127.0.0.1", port)

        def get(headers: dict[str, str]) -> tuple[int, dict[str, str]]:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, dict(response.getheaders())

        status, first = get({})
        assert status == 200
        results = {}
        for case, expected, headers_of in CASES:
            if case.startswith("200 rebuilt"):
                continue  # the child's cache cannot be emptied from here
            headers = headers_of(first)
            results[case] = per_second(requests, lambda h=headers: get(h)[0], expected)
        connection.close()
        return results
    finally:
        child.terminate()
        child.join()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn_server(
    database_url: str, workers: int, environment: dict[str, str] | None = None
) -> Iterator[int]:
    """The app (`bench.feeds_server:app`) under gunicorn with `workers` sync workers on a
    free 127.0.0.1 port, as production serves it (`environment` added to the server's);
    yields the port once it answers."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=SECRET, **(environment or {}))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.feeds_server:app",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure_gunicorn(
    database_url: str, path: str, requests: int, workers: int, clients: int
) -> dict[str, float]:
    """Requests per second from `clients` concurrent clients to gunicorn with `workers`
    sync workers (as in production: one connection per request), conditional cases."""
    with gunicorn_server(database_url, workers) as port:
        first = http.client.HTTPConnection("127.0.0.1", port)
        first.request("GET", path)
        response = first.getresponse()
        response.read()
        assert response.status == 200, response.status
        validators = dict(response.getheaders())
        first.close()
        results = {}
        for case, expected, headers_of in CASES:
            if expected != 304:
                continue
            headers = headers_of(validators)
            results[case] = _concurrent_rate(port, path, headers, expected, requests, clients)
        return results


def _concurrent_rate(
    port: int, path: str, headers: dict[str, str], expected: int, requests: int, clients: int
) -> float:
    each = max(requests // clients, 1)
    failures: list[int] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        for _ in range(each):
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != expected:
                failures.append(response.status)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not failures, failures[:5]
    return each * clients / elapsed


def machine() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "?"
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, commit {commit or '?'}, "
        f"{dt.date.today().isoformat()}"
    )


def tables(builds: list[Build], serves: list[Serve]) -> str:
    lines = [
        f"Machine: {machine()}",
        "",
        "| feed | owner | sessions/week | events/year | KiB | build ms (median) | min-max | "
        f"target < {BUILD_TARGET_MS:g} ms |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for b in builds:
        verdict = (
            ("met" if b.median_ms < BUILD_TARGET_MS else "MISSED") if b.kind == "therapist" else "-"
        )
        lines.append(
            f"| {b.kind} | {b.name} | {b.weekly_sessions} | {b.events} | {b.kib:.0f} | "
            f"{b.median_ms:.1f} | {b.spread_ms[0]:.1f}-{b.spread_ms[1]:.1f} | {verdict} |"
        )
    lines += [
        "",
        "| request (the therapist's feed) | status | WSGI req/s | HTTP req/s | "
        f"gunicorn req/s | target > {CONDITIONAL_TARGET_PER_S:g}/s (conditional) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for s in serves:
        http_rate = f"{s.http_per_s:.0f}" if s.http_per_s is not None else "-"
        gunicorn_rate = f"{s.gunicorn_per_s:.0f}" if s.gunicorn_per_s is not None else "-"
        if s.status == 304:
            # Judged as production serves it (gunicorn) when measured; the development
            # server's single thread is a reference, not how the app is deployed.
            served = s.gunicorn_per_s if s.gunicorn_per_s is not None else s.http_per_s
            slowest = min(r for r in (s.wsgi_per_s, served) if r is not None)
            verdict = "met" if slowest > CONDITIONAL_TARGET_PER_S else "MISSED"
        else:
            verdict = "-"
        lines.append(
            f"| {s.case} | {s.status} | {s.wsgi_per_s:.0f} | {http_rate} | {gunicorn_rate} "
            f"| {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a database URL with a schedule in force")
    parser.add_argument(
        "--district",
        choices=("demo", "district"),
        default="demo",
        help="demo: flask seed-demo's 150 students; district: a generated district of "
        "90 schools, 40 therapists and 1,250 students (solve it with --solve-seconds 60)",
    )
    parser.add_argument("--solve-seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=15, help="builds per feed (median)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per case")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurement")
    parser.add_argument("--markdown", help="also write the tables to this file")
    parser.add_argument(
        "--gunicorn",
        type=int,
        default=2,
        metavar="WORKERS",
        help="also serve through gunicorn with this many sync workers (0: not)",
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients for gunicorn")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="schoolot-bench-feeds-") as work:
        database_url = args.database
        if database_url is None:
            database_url = f"sqlite:///{pathlib.Path(work) / 'demo.sqlite'}"
            prepare_demo(database_url, args.solve_seconds, args.district == "district", work)
        app = make_app(database_url)
        builds, owners = measure_builds(app, args.runs)
        path = feed_path(app, owners["therapist"])
        wsgi = measure_wsgi(app, path, args.requests)
        http_rates = {} if args.no_http else measure_http(database_url, path, args.requests)
        gunicorn_rates = (
            measure_gunicorn(database_url, path, args.requests, args.gunicorn, args.clients)
            if args.gunicorn and not args.no_http
            else {}
        )
        serves = [
            Serve(case, status, wsgi[case], http_rates.get(case), gunicorn_rates.get(case))
            for case, status, _ in CASES
        ]
    text = tables(builds, serves)
    print(text)
    if args.markdown:
        pathlib.Path(args.markdown).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
