"""Bundles on disk for the bundle tests: copy the demo, then edit a cell, a row or a column."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

# A copy of shared/examples/demo-district, kept with the tests so they run wherever the
# repository is cloned.
DEMO = Path(__file__).resolve().parent / "data" / "demo-district"


def copy_demo(to: Path) -> Path:
    """A writable copy of the demo bundle in `to`/bundle."""
    target = to / "bundle"
    shutil.copytree(DEMO, target)
    for file in target.iterdir():
        file.chmod(0o644)
    return target


def read_rows(folder: Path, file: str) -> list[list[str]]:
    with open(folder / file, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(folder: Path, file: str, rows: list[list[str]]) -> None:
    with open(folder / file, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Set one cell; `line` is the physical line (the header is line 1)."""
    rows = read_rows(folder, file)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(folder, file, rows)


def cell(folder: Path, file: str, line: int, column: str) -> str:
    rows = read_rows(folder, file)
    return rows[line - 1][rows[0].index(column)]


def add_row(folder: Path, file: str, values: dict[str, str]) -> int:
    """Append a row; returns its line number."""
    rows = read_rows(folder, file)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(folder, file, rows)
    return len(rows)


def delete_rows(folder: Path, file: str, keep) -> None:
    """Keep the header and the rows for which keep(row as dict) is true."""
    rows = read_rows(folder, file)
    header = rows[0]
    kept = [r for r in rows[1:] if keep(dict(zip(header, r, strict=True)))]
    write_rows(folder, file, [header, *kept])


def drop_column(folder: Path, file: str, column: str) -> None:
    rows = read_rows(folder, file)
    index = rows[0].index(column)
    write_rows(folder, file, [r[:index] + r[index + 1 :] for r in rows])


def zip_folder(folder: Path, zip_path: Path, top: str | None = None) -> Path:
    """Zip the bundle's files at the zip's root, or inside folder `top`."""
    with zipfile.ZipFile(zip_path, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, f"{top}/{file.name}" if top else file.name)
    return zip_path


def write_large_bundle(folder: Path, schools: int = 20, students_per_teacher: int = 3) -> Path:
    """A district of `schools` schools, 25 teachers each and ~24 blocks a student:
    with the defaults, 1,500 students and about 40,000 block rows."""
    folder.mkdir(parents=True, exist_ok=True)
    grades = ["K", "1", "2", "3", "4", "5"]
    days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    rows: dict[str, list[list[str]]] = {
        "district.csv": [
            ["name", "timezone", "year_start", "year_end"],
            ["Large USD", "America/Denver", "2026-08-19", "2027-05-27"],
        ],
        "schools.csv": [["id", "name", "day_start", "day_end", "address"]],
        "travel.csv": [["from_school", "to_school", "minutes"]],
        "calendar.csv": [["date", "school", "kind", "end_time", "note"]],
        "therapists.csv": [["id", "name", "role", "fte", "schools"]],
        "therapist_hours.csv": [["therapist", "weekday", "start", "end", "school"]],
        "teachers.csv": [["id", "name", "school", "grade", "room"]],
        "blocks.csv": [["school", "scope", "target", "weekday", "start", "end", "kind", "label"]],
        "students.csv": [
            [
                "id",
                "first_name",
                "last_name",
                "grade",
                "school",
                "teacher",
                "therapist",
                "iep_start",
                "iep_end",
            ]
        ],
        "services.csv": [["id", "student", "minutes", "session_minutes", "delivery"]],
        "goals.csv": [["id", "student", "area", "description"]],
        "equipment.csv": [["student", "item", "note"]],
    }
    rows["calendar.csv"].append(["2026-11-26", "", "closed", "", "Thanksgiving"])
    codes = [f"SC{s:02d}" for s in range(schools)]
    for s, code in enumerate(codes):
        rows["schools.csv"].append([code, f"School {s}", "08:00", "15:00", ""])
        if s:
            rows["travel.csv"].append([codes[s - 1], code, "15"])
        for grade in grades:
            rows["blocks.csv"].append(
                [code, "grade", grade, "*", "11:30", "12:00", "busy", "Lunch"]
            )
            rows["blocks.csv"].append(
                [code, "grade", grade, "*", "12:00", "12:20", "busy", "Recess"]
            )
    for t in range(0, schools, 2):
        therapist = f"ot{t}@large.example"
        rows["therapists.csv"].append(
            [therapist, f"Therapist {t}", "OT", "1.0", " ".join(codes[t : t + 2])]
        )
        rows["therapist_hours.csv"].append([therapist, "*", "07:45", "15:30", ""])
    n = 0
    for s, code in enumerate(codes):
        therapist = f"ot{s - s % 2}@large.example"
        for k in range(25):
            teacher = f"t{s:02d}{k:02d}@large.example"
            grade = grades[k % len(grades)]
            rows["teachers.csv"].append([teacher, f"Teacher {s}-{k}", code, grade, str(100 + k)])
            for label, start, end, kind in (
                ("ELA block", "08:30", "10:00", "protected"),
                ("Math block", "13:00", "14:00", "protected"),
            ):
                rows["blocks.csv"].append([code, "teacher", teacher, "*", start, end, kind, label])
            for d, day in enumerate(days):
                start = f"{10 + d % 2:02d}:15"
                end = f"{10 + d % 2:02d}:55"
                rows["blocks.csv"].append(
                    [code, "teacher", teacher, day, start, end, "busy", "Specials"]
                )
            for _ in range(students_per_teacher):
                n += 1
                student = f"L{n:05d}"
                rows["students.csv"].append(
                    [
                        student,
                        f"First{n}",
                        f"Last{n}",
                        grade,
                        code,
                        teacher,
                        therapist,
                        "2026-03-01",
                        "2027-02-28",
                    ]
                )
                rows["services.csv"].append([f"LS{n}", student, "60", "30", "pull_out"])
                for g, area in enumerate(("fine motor", "sensory")):
                    rows["goals.csv"].append([f"LG{n}-{g}", student, area, f"Goal {g} for {n}"])
                if n % 5 == 0:
                    rows["equipment.csv"].append([student, "pencil grip", ""])
                for slot in range(24):
                    day = days[slot % 5]
                    hour = 8 + slot // 5
                    rows["blocks.csv"].append(
                        [
                            code,
                            "student",
                            student,
                            day,
                            f"{hour:02d}:00",
                            f"{hour:02d}:20",
                            "busy",
                            "Other service",
                        ]
                    )
    for file, file_rows in rows.items():
        write_rows(folder, file, file_rows)
    return folder
