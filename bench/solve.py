"""Benchmark the scheduler on both generator profiles, against the by-hand baseline.

    .venv/bin/python bench/solve.py [--profile balanced|oversubscribed|both]
        [--sizes one,coop,coop-open,district,metro] [--seeds 0,1,2]
        [--time-limit-scale X] [--reference-s S] [--cycle week|district]
        [--markdown FILE] [--json FILE]

Sizes by profile: `balanced` (issue 3) one 3/1/40 (5 s), coop 20/8/250 (20 s),
district 90/40/1,250 (60 s), metro 300/150/5,000 (300 s); `oversubscribed` (issue 10)
coop 20/8/250 (20 s), coop-open (the same district, no student pinned, every
therapist free to serve every school; 20 s) and district 90/40/1,250 (60 s). --sizes
picks among each profile's own; every size runs once per seed (the generator's seed
and solve's). The oversubscribed profile gets a fourth table, issue 10's coverage
targets. With --reference-s S (issue 10 asks 600), each instance is also solved with
an S-second limit, and a last table holds the run against it: the same lines met, and
drive + idle minutes within 5% of the reference week's.

--cycle: `week` (the default) sets each district's cycle to one week, so the series
since issue 3 stays comparable; `district` leaves the district's own cycle (issue 13:
the generator's monthly consults make it four weeks; bench/cycle.py compares the two).

Per size: generate the district with the project's generator, import it into a fresh
SQLite file database, build the `Problem` through the bridge (as of the first day of
the school year, so the lines owed do not depend on today's date), then run (a) the
by-hand baseline and (b) `solve` with the size's time limit (its final-time target,
times --time-limit-scale). Prints three plain tables (setup; both runs against the
targets; the solver against the baseline), and the same tables as Markdown (to
--markdown FILE, else after the plain ones).

Each size's setup and each size's solve run in a fresh process of their own, so that
peak memory (getrusage maxrss, a high-water mark) belongs to that size and that step
alone. "RSS MiB" is the solve process's own peak + the largest child's peak (solve's
week workers); the memory verdict takes self + (cpus + 1) x child, an upper bound on
all of them at once (the pool runs one worker per CPU, next to its fork server).

Times are the solve process's own: "first" is the time to the first complete valid
schedule (the baseline's whole run; for `solve`, its stats.first_solution_seconds),
"final" the whole call. Numbers only: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import pickle
import platform
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, replace
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024
MEMORY_TARGET_MIB = 4096
IDLE_REDUCTION_TARGET = 0.30


@dataclass(frozen=True)
class Size:
    name: str
    schools: int
    therapists: int
    students: int
    first_target: float  # seconds to a first valid schedule
    final_target: float  # seconds to the final schedule, and solve's time limit
    profile: str = "balanced"
    open_caseloads: bool = False
    coverage_target: float | None = None  # issue 10: share of lines met, at least
    bound_margin: float | None = None  # issue 10: met >= proven most - margin x owed


SIZES = {
    size.name: size
    for size in (
        Size("one", 3, 1, 40, 1.0, 5.0),
        Size("coop", 20, 8, 250, 3.0, 20.0),
        Size("district", 90, 40, 1250, 10.0, 60.0),
        Size("metro", 300, 150, 5000, 60.0, 300.0),
    )
}
OVERSUBSCRIBED_SIZES = {
    size.name: size
    for size in (
        Size("coop", 20, 8, 250, 3.0, 20.0, "oversubscribed", False, 0.90, 0.03),
        Size("coop-open", 20, 8, 250, 3.0, 20.0, "oversubscribed", True, 0.95),
        Size("district", 90, 40, 1250, 10.0, 60.0, "oversubscribed", False, 0.88),
    )
}
PROFILE_SIZES = {"balanced": SIZES, "oversubscribed": OVERSUBSCRIBED_SIZES}


# --- the child processes ---------------------------------------------------------


def _maxrss_mib(who: int) -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(who).ru_maxrss / 1024


def setup_size(size: Size, seed: int, work: pathlib.Path, cycle: str = "week") -> dict[str, Any]:
    """Generate, import and build the size's Problem; pickle it to work/problem.pickle."""
    from sqlalchemy import select

    from schoolot import create_app
    from schoolot.bundle import import_bundle
    from schoolot.extensions import db
    from schoolot.generator.district import generate_district
    from schoolot.models import District
    from schoolot.scheduling.problem_builder import build_problem

    bundle = work / "bundle"
    started = time.perf_counter()
    generate_district(
        bundle,
        size.schools,
        size.therapists,
        size.students,
        seed,
        profile=size.profile,
        open_caseloads=size.open_caseloads,
    )
    generate_s = time.perf_counter() - started

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'district.sqlite'}",
            "SECRET_KEY": "bench-only",
        }
    )
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        session = db.session()  # the request-free Session itself, as services take
        import_bundle(session, bundle)
        session.commit()
        import_s = time.perf_counter() - started
        district = session.scalar(select(District))
        assert district is not None
        if cycle == "week":
            district.cycle_weeks = 1
            session.commit()
        started = time.perf_counter()
        problem, _ = build_problem(session, as_of=district.year_start)
        build_s = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    with open(work / "problem.pickle", "wb") as handle:
        pickle.dump(problem, handle)
    return {
        "generate_s": generate_s,
        "import_s": import_s,
        "build_s": build_s,
        "students": len(problem.students),
        "lines": len(problem.services),
        "therapists": len(problem.therapists),
        "schools": len(problem.schools),
        "cycle_weeks": problem.cycle_weeks,
        "setup_rss_mib": _maxrss_mib(resource.RUSAGE_SELF),
    }


