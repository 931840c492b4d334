"""flask purge-access-log: entries older than the district's retention go, and it says
how many; --dry-run only counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import AccessEntry
from schoolot.models.users import utcnow
from tests.factories import make_district


def add_entries(days_ago: list[int]) -> None:
    now = utcnow()
    db.session.add_all(
        AccessEntry(at=now - dt.timedelta(days=days), actor="Someone", what="student page")
        for days in days_ago
    )
    db.session.commit()


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(AccessEntry))


def test_purge_deletes_entries_older_than_the_retention(app, runner):
    make_district(db.session, access_log_days=30)
    add_entries([1, 29, 31, 400])
    result = runner.invoke(args=["purge-access-log"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Deleted 2 access-log entries (kept 30 days")
    assert count() == 2
    again = runner.invoke(args=["purge-access-log"])
    assert again.output.startswith("Deleted 0 access-log entries")


def test_a_dry_run_counts_and_deletes_nothing(app, runner):
    make_district(db.session, access_log_days=30)
    add_entries([1, 31, 400])
    result = runner.invoke(args=["purge-access-log", "--dry-run"])
    assert result.exit_code == 0
    assert result.output.startswith("Would delete 2 access-log entries")
    assert count() == 3


def test_purge_without_a_district_says_so(app, runner):
    result = runner.invoke(args=["purge-access-log"])
    assert result.exit_code == 1
    assert "no district yet" in result.output


def test_flask_export_bundle_records_its_export(app, runner, tmp_path):
    make_district(db.session)
    db.session.commit()
    out = tmp_path / "bundle"
    result = runner.invoke(args=["export-bundle", str(out)])
    assert result.exit_code == 0, result.output
    [entry] = db.session.scalars(select(AccessEntry)).all()
    assert entry.what == "bundle export" and entry.detail == str(out)
    assert entry.actor.startswith("flask export-bundle (run by ")
