"""A VTIMEZONE for the district's zone, in the RRULE style that Outlook reads.

The rules come from the zone's real transitions (zoneinfo, i.e. the tz database), found
for each year around the school year: one DAYLIGHT and one STANDARD sub-component with
`RRULE:FREQ=YEARLY;BYMONTH=m;BYDAY=nSU` (or `-1SU` for "last Sunday") when every year
follows the same rule, which is so for every zone that observes daylight-saving time
today. A zone that does not observe it gets one STANDARD sub-component. A zone whose
rules change inside those years (rare: a government moves the dates) gets one
sub-component per transition instead, each with its own DTSTART and no RRULE: still
plain RFC 5545, no RDATE list.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from schoolot.feeds.ical_text import escape_text, utc_offset

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Transition:
    """A change of the zone's offset: the local wall time it happens at (in the offset
    in force before it), and the offsets and abbreviation before and after."""

    local: dt.datetime  # naive, in the offset before
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str

    @property
    def month(self) -> int:
        return self.local.month

    @property
    def weekday(self) -> int:
        return self.local.weekday()

    @property
    def nth(self) -> int:
        """1 for the first such weekday of the month, 2 for the second..."""
        return (self.local.day - 1) // 7 + 1

    @property
    def is_last(self) -> bool:
        """The last such weekday of its month."""
        return self.local.day + 7 > calendar.monthrange(self.local.year, self.local.month)[1]

    @property
    def rule_key(self) -> tuple:
        """What must be the same every year for one RRULE to describe it."""
        return (self.month, self.weekday, self.local.time(), self.offset_from, self.offset_to)


def transitions(zone: zoneinfo.ZoneInfo, year: int) -> list[Transition]:
    """The zone's offset changes in `year` (UTC), in order."""
    found: list[Transition] = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    offset = _offset(zone, moment)
    while moment < end:
        following = moment + _DAY
        if _offset(zone, following) != offset:
            found.append(_find_change(zone, moment, following))
            offset = _offset(zone, following)
        moment = following
    return found


def _offset(zone: zoneinfo.ZoneInfo, moment: dt.datetime) -> dt.timedelta:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _find_change(zone: zoneinfo.ZoneInfo, low: dt.datetime, high: dt.datetime) -> Transition:
    """The change between `low` and `high` (UTC, one day apart), to the second."""
    before = _offset(zone, low)
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            break
        if _offset(zone, middle) == before:
            low = middle
        else:
            high = middle
    after = high.astimezone(zone)
    offset_to = after.utcoffset()
    assert offset_to is not None
    local = (high + before).replace(tzinfo=None)
    return Transition(local, before, offset_to, after.tzname() or "")


@functools.lru_cache(maxsize=16)
def vtimezone_lines(zone_name: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """The VTIMEZONE of `zone_name`, right for every moment of `first_year`..`last_year`
    (unfolded content lines, without line breaks)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    # From the year before: each observance must start before the first moment covered
    # (in the southern hemisphere, daylight time in January began the October before).
    years = range(first_year - 1, last_year + 1)
    changes = [change for year in years for change in transitions(zone, year)]
    lines = ["BEGIN:VTIMEZONE", f"TZID:{escape_text(zone_name)}"]
    if not changes:
        moment = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC).astimezone(zone)
        offset = moment.utcoffset()
        assert offset is not None
        lines += _observance(
            "STANDARD",
            dt.datetime(1970, 1, 1),
            offset,
            offset,
            moment.tzname() or "",
            rrule=None,
        )
    else:
        rules = _yearly_rules(changes, len(years))
        if rules is not None:
            for kind, change, byday in rules:
                rrule = f"FREQ=YEARLY;BYMONTH={change.month};BYDAY={byday}"
                lines += _observance(
                    kind, change.local, change.offset_from, change.offset_to, change.name, rrule
                )
        else:
            # The offset in force from the first year examined, then every change.
            moment = dt.datetime(years[0], 1, 1, tzinfo=dt.UTC).astimezone(zone)
            offset = moment.utcoffset()
            assert offset is not None
            kind = "DAYLIGHT" if moment.dst() else "STANDARD"
            start = moment.replace(tzinfo=None)
            lines += _observance(kind, start, offset, offset, moment.tzname() or "", None)
            for change in changes:
                kind = "DAYLIGHT" if change.offset_to > change.offset_from else "STANDARD"
                lines += _observance(
                    kind, change.local, change.offset_from, change.offset_to, change.name, None
                )
    lines.append("END:VTIMEZONE")
    return tuple(lines)


def _yearly_rules(
    changes: list[Transition], year_count: int
) -> list[tuple[str, Transition, str]] | None:
    """(kind, first transition, BYDAY) for the two yearly rules the changes follow, or
    None when they follow no such pair (then each change is written on its own)."""
    forward = [c for c in changes if c.offset_to > c.offset_from]
    back = [c for c in changes if c.offset_to < c.offset_from]
    if len(forward) != year_count or len(back) != year_count:
        return None
    rules: list[tuple[str, Transition, str]] = []
    for kind, group in (("DAYLIGHT", forward), ("STANDARD", back)):
        if len({change.rule_key for change in group}) != 1 or len({c.name for c in group}) != 1:
            return None
        code = WEEKDAY_CODES[group[0].weekday]
        if all(change.is_last for change in group):
            byday = f"-1{code}"
        elif len({change.nth for change in group}) == 1:
            byday = f"{group[0].nth}{code}"
        else:
            return None
        rules.append((kind, group[0], byday))
    return rules


def _observance(
    kind: str,
    start: dt.datetime,
    offset_from: dt.timedelta,
    offset_to: dt.timedelta,
    name: str,
    rrule: str | None,
) -> list[str]:
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{utc_offset(offset_from)}",
        f"TZOFFSETTO:{utc_offset(offset_to)}",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    if name:
        lines.append(f"TZNAME:{escape_text(name)}")
    lines.append(f"END:{kind}")
    return lines
