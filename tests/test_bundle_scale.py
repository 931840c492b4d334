"""A district-sized bundle (1,500 students, ~40,000 blocks) imports with a handful of queries.

Its speed is measured in bench/import.py, not asserted here."""

from __future__ import annotations

from sqlalchemy import event

from schoolot.bundle import import_bundle
from schoolot.extensions import db
from tests.bundle_files import write_large_bundle


def test_large_bundle_imports_in_batches_and_reimports_with_reads_only(app, tmp_path):
    bundle = write_large_bundle(tmp_path / "large")
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        report = import_bundle(db.session, bundle)
        db.session.commit()
        first = list(sent)
        sent.clear()
        again = import_bundle(db.session, bundle)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert report.counts["students.csv"].created == 1500
    assert report.counts["blocks.csv"].created > 39_000
    # One read per table, and batched writes: no query per row.
    assert first.count("SELECT") <= 20
    assert len(first) < 200
    assert not again.changed
    assert set(sent) <= {"SELECT"} and len(sent) <= 20
