"""Reads an iCalendar stream with libical, the C library behind Evolution and KDE.

Run by Debian's own Python (/usr/bin/python3, with python3-gi and gir1.2-ical-3.0),
not by the project's venv: tests/feed_readers.py pipes a feed to it and reads back
JSON: whether libical parsed it, its restriction check, every X-LIC-ERROR it found,
and each VEVENT's UID, SEQUENCE and times. UTC times come from libical's own reading
of the calendar's VTIMEZONE, independent of Python's zoneinfo and dateutil.
"""

import json
import re
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal  # noqa: E402


def components(parent, kind):
    child = parent.get_first_component(kind)
    while child is not None:
        yield child
        child = parent.get_next_component(kind)


def main() -> None:
    text = sys.stdin.buffer.read().decode("utf-8")
    calendar = ICal.Component.new_from_string(text)
    if calendar is None:
        print(json.dumps({"parsed": False}))
        return
    restriction_ok = bool(ICal.restriction_check(calendar))
    written = calendar.as_ical_string()
    zones = {}
    for vtimezone in components(calendar, ICal.ComponentKind.VTIMEZONE_COMPONENT):
        zone = ICal.Timezone.new()
        zone.set_component(vtimezone.clone())
        zones[zone.get_tzid()] = zone
    events = []
    for event in components(calendar, ICal.ComponentKind.VEVENT_COMPONENT):
        start, end = event.get_dtstart(), event.get_dtend()
        zone = zones.get(start.get_tzid())
        events.append(
            {
                "uid": event.get_uid(),
                "sequence": event.get_sequence(),
                "summary": event.get_summary(),
                "tzid": start.get_tzid(),
                "start_local": start.as_ical_string(),
                "end_local": end.as_ical_string(),
                "start_utc": start.as_timet_with_zone(zone) if zone else None,
                "end_utc": end.as_timet_with_zone(zone) if zone else None,
            }
        )
    result = {
        "parsed": True,
        "kind": ICal.Component.kind_to_string(calendar.isa()),
        "restriction_ok": restriction_ok,
        "error_count": calendar.count_errors(),
        "errors": re.findall(r"X-LIC-ERROR[^\r\n]*", written),
        "zones": sorted(zones),
        "events": events,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
