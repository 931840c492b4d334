"""A recorded change in words: "Mai Miller changed SV1042's minutes from 60 to 30"."""

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
}


def describe(change: Change) -> str:
    """One sentence, without the time: who did what to which record, and why."""
    kind = KIND_WORDS.get(change.record_kind, change.record_kind)
    what = f"{kind} {change.record_label}"
    if change.action == "create":
        sentence = f"{change.actor} added {what} ({change.after})"
    elif change.action == "delete":
        sentence = f"{change.actor} deleted {what} ({change.before})"
    elif change.action == "publish":
        sentence = f"{change.actor} published {change.record_label}"
    elif change.field == "password":
        sentence = f"{change.actor} changed the password of {what}"
    else:
        before = change.before if change.before is not None else "nothing"
        after = change.after if change.after is not None else "nothing"
        sentence = f"{change.actor} changed {change.field} of {what} from {before} to {after}"
    return f"{sentence}; reason: {change.reason}" if change.reason else sentence


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
