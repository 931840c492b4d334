"""What a feed may say about a student: a first name and last initial, or initials when
the district says so; never a last name, an id, a goal, equipment or a note."""

from __future__ import annotations

import re

import icalendar
import pytest

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from tests.feed_district import FeedDistrict

NEVER = [
    # last names
    "Rivera",
    "Park",
    "Lopez",
    "Kim",
    # student, service line and goal ids
    "S-MAYA",
    "S-LEO",
    "S-ANA",
    "S-BEN",
    "SV-",
    "G-MAYA",
    # a goal, equipment and its note
    "button a coat",
    "pencil grip",
    "dyspraxia",
    # staff ids (emails)
    "zoe.ward@",
    "sam.hill@",
    "taylor@",
    "chen@",
    "diaz@",
]


def every_feed(district: FeedDistrict) -> dict[str, str]:
    owners = {
        "therapist Ward": ("therapist", district.ward),
        "therapist Hill": ("therapist", district.hill),
        "school Oak": ("school", district.oak),
        "school Lincoln": ("school", district.lin),
        "teacher Taylor": ("teacher", district.taylor),
        "teacher Chen": ("teacher", district.chen),
        "teacher Diaz": ("teacher", district.diaz),
    }
    return {
        name: build_feed(db.session(), kind, owner.id).decode("utf-8").replace("\r\n ", "")
        for name, (kind, owner) in owners.items()
    }


@pytest.mark.parametrize("style", ["first_initial", "initials"])
def test_no_feed_carries_a_last_name_an_id_a_goal_or_a_note(app, style):
    district = FeedDistrict(db.session, feed_names=style)
    db.session.commit()
    for name, text in every_feed(district).items():
        assert "BEGIN:VEVENT" in text, name
        for secret in NEVER:
            assert secret not in text, f"{secret!r} in the feed of {name}"


def test_uids_are_opaque(app):
    district = FeedDistrict(db.session)
    db.session.commit()
    for name, text in every_feed(district).items():
        uids = re.findall(r"^UID:(.*)$", text, flags=re.MULTILINE)
        assert uids, name
        assert all(re.fullmatch(r"[0-9a-z]{16}-\d{8}@schoolot", uid.strip()) for uid in uids)


def test_students_are_named_by_first_name_and_last_initial(app):
    district = FeedDistrict(db.session)
    db.session.commit()
    text = every_feed(district)["school Oak"]
    assert "Maya R." in text and "Leo P." in text and "Ana L." in text


def test_the_initials_setting_names_students_by_their_initials_only(app):
    district = FeedDistrict(db.session, feed_names="initials")
    db.session.commit()
    feeds = every_feed(district)
    summaries = {
        str(event["SUMMARY"])
        for event in icalendar.Calendar.from_ical(feeds["therapist Ward"]).walk("VEVENT")
    }
    assert summaries == {"OT pull-out: L.P., M.R.", "OT push-in: A.L.", "OT consult: M.R."}
    for text in feeds.values():
        for first_name in ("Maya", "Leo", "Ana", "Ben"):
            assert first_name not in text


def test_a_teacher_sees_other_group_members_only_as_a_count(app):
    district = FeedDistrict(db.session)
    db.session.commit()
    chen = icalendar.Calendar.from_ical(every_feed(district)["teacher Chen"]).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in chen} == {"OT pull-out: Leo P. + 1 other"}
    assert "Also in the group: 1 student of other classes." in str(chen[0]["DESCRIPTION"])