def _run_record(problem: Any, solution: Any, first: float, final: float) -> dict[str, Any]:
    from schoolot.solver.metrics import measure
    from schoolot.solver.validate import validate

    errors = validate(problem, solution)
    metrics = measure(problem, solution)
    record = asdict(metrics)
    del record["workload_per_fte"]
    record.update(
        coverage=metrics.coverage,
        first_s=first,
        final_s=final,
        valid=not errors,
        errors=errors[:5],
        status=solution.stats.status,
        objective=solution.stats.objective,
        bound=solution.stats.bound,
        gap=solution.stats.gap,
        most_lines_met=solution.stats.most_lines_met,
    )
    return record


def solve_size(
    size: Size, seed: int, scale: float, work: pathlib.Path, reference_s: float = 0.0
) -> dict[str, Any]:
    """Run the baseline, then `solve`, on the pickled Problem; their records. With
    `reference_s`, then `solve` again with that time limit: the reference week."""
    from schoolot.solver.baseline import schedule_by_hand
    from schoolot.solver.solve import InvalidSchedule, solve

    with open(work / "problem.pickle", "rb") as handle:
        problem = pickle.load(handle)

    started = time.perf_counter()
    baseline = schedule_by_hand(problem)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {"baseline": _run_record(problem, baseline, seconds, seconds)}
    result["baseline"].update(rss_self_mib=_maxrss_mib(resource.RUSAGE_SELF), rss_child_mib=0.0)

    limit = size.final_target * scale
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    try:
        solution = solve(problem, time_limit=limit, seed=seed)
    except InvalidSchedule as error:
        record = {"failed": f"InvalidSchedule: {error.errors[:3]}", "valid": False}
    else:
        final = time.perf_counter() - started
        first = solution.stats.first_solution_seconds
        record = _run_record(problem, solution, final if first is None else first, final)
    # Other work on the machine takes CPU from the solver: the 1-minute load average
    # before and after tells a contended run from a clean one.
    record.update(time_limit=limit, load_before=load_before, load_after=os.getloadavg()[0])
    _stop_fork_server()
    record.update(
        rss_self_mib=_maxrss_mib(resource.RUSAGE_SELF),
        rss_child_mib=_maxrss_mib(resource.RUSAGE_CHILDREN),
    )
    result["solve"] = record
    if reference_s > 0:
        started = time.perf_counter()
        try:
            best = solve(problem, time_limit=reference_s, seed=seed)
        except InvalidSchedule as error:
            result["reference"] = {"failed": f"InvalidSchedule: {error.errors[:3]}"}
        else:
            final = time.perf_counter() - started
            result["reference"] = _run_record(problem, best, final, final)
            result["reference"].update(time_limit=reference_s)
    return result


def _stop_fork_server() -> None:
    """Stop and reap the fork server, so that its children's peak memory (it reaps
    the week workers) reaches this process's RUSAGE_CHILDREN."""
    try:
        from multiprocessing import forkserver

        forkserver._forkserver._stop()  # type: ignore[attr-defined]
    except Exception:  # a private API: without it only the fork server itself is counted
        pass


