"""Timetable pages: weeks and today for therapists, schools, classes, students; the overview."""
