"""The schedules on real dates: the school year, which schedule stood on each date,
dated sessions and week views.

Pages (schoolot.web.timetable) and calendar feeds (schoolot.feeds) both read the
weekly schedule through this package, so they agree on every date.
"""