def child_main(args: argparse.Namespace) -> None:
    size = PROFILE_SIZES[args.profile][args.child]
    work = pathlib.Path(args.work)
    try:
        if args.step == "setup":
            result = setup_size(size, args.seed, work, args.cycle)
        else:
            result = solve_size(size, args.seed, args.time_limit_scale, work, args.reference_s)
    except BaseException:
        # The parent puts the last line in the table; the whole trace went to stderr.
        (work / f"{args.step}.error").write_text(traceback.format_exc(), encoding="utf-8")
        raise
    with open(work / f"{args.step}.json", "w", encoding="utf-8") as handle:
        json.dump(result, handle)


# --- the parent: one size at a time ------------------------------------------------------


def run_child(size: Size, step: str, args: argparse.Namespace, work: pathlib.Path) -> dict:
    command = [
        sys.executable,
        str(pathlib.Path(__file__).resolve()),
        "--child",
        size.name,
        "--step",
        step,
        "--work",
        str(work),
        "--profile",
        size.profile,
        "--seed",
        str(args.seed),
        "--time-limit-scale",
        str(args.time_limit_scale),
        "--reference-s",
        str(args.reference_s),
        "--cycle",
        args.cycle,
    ]
    timeout = 600 + 4 * size.final_target * args.time_limit_scale + 2 * args.reference_s
    try:
        done = subprocess.run(command, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"failed": f"{step} did not finish in {timeout:.0f} s"}
    if done.returncode != 0:
        error = work / f"{step}.error"
        last = error.read_text(encoding="utf-8").strip().splitlines()[-1] if error.exists() else ""
        return {"failed": f"{step} exited {done.returncode}: {last}"}
    with open(work / f"{step}.json", encoding="utf-8") as handle:
        return json.load(handle)


def bench_size(size: Size, args: argparse.Namespace, root: pathlib.Path) -> dict[str, Any]:
    """One size of one profile with `args.seed`: setup, then baseline and solve."""
    work = root / f"{size.profile}-{size.name}-seed{args.seed}"
    work.mkdir()
    note(f"{size.profile} {size.name} seed {args.seed}: generating, importing, building")
    setup = run_child(size, "setup", args, work)
    if "failed" in setup:
        return {"setup": setup}
    limit = size.final_target * args.time_limit_scale
    note(f"{size.profile} {size.name}: baseline, then solve with a {limit:g} s time limit")
    runs = run_child(size, "solve", args, work)
    return {"setup": setup, **runs} if "failed" not in runs else {"setup": setup, "solve": runs}


def note(text: str) -> None:
    print(f"... {text}", file=sys.stderr, flush=True)


# --- the tables ------------------------------------------------------------------


