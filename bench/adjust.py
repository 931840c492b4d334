"""How long "show alternatives" takes on a 40-therapist district (issue 13: < 200 ms).

    .venv/bin/python bench/adjust.py [--seed N --solve-seconds S --per-therapist N --work DIR]

Generates the `district` size of bench/solve.py (90 schools, 40 therapists, 1,250
students, balanced profile), imports it into a fresh SQLite file, solves a draft, then
for `--per-therapist` sessions of every therapist's draft week (spread over the week)
times, each on its own: loading the week as the rules see it (`load_draft_week`), the
alternatives (`alternatives`: places and groups, each validated), the swaps (asked for
separately), and the whole page as a coordinator's browser gets it (the test client's
GET, rendering included). Prints one table of milliseconds: median, 90th percentile
and most, and how many places each session had.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _timed(call, *args):
    start = time.perf_counter()
    result = call(*args)
    return result, (time.perf_counter() - start) * 1000


def _row(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    return (
        f"| {name} | {len(values)} | {statistics.median(values):.0f} | {p90:.0f} "
        f"| {ordered[-1]:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--solve-seconds", type=float, default=30.0)
    parser.add_argument("--per-therapist", type=int, default=3)
    parser.add_argument(
        "--cycle", action="store_true", help="a 4-week cycle district (generate-district --cycle)"
    )
    parser.add_argument("--work", default=None, help="keep the files here (default: a temp dir)")
    args = parser.parse_args()
    work = pathlib.Path(args.work or tempfile.mkdtemp(prefix="bench-adjust-"))
    work.mkdir(parents=True, exist_ok=True)

    from sqlalchemy import select

    from schoolot import create_app
    from schoolot.accounts.service import create_user
    from schoolot.adjust.alternatives import alternatives, swaps
    from schoolot.adjust.draft_week import load_draft_week
    from schoolot.bundle import import_bundle
    from schoolot.extensions import db
    from schoolot.generator.district import generate_district
    from schoolot.models import ScheduledSession, ScheduleVersion, User
    from schoolot.scheduling import store

    database = work / "district.sqlite"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "bench-adjust-" + "x" * 32,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        if store.newest(db.session(), "draft") is None:
            bundle = work / "bundle"
            generate_district(bundle, 90, 40, 1250, args.seed, cycle=args.cycle)
            import_bundle(db.session(), bundle)
            db.session.commit()
            solve = ["solve", "--time-limit", str(args.solve_seconds), "--seed", str(args.seed)]
            print(app.test_cli_runner().invoke(args=solve).output, file=sys.stderr)
        draft = store.newest(db.session(), "draft")
        assert draft is not None, "the solve stored no draft"
        therapist_ids = sorted(
            set(
                db.session.scalars(
                    select(ScheduledSession.therapist_id).where(
                        ScheduledSession.schedule_id == draft.id
                    )
                )
            )
        )
        email = "bench@district.example"
        if db.session.scalar(select(User).where(User.email == email)) is None:
            create_user(db.session(), email, "coordinator", "bench-password-1")
            db.session.commit()
        draft_id = draft.id

    loads, alts, swap_times, pages, places = [], [], [], [], []
    client = app.test_client()
    with app.app_context():
        for therapist_id in therapist_ids:
            draft = db.session.get(ScheduleVersion, draft_id)
            week, ms = _timed(load_draft_week, db.session(), draft, therapist_id)
            loads.append(ms)
            count = len(week.sessions)
            picks = (
                sorted(
                    {
                        round(i * (count - 1) / max(1, args.per_therapist - 1))
                        for i in range(args.per_therapist)
                    }
                )
                if count
                else []
            )
            for k in picks:
                found, ms = _timed(alternatives, week, k)
                alts.append(ms)
                places.append(len(found.places))
                _, ms = _timed(swaps, week, k)
                swap_times.append(ms)
                row_id = week.rows[k].id
                url = f"/schedules/versions/{draft_id}/sessions/{row_id}"
                pages.append((therapist_id, url))
            db.session.remove()
    page_ms = []
    with app.app_context():
        login = client.post("/login", data={"email": email, "password": "bench-password-1"})
        assert login.status_code == 302, login.status_code
        for _, url in pages:
            response, ms = _timed(client.get, url)
            assert response.status_code == 200, (url, response.status_code)
            page_ms.append(ms)

    print(f"District: 40 therapists, 1,250 students, seed {args.seed}; draft #{draft_id}")
    print(f"Places a session: median {statistics.median(places):.0f}, most {max(places)}")
    print()
    print("| step | runs | median ms | p90 ms | most ms |")
    print("|---|---|---|---|---|")
    print(_row("load the week (load_draft_week)", loads))
    print(_row("alternatives (places and groups, each validated)", alts))
    print(
        _row(
            "load + alternatives (sum of medians above)",
            [statistics.median(loads) + a for a in alts],
        )
    )
    print(_row("the page, GET through the app (rendered)", page_ms))
    print(_row("swaps (asked for separately)", swap_times))


if __name__ == "__main__":
    main()
