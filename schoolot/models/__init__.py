"""All tables, importable from one place."""

from schoolot.models.audit import Change
from schoolot.models.dated import DatedLineSession
from schoolot.models.district import CalendarDay, District, School, TravelTime
from schoolot.models.feeds import CalendarFeed
from schoolot.models.imports import ImportJob
from schoolot.models.records import AccessEntry, ChangeProposal, access_log_student
from schoolot.models.schedules import (
    ScheduleAssignment,
    ScheduledSession,
    ScheduledTravel,
    ScheduleVersion,
    SolveJob,
    UnscheduledLine,
    session_service,
)
from schoolot.models.service_log import GoalProgress, Makeup, SessionLog
from schoolot.models.staff import Teacher, Therapist, TherapistHours, therapist_school
from schoolot.models.students import Block, Equipment, Goal, ServiceLine, Student
from schoolot.models.users import LoginThrottle, User
from schoolot.models.whatif import Scenario

__all__ = [
    "AccessEntry",
    "Block",
    "CalendarDay",
    "CalendarFeed",
    "Change",
    "ChangeProposal",
    "DatedLineSession",
    "District",
    "Equipment",
    "Goal",
    "GoalProgress",
    "ImportJob",
    "LoginThrottle",
    "Makeup",
    "Scenario",
    "ScheduleAssignment",
    "ScheduleVersion",
    "ScheduledSession",
    "ScheduledTravel",
    "School",
    "ServiceLine",
    "SessionLog",
    "SolveJob",
    "Student",
    "Teacher",
    "Therapist",
    "TherapistHours",
    "TravelTime",
    "UnscheduledLine",
    "User",
    "access_log_student",
    "session_service",
    "therapist_school",
]