def _secs(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _gap(record: dict[str, Any]) -> str:
    return f"{100 * record['gap']:.1f}% ({record['objective']:.0f}/{record['bound']:.0f})"


def _proven(record: dict[str, Any]) -> str:
    """The most lines any valid schedule meets, as `solve` proved it (`most_lines_met`;
    '-' in records from before it was kept), and whether the schedule reaches it."""
    most = record.get("most_lines_met")
    if most is None:
        return "-"
    return f"{most} (reached)" if record["lines_met"] >= most else str(most)


def _mib(record: dict[str, Any]) -> str:
    return f"{record['rss_self_mib']:.0f}+{record['rss_child_mib']:.0f}"


def memory_bound_mib(record: dict[str, Any]) -> float:
    """Self + (cpus + 1) x the largest child: all the processes at their peaks at once."""
    return record["rss_self_mib"] + ((os.cpu_count() or 1) + 1) * record["rss_child_mib"]


def solve_verdict(size: Size, record: dict[str, Any]) -> str:
    misses = []
    if record["first_s"] >= size.first_target:
        misses.append(f"first {_secs(record['first_s'])} s")
    if record["final_s"] >= size.final_target:
        misses.append(f"final {_secs(record['final_s'])} s")
    if memory_bound_mib(record) >= MEMORY_TARGET_MIB:
        misses.append(f"memory {memory_bound_mib(record):.0f} MiB")
    if not record["valid"]:
        misses.append("INVALID")
    return "met" if not misses else "MISSED: " + ", ".join(misses)


def run_row(size: Size, run: str, record: dict[str, Any]) -> list[str]:
    if "failed" in record:
        return [size.name, run, *["-"] * 12, "no", f"FAILED: {record['failed']}"]
    is_solve = run == "solve"
    verdict = solve_verdict(size, record) if is_solve else "reference"
    if not is_solve and not record["valid"]:
        verdict = "INVALID"
    return [
        size.name,
        run,
        f"{_secs(record['first_s'])} / <{size.first_target:g}",
        f"{_secs(record['final_s'])} / <{size.final_target:g}",
        f"{record['lines_met']}/{record['lines_owed']}",
        _proven(record) if is_solve else "-",
        f"{100 * record['coverage']:.1f}",
        str(record["travel_minutes"]),
        str(record["school_switches"]),
        str(record["idle_minutes"]),
        f"{record['workload_spread']:.0f}",
        f"{record['workload_stdev']:.0f}",
        _gap(record) if is_solve else "-",
        _mib(record),
        "yes" if record["valid"] else "NO",
        verdict,
    ]


RUN_HEADER = [
    "size",
    "run",
    "first s / target",
    "final s / target",
    "lines met/owed",
    "proven most",
    "cov %",
    "travel min",
    "switches",
    "idle min",
    "load/FTE max-min",
    "load/FTE sd",
    "gap (objective/bound)",
    "RSS MiB self+child",
    "valid",
    "verdict",
]


def compare_row(size: Size, base: dict[str, Any], solved: dict[str, Any]) -> list[str]:
    if "failed" in base or "failed" in solved:
        return [size.name, "-", "-", "-", "-", "no run"]
    lines = solved["lines_met"] - base["lines_met"]
    before, after = base["idle_minutes"], solved["idle_minutes"]
    reduction = (before - after) / before if before else 0.0
    misses = []
    if lines < 0:
        misses.append(f"{-lines} lines fewer")
    if before and reduction < IDLE_REDUCTION_TARGET:
        misses.append(f"idle only {100 * reduction:.1f}% less")
    return [
        size.name,
        f"{lines:+d}",
        f"{before} -> {after}",
        # One decimal: 29.96% must not read as a met 30%.
        f"{100 * reduction:.1f}%" if before else "- (no idle)",
        f"{base['travel_minutes']} -> {solved['travel_minutes']}",
        "met" if not misses else "MISSED: " + ", ".join(misses),
    ]


COMPARE_HEADER = [
    "size",
    "lines met vs baseline (>= 0)",
    "idle min baseline -> solve",
    "idle reduction (>= 30%)",
    "travel min baseline -> solve",
    "verdict",
]


def setup_row(
    size: Size, setup: dict[str, Any], solved: dict[str, Any] | None, scale: float
) -> list[str]:
    label = f"{size.schools}/{size.therapists}/{size.students}"
    if "failed" in setup:
        return [size.name, label, "-", "-", "-", "-", "-", "-", f"FAILED: {setup['failed']}"]
    return [
        size.name,
        label,
        str(setup["lines"]),
        f"{setup['generate_s']:.1f}",
        f"{setup['import_s']:.1f}",
        f"{setup['build_s']:.1f}",
        f"{setup['setup_rss_mib']:.0f}",
        f"{size.final_target * scale:g}",
        _load(solved),
    ]


def _load(solved: dict[str, Any] | None) -> str:
    if not solved or "load_before" not in solved:
        return "-"
    return f"{solved['load_before']:.1f} / {solved['load_after']:.1f}"


SETUP_HEADER = [
    "size",
    "schools/therapists/students",
    "lines",
    "generate s",
    "import s",
    "build s",
    "setup RSS MiB",
    "time limit s",
    "load avg before / after solve",
]


def plain_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i < 2 or i == len(cells) - 1 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    last = len(header) - 1
    rule = "|" + "|".join("---" if i < 2 or i == last else "--:" for i in range(len(header))) + "|"
    return "\n".join([line(header), rule, *map(line, rows)])


def machine() -> dict[str, str]:
    """Date, machine and git commit, for the record."""
    memory = "?"
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for row in handle:
                if row.startswith("MemTotal:"):
                    memory = f"{int(row.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass

    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown (not a git checkout)"
    if git("status", "--porcelain", "--", "schoolot"):
        commit += " (with uncommitted changes under schoolot/)"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPUs (nproc), {memory} RAM, "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "commit": commit,
    }


