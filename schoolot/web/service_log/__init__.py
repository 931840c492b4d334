"""Logging on the day: the pages (see routes)."""
