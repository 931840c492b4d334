"""iCalendar (RFC 5545) content lines: escaping, folding and date-time values.

The feed writes its text directly rather than through the `icalendar` library: on the
demo district, icalendar 7.3.0 took about 250 ms to serialise a therapist's year
(some 900 events), five times the 50 ms the whole feed may take; these few
functions do it in a few milliseconds. The tests parse every feed with icalendar,
vobject and libical to hold the text to the standard.
"""

from __future__ import annotations

import datetime as dt
import re

CRLF = "\r\n"
# RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.
MAX_OCTETS = 75
# Line breaks of every kind (CRLF, CR, LF, VT, FF, NEL, U+2028, U+2029): each becomes
# TEXT's one escaped newline, so no reader splits a line the feed did not.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
# Control characters TEXT may not hold (HTAB may stay), and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks
    escaped; other control characters (not allowed in TEXT) dropped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _LINE_BREAK.sub("\\\\n", value)
    return _CONTROL.sub("", value)


def param_value(value: str) -> str:
    """A parameter value, quoted when it holds a character that ends a parameter."""
    if any(char in value for char in ';:,"'):
        return '"' + value.replace('"', "'") + '"'
    return value


def fold(line: str) -> str:
    """`line` with CRLF, folded at 75 octets without splitting a UTF-8 character: each
    continuation line starts with one space (counted in its 75 octets)."""
    if len(line) <= MAX_OCTETS // 4 or len(line.encode()) <= MAX_OCTETS:
        return line + CRLF
    parts: list[str] = []
    current: list[str] = []
    room = MAX_OCTETS
    for char in line:
        size = len(char.encode())
        if size > room:
            parts.append("".join(current))
            current = [" "]
            room = MAX_OCTETS - 1
        current.append(char)
        room -= size
    parts.append("".join(current))
    return CRLF.join(parts) + CRLF


def utc_datetime(moment: dt.datetime) -> str:
    """A UTC DATE-TIME value: 20261102T150000Z. Naive datetimes are taken as UTC (the
    database stores UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment:%Y%m%dT%H%M%S}Z"


def utc_offset(offset: dt.timedelta) -> str:
    """A UTC-OFFSET value: -0600, +0530 (+HHMMSS when there are seconds)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}{minutes:02d}"
    return text + f"{seconds:02d}" if seconds else text
