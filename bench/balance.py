"""Issue 11's "Done when" for balance: on an over-subscribed generated district (20
schools, 8 therapists, 250 students, every student pinned, caseloads unbalanced: the
`coop` size of bench/solve.py's oversubscribed profile), `flask balance --apply` then
`flask solve` should meet at least 95% of lines with workload per FTE within 1.5x.

    .venv/bin/python bench/balance.py [--seeds 0,1,2] [--solve-seconds 20]
        [--balance-seconds 10] [--max-moves 30] [--work DIR]

Per seed: generate and import the district into a fresh SQLite file, run `flask solve`
(the lines met before), `flask balance --apply` (moves, spread before and after), and
`flask solve` again, then reads the spread `flask caseload --json` reports; prints a
table. Lines are counted from the district's today, as
the commands do (--year-start: from the year's first day, all 263-268 lines, as
bench/solve.py counts them)."""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run_seed(seed: int, args: argparse.Namespace, work: pathlib.Path) -> dict[str, str]:
    from sqlalchemy import select

    from schoolot import create_app
    from schoolot.bundle import import_bundle
    from schoolot.extensions import db
    from schoolot.generator.district import generate_district
    from schoolot.models import District

    bundle = work / f"bundle-{seed}"
    generate_district(bundle, 20, 8, 250, seed, profile="oversubscribed")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / f'seed{seed}.sqlite'}", "SECRET_KEY": "x"}
    )
    runner = app.test_cli_runner()
    with app.app_context():
        db.create_all()
        import_bundle(db.session(), bundle)
        db.session.commit()
    as_of = []
    if args.year_start:
        with app.app_context():
            as_of = ["--as-of", str(db.session.scalar(select(District.year_start)))]
    solve = ["solve", "--time-limit", str(args.solve_seconds), "--seed", str(seed), *as_of]
    before = runner.invoke(args=solve).output
    balanced = runner.invoke(
        args=[
            "balance",
            "--max-moves",
            str(args.max_moves),
            "--time-limit",
            str(args.balance_seconds),
            "--seed",
            str(seed),
            "--apply",
            "--solve-time-limit",
            str(args.solve_seconds),
            *as_of,
        ]
    ).output
    caseload = json.loads(runner.invoke(args=["caseload", "--json", *as_of]).output)
    per_fte = [row["workload_per_fte"] for row in caseload]
    (work / f"seed{seed}.txt").write_text(before + "\n----\n" + balanced)
    met = re.findall(r"Lines met: ([\d,]+) of ([\d,]+)", before + balanced)
    spreads = re.findall(r"spread ([\d.]+)x", balanced)
    most = re.findall(r"at most ([\d,]+) of", balanced)
    moves = re.search(r"Proposed: (\d+) moves", balanced)
    coverage = balanced.count("starts serving") + balanced.count("stops serving")

    def share(pair: tuple[str, str]) -> str:
        a, b = (int(x.replace(",", "")) for x in pair)
        return f"{a}/{b} ({100 * a / b:.1f}%)"

    return {
        "seed": str(seed),
        "met before": share(met[0]) if met else "?",
        "met after": share(met[-1]) if len(met) > 1 else "?",
        "proven most before/after": "/".join(most) if most else "?",
        "spread before": spreads[0] if spreads else "?",
        "spread after": spreads[1] if len(spreads) > 1 else "?",
        "flask caseload spread after": f"{max(per_fte) / min(per_fte):.2f}",
        "moves": moves.group(1) if moves else "0",
        "coverage changes": str(coverage),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--solve-seconds", type=float, default=20.0)
    parser.add_argument("--balance-seconds", type=float, default=10.0)
    parser.add_argument("--max-moves", type=int, default=30)
    parser.add_argument("--work", type=pathlib.Path, default=None)
    parser.add_argument(
        "--year-start",
        action="store_true",
        help="count lines from the first day of the year (as bench/solve.py), not today",
    )
    args = parser.parse_args()
    work = args.work or pathlib.Path(tempfile.mkdtemp(prefix="balance-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = [run_seed(int(seed), args, work) for seed in args.seeds.split(",")]
    header = list(rows[0])
    widths = [max(len(h), *(len(r[h]) for r in rows)) for h in header]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print(" | ".join(row[h].ljust(w) for h, w in zip(header, widths, strict=True)))
    print(f"(outputs in {work})")


if __name__ == "__main__":
    main()
