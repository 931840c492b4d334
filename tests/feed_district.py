"""A small district for feed tests, in America/Chicago, with a published schedule whose
sessions run across both daylight-saving changes of the 2026-27 school year."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import (
    make_calendar_day,
    make_district,
    make_equipment,
    make_goal,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_version,
)

REVISED_AT = dt.datetime(2026, 9, 1, 12, 0, 0)
MODIFIED_AT = dt.datetime(2026, 8, 30, 18, 30, 0)
# The school year 2026-27 in Chicago: daylight time ends Sunday 2026-11-01 and starts
# again Sunday 2027-03-14.
DST_ENDS = dt.date(2026, 11, 1)
DST_STARTS = dt.date(2027, 3, 14)


def t(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


class FeedDistrict:
    """Oak Elementary: Ms. Taylor's class (room 301) with Maya Rivera and Ana Lopez, Mr.
    Chen's (no room) with Leo Park. Lincoln: Mrs. Diaz's class with Ben Kim. Therapist
    Zoe Ward serves Oak, Sam Hill serves Lincoln.

    The schedule in force (published, revised 2026-09-01 12:00 UTC):
    - Mon 09:00-09:30 at Oak, pull-out group: Maya and Leo (uid mon...);
    - Wed 14:00-14:45 at Oak, push-in: Ana, whose IEP ends 2027-01-15 (uid wed...);
    - Fri 10:00-10:30 at Oak, consult about Maya, from 2026-09-04 on (uid fri...);
    - Tue 09:00-09:30 at Lincoln, pull-out: Ben (uid tue...).
    Calendar: every school closed Mon 2027-01-18 and Thu-Fri 2026-11-26/27; Lincoln
    alone closed Mon 2026-10-12; Oak releases early Wed 2026-12-16 at 13:00 (the
    push-in is off) and Wed 2026-12-02 at 14:45 (the push-in, ending 14:45, happens).
    """

    def __init__(self, session: Session, feed_names: str = "first_initial") -> None:
        self.district = make_district(
            session,
            timezone="America/Chicago",
            year_start=dt.date(2026, 8, 19),
            year_end=dt.date(2027, 5, 27),
            feed_names=feed_names,
        )
        self.oak = make_school(session, "OAK", name="Oak Elementary")
        self.lin = make_school(session, "LIN", name="Lincoln Elementary")
        self.taylor = make_teacher(
            session, self.oak, "taylor@oak.example", name="Ms. Taylor", room="301"
        )
        self.chen = make_teacher(session, self.oak, "chen@oak.example", name="Mr. Chen", room=None)
        self.diaz = make_teacher(session, self.lin, "diaz@lin.example", name="Mrs. Diaz")
        self.ward = make_therapist(session, [self.oak], "zoe.ward@ot.example", name="Zoe Ward")
        self.hill = make_therapist(session, [self.lin], "sam.hill@ot.example", name="Sam Hill")
        year = dict(iep_start=dt.date(2026, 8, 1), iep_end=dt.date(2027, 6, 30))
        self.maya = make_student(
            session, self.taylor, self.ward, "S-MAYA", first_name="Maya", last_name="Rivera", **year
        )
        self.leo = make_student(
            session, self.chen, self.ward, "S-LEO", first_name="Leo", last_name="Park", **year
        )
        self.ana = make_student(
            session,
            self.taylor,
            self.ward,
            "S-ANA",
            first_name="Ana",
            last_name="Lopez",
            iep_start=dt.date(2026, 8, 1),
            iep_end=dt.date(2027, 1, 15),
        )
        self.ben = make_student(
            session, self.diaz, self.hill, "S-BEN", first_name="Ben", last_name="Kim", **year
        )
        self.maya_line = make_service(session, self.maya, "SV-MAYA", grouping="group")
        self.leo_line = make_service(session, self.leo, "SV-LEO", grouping="group")
        self.ana_line = make_service(session, self.ana, "SV-ANA", delivery="push_in")
        self.maya_consult = make_service(
            session,
            self.maya,
            "SV-MAYA-C",
            delivery="consult",
            minutes=30,
            start=dt.date(2026, 9, 4),
        )
        self.ben_line = make_service(session, self.ben, "SV-BEN")
        make_goal(session, self.maya, "G-MAYA", description="Will button a coat unaided")
        make_equipment(session, self.maya, "pencil grip", note="diagnosis: dyspraxia")

        make_calendar_day(session, date=dt.date(2027, 1, 18), note="MLK Day")
        make_calendar_day(session, date=dt.date(2026, 11, 26), note="Thanksgiving")
        make_calendar_day(session, date=dt.date(2026, 11, 27), note="Thanksgiving")
        make_calendar_day(session, self.lin, date=dt.date(2026, 10, 12), note="Lincoln only")
        make_calendar_day(
            session,
            self.oak,
            date=dt.date(2026, 12, 16),
            kind="early_release",
            end_time=t("13:00"),
        )
        make_calendar_day(
            session,
            self.oak,
            date=dt.date(2026, 12, 2),
            kind="early_release",
            end_time=t("14:45"),
        )

        self.version = make_version(session, state="published", revised_at=REVISED_AT)
        common = dict(modified_at=MODIFIED_AT)
        self.monday = make_scheduled_session(
            session,
            self.version,
            self.ward,
            [self.maya_line, self.leo_line],
            "Mon",
            t("09:00"),
            t("09:30"),
            uid="mon0000000000001",
            **common,
        )
        self.wednesday = make_scheduled_session(
            session,
            self.version,
            self.ward,
            [self.ana_line],
            "Wed",
            t("14:00"),
            t("14:45"),
            uid="wed0000000000001",
            **common,
        )
        self.friday = make_scheduled_session(
            session,
            self.version,
            self.ward,
            [self.maya_consult],
            "Fri",
            t("10:00"),
            t("10:30"),
            uid="fri0000000000001",
            **common,
        )
        self.tuesday = make_scheduled_session(
            session,
            self.version,
            self.hill,
            [self.ben_line],
            "Tue",
            t("09:00"),
            t("09:30"),
            uid="tue0000000000001",
            **common,
        )
        session.flush()
