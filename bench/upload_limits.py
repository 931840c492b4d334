"""Upload limits benchmark: hostile and large bundles through `flask import-bundle
--dry-run` and through the upload page, each in a fresh child process whose own peak
memory (ru_maxrss from wait4) and wall time are measured.

    .venv/bin/python bench/upload_limits.py [--no-large]

Prints one table row per bundle and way in: the zip's size, what it unpacks to, seconds,
peak MB and the message's first line (and its length). The upload page runs in a child
through Flask's test client on a SQLite file, logged in as a coordinator; the upload's
job runs in that child's job thread, and the job's page is read once it has ended.
`--no-large` skips the generated 24,000-student district (20 MB, accepted, ~15 s each).
Numbers only; tests/security/test_zip_bomb.py asserts the limits.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.security.zip_bombs import (  # noqa: E402
    MB,
    bad_rows,
    deflate_bomb,
    lying_bomb,
    many_members,
    nested_zip,
)

UPLOAD = """
import json, re, sys, time
from config import TestConfig
from schoolot import create_app
from schoolot.extensions import db
from schoolot.jobs import runner_for
from tests.factories import make_user

class FileConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite:///" + sys.argv[2]

app = create_app(FileConfig)
with app.app_context():
    db.create_all()
    user = make_user(db.session, "coordinator")
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": "password1"})
    with open(sys.argv[1], "rb") as bundle:
        data = {"bundle": (bundle, "bundle.zip"), "check_only": "y"}
        posted = client.post("/import/", data=data, content_type="multipart/form-data")
    runner_for(app).wait()
    response = client.get(posted.location) if posted.status_code == 303 else posted
    print(json.dumps({"status": response.status_code, "page": response.text}))
"""


def generated_district(path: Path) -> Path:
    """A generated district of 900 schools, 450 therapists and 24,000 students, zipped."""
    from schoolot.generator import generate_district

    folder = path.with_suffix("")
    generate_district(folder, schools=900, therapists=450, students=24000, seed=1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
    return path


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("deflate bomb, 100 MB", lambda p: deflate_bomb(p, 100 * MB)),
    ("deflate bomb, 1 GB", lambda p: deflate_bomb(p, 1024 * MB)),
    ("headers lie: 100 MB declared 20 KB", lambda p: lying_bomb(p, 100 * MB)),
    ("zip in the zip (100 MB bomb)", nested_zip),
    ("20,000 empty members", many_members),
    ("14 MB of bad rows (~130k problems)", lambda p: bad_rows(p, 14 * MB)),
]
LARGE = ("24,000-student district (accepted)", generated_district)


def measure(command: list[str], env: dict[str, str], out: Path) -> tuple[float, float, str, str]:
    """(seconds, peak MB of the child, its stdout, its stderr)."""
    start = time.monotonic()
    with open(out / "stdout", "w") as stdout, open(out / "stderr", "w") as stderr:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    seconds = time.monotonic() - start
    return (
        seconds,
        usage.ru_maxrss / 1024,
        (out / "stdout").read_text(),
        (out / "stderr").read_text(),
    )


def _short(text: str) -> str:
    return text.replace("|", "\\|")[:90]


def cli_row(bundle: Path, env: dict[str, str], work: Path) -> tuple[float, float, str, int]:
    command = [sys.executable, "-m", "flask", "import-bundle", "--dry-run", str(bundle)]
    seconds, peak, stdout, stderr = measure(command, env, work)
    said = stderr or stdout
    lines = said.splitlines()
    first = lines[0] if stderr else (lines[-1] if lines else "")
    return seconds, peak, first, len(said)


def upload_row(bundle: Path, env: dict[str, str], work: Path) -> tuple[float, float, str, int]:
    child_env = {k: v for k, v in env.items() if k not in {"DATABASE_URL", "TEST_DATABASE_URL"}}
    (work / "upload.sqlite").unlink(missing_ok=True)  # a fresh database each time
    seconds, peak, stdout, stderr = measure(
        [sys.executable, "-c", UPLOAD, str(bundle), str(work / "upload.sqlite")], child_env, work
    )
    if not stdout:
        return seconds, peak, "failed: " + stderr.strip().splitlines()[-1], len(stderr)
    answer = json.loads(stdout)
    found = re.search(r'<pre class="problems">(.*?)</pre>', answer["page"], re.S)
    if found is None:
        return seconds, peak, f"{answer['status']}: checked, valid", len(answer["page"])
    problems = html.unescape(found.group(1))
    return seconds, peak, f"{answer['status']}: {problems.splitlines()[0]}", len(problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-large", action="store_true", help="skip the 24,000-student case")
    args = parser.parse_args()
    cases = CASES if args.no_large else [*CASES, LARGE]
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        env = {k: v for k, v in os.environ.items() if k != "SCHOOLOT_ENV"}
        env.update(
            FLASK_APP="wsgi",
            DATABASE_URL=f"sqlite:///{work / 'bench.sqlite'}",
            SECRET_KEY="upload-limits-bench-" + "k" * 44,
        )
        subprocess.run(
            [sys.executable, "-m", "flask", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        _, baseline, _, _ = measure([sys.executable, "-c", "import wsgi"], env, work)
        print(f"A process with the app loaded peaks at {baseline:.0f} MB.\n")
        print("| bundle | zip KB | unpacks to MB | way in | seconds | peak MB | said (chars) |")
        print("|---|---:|---:|---|---:|---:|---|")
        for label, build in cases:
            bundle = build(work / "bundle.zip")
            with zipfile.ZipFile(bundle) as archive:
                unpacked = sum(e.file_size for e in archive.infolist()) / MB
            zipped = bundle.stat().st_size / 1024
            for way, run in (("flask import-bundle", cli_row), ("upload page", upload_row)):
                seconds, peak, said, length = run(bundle, env, work)
                print(
                    f"| {label} | {zipped:.0f} | {unpacked:.1f} | {way} | {seconds:.1f} | "
                    f"{peak:.0f} | {_short(said)} ({length:,}) |",
                    flush=True,
                )
            bundle.unlink()


if __name__ == "__main__":
    main()
