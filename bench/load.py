"""Load benchmark: the app's pages under gunicorn, polled by many clients at once.

    .venv/bin/python bench/load.py [--district demo|district] [--database URL]
        [--solve-seconds S] [--workers 2] [--clients 20,50] [--seconds 10]
        [--max-requests N] [--pages overview,students,...] [--keep-database FILE]
        [--markdown FILE]

Without --database, the demo district (8 schools, 4 therapists, 150 students;
`--district district`: issue 3's district size, 90 schools, 40 therapists and 1,250
students) is loaded into a fresh SQLite file, solved and published as `bench/feeds.py`
does (its helpers build it). --keep-database copies that file, so a later run can take it
with `--database sqlite:///FILE` and measure the same schedule (before and after a change).

The app is served as production serves it: gunicorn (--workers sync workers, default 2)
on a free 127.0.0.1 port, development config with a fixed SECRET_KEY (CSRF on). The
script logs in as a coordinator through the login form (its CSRF token included), then,
for each page and each number of concurrent clients, runs the clients for --seconds
(or until --max-requests in all), one connection per request, and prints per row:
requests, requests per second, the 50th/95th/99th percentile latency in ms, errors
(any other status, or a failed connection), and the 1-minute load average before the
row (the machine may be shared: compare runs made back to back).

Pages: the coordinators' overview (/timetable/overview), the students list
(/students/, page 1), the busiest therapist's week (/timetable/therapists/ID) as the
coordinator sees it, and that therapist's calendar feed as a 200 and as a 304
(If-None-Match). Only 127.0.0.1 is contacted. Numbers only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import pathlib
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.feeds import (  # noqa: E402
    busiest,
    feed_path,
    gunicorn_server,
    machine,
    make_app,
    prepare_demo,
)

COORDINATOR = "bench-load-coordinator@district.example"
PASSWORD = "bench-load-password"
PAGES = ("overview", "students", "therapist-week", "feed-200", "feed-304")


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    headers: dict[str, str]
    expected: int


@dataclass(frozen=True)
class Row:
    page: str
    clients: int
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    load: float


def ensure_coordinator(database_url: str) -> None:
    """The bench's own coordinator account (kept when it exists already)."""
    app = make_app(database_url)  # the app first: its modules import in their own order
    from sqlalchemy import select

    from schoolot.accounts.service import create_user
    from schoolot.extensions import db
    from schoolot.models import User

    with app.app_context():
        if db.session.scalar(select(User).where(User.email == COORDINATOR)) is None:
            create_user(db.session(), COORDINATOR, "coordinator", PASSWORD)
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def pages_of(database_url: str) -> list[Page]:
    """The pages measured, with the busiest therapist's week and feed."""
    from schoolot.extensions import db

    app = make_app(database_url)
    with app.app_context():
        therapist, _ = busiest(db.session(), "therapist")
        therapist_id = therapist.id
        db.session.remove()
    feed = feed_path(app, therapist_id)
    with app.app_context():
        db.engine.dispose()
    return [
        Page("overview", "/timetable/overview", {}, 200),
        Page("students", "/students/", {}, 200),
        Page("therapist-week", f"/timetable/therapists/{therapist_id}", {}, 200),
        Page("feed-200", feed, {}, 200),
        Page("feed-304", feed, {"If-None-Match": "<from the first 200>"}, 304),
    ]


class _LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Sends Secure cookies to 127.0.0.1 too (a production config marks them so)."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


def log_in(port: int) -> str:
    """The Cookie header of a coordinator's session, logged in through the login form."""
    jar = http.cookiejar.CookieJar(policy=_LoopbackCookies())
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), urllib.request.ProxyHandler({})
    )
    base = f"http://127.0.0.1:{port}"
    with opener.open(f"{base}/login", timeout=30) as response:
        form = response.read().decode()
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    if found is None:
        raise SystemExit("bench: no csrf_token on the login page")
    body = urllib.parse.urlencode(
        {"csrf_token": found.group(1), "email": COORDINATOR, "password": PASSWORD}
    ).encode()
    with opener.open(f"{base}/login", data=body, timeout=30) as response:
        if response.status != 200 or response.url.rstrip("/").endswith("/login"):
            raise SystemExit(f"bench: the coordinator's login failed ({response.status})")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def fetch(port: int, page: Page, cookie: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", page.path, headers={"Cookie": cookie, **page.headers})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


def run(port: int, page: Page, cookie: str, clients: int, seconds: float, limit: int) -> Row:
    """`clients` threads requesting `page` for `seconds` (at most `limit` requests)."""
    load = os.getloadavg()[0]
    latencies: list[float] = []
    errors = 0
    issued = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors, issued
        while time.perf_counter() < deadline:
            with lock:
                if issued >= limit:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                status = fetch(port, page, cookie)[0]
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += status != page.expected

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]

    def percentile(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return Row(
        page.name,
        clients,
        len(latencies),
        len(latencies) / wall,
        percentile(50),
        percentile(95),
        percentile(99),
        errors,
        load,
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| page | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.page} | {r.clients} | {r.requests} | {r.per_second:.1f} | {r.p50_ms:.0f} | "
            f"{r.p95_ms:.0f} | {r.p99_ms:.0f} | {r.errors} | {r.load:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a database URL with a schedule in force")
    parser.add_argument("--district", choices=("demo", "district"), default="demo")
    parser.add_argument("--solve-seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", default="20,50", help="concurrent clients, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each row's run")
    parser.add_argument("--max-requests", type=int, default=5000, help="cap of each row's run")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES)
    )
    parser.add_argument("--keep-database", help="copy the prepared SQLite file here")
    parser.add_argument("--markdown", help="also append the table to this file")
    args = parser.parse_args()
    wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(PAGES))
    if unknown:
        parser.error(f"--pages: unknown page(s) {', '.join(unknown)}; known: {', '.join(PAGES)}")
    counts = [int(n) for n in args.clients.split(",")]

    with tempfile.TemporaryDirectory(prefix="schoolot-bench-load-") as work:
        database_url = args.database
        if database_url is None:
            database = pathlib.Path(work) / "load.sqlite"
            database_url = f"sqlite:///{database}"
            prepare_demo(database_url, args.solve_seconds, args.district == "district", work)
            ensure_coordinator(database_url)
            if args.keep_database:
                shutil.copyfile(database, args.keep_database)
        ensure_coordinator(database_url)
        pages = [page for page in pages_of(database_url) if page.name in wanted]
        rows = []
        with gunicorn_server(database_url, args.workers) as port:
            cookie = log_in(port)
            for page in pages:
                if page.expected == 304:
                    etag = fetch(port, Page(page.name, page.path, {}, 200), cookie)[1]["ETag"]
                    page = Page(page.name, page.path, {"If-None-Match": etag}, 304)
                for _ in range(2 * args.workers):  # templates compiled, caches filled
                    fetch(port, page, cookie)
                for clients in counts:
                    row = run(port, page, cookie, clients, args.seconds, args.max_requests)
                    print(table([row]).splitlines()[-1], flush=True)
                    rows.append(row)
    text = f"Machine: {machine()}; gunicorn -w {args.workers}; {args.district}\n\n" + table(rows)
    print()
    print(text)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


if __name__ == "__main__":
    main()
