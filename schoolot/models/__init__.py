"""All tables, importable from one place."""

from schoolot.models.audit import Change
from schoolot.models.district import CalendarDay, District, School, TravelTime
from schoolot.models.feeds import CalendarFeed
from schoolot.models.imports import ImportJob
from schoolot.models.schedules import (
    ScheduleAssignment,
    ScheduledSession,
    ScheduledTravel,
    ScheduleVersion,
    SolveJob,
    UnscheduledLine,
    session_service,
)
from schoolot.models.staff import Teacher, Therapist, TherapistHours, therapist_school
from schoolot.models.students import Block, Equipment, Goal, ServiceLine, Student
from schoolot.models.users import LoginThrottle, User
from schoolot.models.whatif import Scenario

__all__ = [
    "Block",
    "CalendarDay",
    "CalendarFeed",
    "Change",
    "District",
    "Equipment",
    "Goal",
    "ImportJob",
    "LoginThrottle",
    "Scenario",
    "ScheduleAssignment",
    "ScheduleVersion",
    "ScheduledSession",
    "ScheduledTravel",
    "School",
    "ServiceLine",
    "SolveJob",
    "Student",
    "Teacher",
    "Therapist",
    "TherapistHours",
    "TravelTime",
    "UnscheduledLine",
    "User",
    "session_service",
    "therapist_school",
]
