"""flask export-ical: the feed's own bytes in a file, found by the bundle's ids."""

from __future__ import annotations

import pytest

from schoolot.extensions import db
from schoolot.feeds import tokens
from tests.feed_district import FeedDistrict

SECRET = "test-secret"


@pytest.fixture
def district(app) -> FeedDistrict:
    district = FeedDistrict(db.session)
    db.session.commit()
    return district


@pytest.mark.parametrize(
    "option, code, kind, owner",
    [
        ("--therapist", "zoe.ward@ot.example", "therapist", "ward"),
        ("--teacher", "taylor@oak.example", "teacher", "taylor"),
        ("--school", "OAK", "school", "oak"),
    ],
)
def test_export_ical_writes_the_bytes_the_feed_url_serves(
    runner, client, district, tmp_path, option, code, kind, owner
):
    out = tmp_path / "feed.ics"
    result = runner.invoke(args=["export-ical", str(out), option, code])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and "events" in result.output
    feed = tokens.ensure_feed(db.session(), SECRET, kind, getattr(district, owner).id)
    db.session.commit()
    served = client.get(f"/feeds/{tokens.token_of(feed, SECRET)}.ics")
    assert served.status_code == 200
    assert out.read_bytes() == served.data


def test_export_ical_says_which_id_it_does_not_know(runner, district, tmp_path):
    out = tmp_path / "feed.ics"
    result = runner.invoke(args=["export-ical", str(out), "--teacher", "nobody@oak.example"])
    assert result.exit_code == 1
    assert "no teacher with id 'nobody@oak.example'" in result.output
    assert not out.exists()


def test_export_ical_wants_exactly_one_owner(runner, district, tmp_path):
    out = tmp_path / "feed.ics"
    for args in ([], ["--school", "OAK", "--teacher", "taylor@oak.example"]):
        result = runner.invoke(args=["export-ical", str(out), *args])
        assert result.exit_code == 1
        assert "exactly one of --therapist, --teacher or --school" in result.output
