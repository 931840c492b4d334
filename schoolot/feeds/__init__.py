"""Calendar feeds: secret URLs that serve the schedule in force as iCalendar."""