def target_row(size: Size, base: dict[str, Any], solved: dict[str, Any]) -> list[str]:
    """Issue 10's coverage target for one run: lines met against the share asked and,
    where the target asks it, against the proven most less a margin."""
    target = size.coverage_target or 0.0
    if "failed" in solved:
        return [size.name, "-", f">= {100 * target:.0f}%", "-", "-", "-", "-", "no run"]
    met, owed = solved["lines_met"], solved["lines_owed"]
    most = solved.get("most_lines_met")
    misses = []
    if met < target * owed:
        misses.append(f"{100 * met / owed:.1f}% < {100 * target:.0f}%")
    margin = size.bound_margin
    if margin is not None and most is not None and met < most - margin * owed:
        misses.append(f"{most - met} below proven most (> {100 * size.bound_margin:.0f}%)")
    baseline = "-" if "failed" in base else f"{base['lines_met']}/{base['lines_owed']}"
    return [
        size.name,
        f"{met}/{owed} ({100 * met / owed:.1f}%)",
        f">= {100 * target:.0f}%"
        + (f", >= most - {100 * size.bound_margin:.0f}%" if size.bound_margin else ""),
        _proven(solved),
        baseline,
        str(solved["travel_minutes"]),
        str(solved["idle_minutes"]),
        "met" if not misses else "MISSED: " + ", ".join(misses),
    ]


def reference_row(size: Size, solved: dict[str, Any], best: dict[str, Any]) -> list[str]:
    """Issue 10's quality target: lines met as the reference run, and drive + idle
    minutes within 5% of its."""
    if "failed" in solved or "failed" in best:
        return [size.name, "-", "-", "-", "no run"]
    spent = solved["travel_minutes"] + solved["idle_minutes"]
    best_spent = best["travel_minutes"] + best["idle_minutes"]
    misses = []
    if solved["lines_met"] < best["lines_met"]:
        misses.append(f"{best['lines_met'] - solved['lines_met']} lines fewer")
    if spent > REFERENCE_MARGIN * best_spent:
        misses.append(f"{100 * (spent / best_spent - 1):.1f}% more drive + idle")
    return [
        size.name,
        f"{best['time_limit']:g}",
        f"{solved['lines_met']} / {best['lines_met']}",
        f"{spent} / {best_spent}",
        "met" if not misses else "MISSED: " + ", ".join(misses),
    ]


REFERENCE_MARGIN = 1.05
REFERENCE_HEADER = [
    "size",
    "reference s",
    "lines met: solve / reference",
    "drive + idle min: solve / reference (<= +5%)",
    "verdict",
]
TARGET_HEADER = [
    "size",
    "lines met (cov)",
    "target",
    "proven most",
    "by hand",
    "drive min",
    "idle min",
    "verdict",
]


def report(results: dict[str, dict[str, Any]], about: dict[str, Any]) -> tuple[str, str]:
    """(plain text, Markdown) of the tables of each profile; `results` is
    {profile: {run label: result}}, each result naming its size and seed; `about` is
    `machine()` plus the run's seeds and time-limit scale."""
    scale = about["time_limit_scale"]
    heading = (
        f"date {about['date']}; machine {about['machine']}; commit {about['commit']}; "
        f"seeds {about.get('seeds', about.get('seed'))}; time-limit scale {scale:g}; "
        f"cycle {about.get('cycle', 'week')}"
    )
    plain = [heading]
    markdown = [heading]
    for profile, runs in results.items():
        sizes = PROFILE_SIZES[profile]
        # The row's size is named for the run (size and seed); targets stay the size's.
        labelled = [(replace(sizes[r["size"]], name=label), r) for label, r in runs.items()]
        setup_rows = [setup_row(s, r["setup"], r.get("solve"), scale) for s, r in labelled]
        run_rows = []
        compare_rows = []
        target_rows = []
        reference_rows = []
        for size, result in labelled:
            if "solve" not in result:
                continue
            base = result.get("baseline", {"failed": "no baseline run"})
            run_rows.append(run_row(size, "baseline", base))
            run_rows.append(run_row(size, "solve", result["solve"]))
            compare_rows.append(compare_row(size, base, result["solve"]))
            target_rows.append(target_row(size, base, result["solve"]))
            if "reference" in result:
                reference_rows.append(reference_row(size, result["solve"], result["reference"]))
        tables = [
            ("Setup (generate, import into SQLite, build the Problem)", SETUP_HEADER, setup_rows),
            ("Runs against the targets", RUN_HEADER, run_rows),
            ("Solver against the by-hand baseline", COMPARE_HEADER, compare_rows),
        ]
        if profile == "oversubscribed":
            tables.append(("Issue 10's coverage targets", TARGET_HEADER, target_rows))
        if reference_rows:
            tables.append(("Against a long reference run", REFERENCE_HEADER, reference_rows))
        for title, header, rows in tables:
            plain += ["", f"{profile}: {title}:", "", plain_table(header, rows)]
            markdown += ["", f"**{profile}: {title}**", "", markdown_table(header, rows)]
    return "\n".join(plain) + "\n", "\n".join(markdown) + "\n"


