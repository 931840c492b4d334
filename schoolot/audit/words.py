"""What kinds of records are called, and a recorded change as `flask audit --json` lists it
(sentences: schoolot.audit.sentences)."""

from __future__ import annotations

from typing import Any

from schoolot.models import Change

# What a kind of record is called in a sentence.
KIND_WORDS = {
    "student": "student",
    "service_line": "service line",
    "goal": "goal",
    "equipment": "equipment",
    "block": "block",
    "therapist": "therapist",
    "therapist_hours": "working hours",
    "account": "account",
    "school": "school",
    "calendar_day": "calendar day",
    "travel_time": "travel time",
    "district": "district",
    "schedule": "schedule",
    "teacher": "teacher",
    "session_log": "session log",
    "makeup": "makeup",
    "goal_progress": "goal progress",
}


def as_json(change: Change) -> dict[str, Any]:
    """A change as `flask audit --json` lists it."""
    return {
        "at": change.at.isoformat(timespec="seconds") + "Z",
        "actor": change.actor,
        "actor_account": change.actor_id,
        "batch": change.batch,
        "action": change.action,
        "record": {
            "kind": change.record_kind,
            "id": change.record_id,
            "label": change.record_label,
        },
        "student": change.student_id,
        "field": change.field,
        "before": change.before,
        "after": change.after,
        "reason": change.reason,
    }
