"""Parsing and formatting of the bundle's value types.

One place for the rules that the import, the forms and the exports share:
`HH:MM` times, weekday lists, grades, dates. Parsers raise `ValueError` with a
message written for the person who typed the value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_SCHOOL_DAYS: tuple[str, ...] = WEEKDAYS[:5]
GRADES: tuple[str, ...] = ("PK", "K", *(str(g) for g in range(1, 13)))
GOAL_AREAS: tuple[str, ...] = (
    "fine motor",
    "visual motor",
    "handwriting",
    "self-care",
    "life skills",
    "cognition",
    "sensory",
    "social",
)
ALL_DAYS = "*"


def parse_time(text: str) -> dt.time:
    """`HH:MM` in 24-hour form."""
    text = text.strip()
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2:
        raise ValueError(f"'{text}' is not a time in HH:MM (24-hour) form")
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59:
        raise ValueError(f"'{text}' is not a time of day")
    return dt.time(hour, minute)


def format_time(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def minutes_of(value: dt.time) -> int:
    """Minutes since midnight."""
    return value.hour * 60 + value.minute


def parse_span(text: str) -> tuple[dt.time, dt.time]:
    """`HH:MM-HH:MM`, end after start."""
    parts = text.strip().split("-")
    if len(parts) != 2:
        raise ValueError(f"'{text}' is not a span in HH:MM-HH:MM form")
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if end <= start:
        raise ValueError(f"'{text}' ends before it starts")
    return start, end


def parse_date(text: str) -> dt.date:
    """`YYYY-MM-DD`."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date in YYYY-MM-DD form") from None


def parse_weekdays(text: str, allow_all: bool = True) -> str:
    """A weekday cell: one or several of Mon..Sun separated by spaces, or `*`.

    Returns the canonical form: `*`, or the days in week order, space-separated.
    """
    tokens = text.split()
    if not tokens:
        raise ValueError("no weekday given")
    if tokens == [ALL_DAYS] and allow_all:
        return ALL_DAYS
    unknown = [t for t in tokens if t not in WEEKDAYS]
    if unknown:
        allowed = "Mon Tue Wed Thu Fri Sat Sun" + (" or *" if allow_all else "")
        raise ValueError(f"'{unknown[0]}' is not a weekday (use {allowed})")
    if len(set(tokens)) != len(tokens):
        raise ValueError(f"'{text}' names a weekday twice")
    return " ".join(d for d in WEEKDAYS if d in tokens)


def expand_weekdays(canonical: str, school_days: str) -> tuple[str, ...]:
    """The weekdays a canonical weekday cell stands for, `*` meaning the school days."""
    if canonical == ALL_DAYS:
        return tuple(school_days.split())
    return tuple(canonical.split())


def weekly_sessions(minutes: int, per: str, session_minutes: int) -> int:
    """Sessions of a service line in the weekly pattern; a monthly line is spread as
    ceil(sessions / 4)."""
    sessions = minutes // session_minutes if session_minutes > 0 else 0
    return -(-sessions // 4) if per == "month" else sessions


def parse_grade(text: str) -> str:
    value = text.strip().upper()
    if value.isdigit():
        value = str(int(value))
    if value not in GRADES:
        raise ValueError(f"'{text}' is not a grade (use PK, K or 1 to 12)")
    return value


def grade_rank(grade: str) -> int:
    """PK is -1, K is 0, then the grade number: the scale of group_grade_span."""
    return GRADES.index(grade) - 1


def parse_int(text: str, low: int | None = None, high: int | None = None) -> int:
    text = text.strip()
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a whole number") from None
    if low is not None and value < low:
        raise ValueError(f"{value} is below {low}")
    if high is not None and value > high:
        raise ValueError(f"{value} is above {high}")
    return value


def parse_yes_no(text: str) -> bool:
    """A yes/no cell: yes, y, true, 1 or no, n, false, 0 (any case); empty is no."""
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("", "no", "n", "false", "0"):
        return False
    raise ValueError(f"'{text}' is not yes or no")


def parse_fte(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a number between 0 and 1") from None
    if not 0 < value <= 1:
        raise ValueError(f"{value} is not between 0 (excluded) and 1")
    return value


def parse_choice(text: str, choices: tuple[str, ...]) -> str:
    value = text.strip()
    if value not in choices:
        raise ValueError(f"'{text}' is not one of {', '.join(choices)}")
    return value


# The C0 and C1 controls have no character names, only these aliases (Unicode's
# NameAliases.txt), which name them in messages.
_CONTROL_NAMES = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
]
_C1_NAMES = [
    "DELETE",
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
]
# C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates,
# which display text in another order than it is stored.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_REFUSED_IN_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_character_name(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: the code point and its name (or alias)."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif 0x7F <= code <= 0x9F:
        name = _C1_NAMES[code - 0x7F]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}".strip()


def holds_control_character(text: str) -> bool:
    """Whether `text` holds any character `check_characters` would refuse in one line."""
    return _REFUSED.search(text) is not None


def check_characters(text: str, multiline: bool = False) -> str:
    """`text` unchanged when it holds no control character or bidirectional override;
    a multi-line field may also hold tabs and line breaks."""
    found = (_REFUSED_IN_LINES if multiline else _REFUSED).search(text)
    if found:
        raise ValueError(f"contains a control character ({control_character_name(found[0])})")
    return text