def _saved_results(saved: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A saved run's results by profile; runs saved before profiles were one
    balanced run per size, with one seed."""
    results = saved["results"]
    if results and all("setup" in r for r in results.values()):
        seed = saved["about"].get("seed", 0)
        return {"balanced": {n: {**r, "size": n, "seed": seed} for n, r in results.items()}}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    names = sorted({name for sizes in PROFILE_SIZES.values() for name in sizes})
    parser.add_argument(
        "--profile", choices=(*PROFILE_SIZES, "both"), default="both", help="default both"
    )
    parser.add_argument(
        "--sizes",
        help="comma-separated, among each profile's own (default all): " + ", ".join(names),
    )
    parser.add_argument("--seeds", help="comma-separated seeds, e.g. 0,1,2 (default: --seed)")
    parser.add_argument("--time-limit-scale", type=float, default=1.0)
    parser.add_argument(
        "--reference-s",
        type=float,
        default=0.0,
        help="also solve each instance for this many seconds (issue 10: 600) and compare "
        "drive + idle minutes with it (default 0: no reference run)",
    )
    parser.add_argument(
        "--cycle",
        choices=("week", "district"),
        default="week",
        help="week: every district a one-week cycle (default, the series since issue 3); "
        "district: the district's own cycle (four weeks with monthly lines)",
    )
    parser.add_argument("--seed", type=int, default=0, help="one seed (default 0)")
    parser.add_argument("--markdown", help="write the Markdown tables to this file")
    parser.add_argument("--json", help="write the raw results to this file")
    parser.add_argument(
        "--report-from", metavar="JSON", help="print the tables of a run saved with --json"
    )
    parser.add_argument("--child", choices=names, help=argparse.SUPPRESS)
    parser.add_argument("--step", choices=("setup", "solve"), help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args)
        return
    if args.report_from:
        saved = json.loads(pathlib.Path(args.report_from).read_text(encoding="utf-8"))
        output(*report(_saved_results(saved), saved["about"]), args)
        return

    profiles = list(PROFILE_SIZES) if args.profile == "both" else [args.profile]
    wanted = [n.strip() for n in args.sizes.split(",") if n.strip()] if args.sizes else names
    unknown = [n for n in wanted if not any(n in PROFILE_SIZES[p] for p in profiles)]
    if unknown and args.sizes:
        parser.error(f"unknown size {', '.join(unknown)} for {' and '.join(profiles)}")
    try:
        seeds = [int(n) for n in args.seeds.split(",")] if args.seeds else [args.seed]
    except ValueError:
        parser.error(f"--seeds takes whole numbers separated by commas, not {args.seeds!r}")
    about = {
        **machine(),
        "seeds": seeds,
        "time_limit_scale": args.time_limit_scale,
        "cycle": args.cycle,
    }
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="schoolot-solve-bench-") as work:
        for profile in profiles:
            results[profile] = {}
            for size in PROFILE_SIZES[profile].values():
                if size.name not in wanted:
                    continue
                for seed in seeds:
                    args.seed = seed
                    label = f"{size.name} seed {seed}" if len(seeds) > 1 else size.name
                    try:
                        result = bench_size(size, args, pathlib.Path(work))
                    except Exception:  # one size's crash must not lose the others' numbers
                        traceback.print_exc()
                        result = {"setup": {"failed": "the bench itself crashed"}}
                    results[profile][label] = {**result, "size": size.name, "seed": seed}
    if args.json:
        saved = {"about": about, "results": results}
        pathlib.Path(args.json).write_text(json.dumps(saved, indent=1), encoding="utf-8")
    output(*report(results, about), args)


def output(plain: str, markdown: str, args: argparse.Namespace) -> None:
    print(plain)
    if args.markdown:
        pathlib.Path(args.markdown).write_text(markdown, encoding="utf-8")
    else:
        print(markdown)


if __name__ == "__main__":
    main()
