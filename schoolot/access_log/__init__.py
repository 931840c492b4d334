"""The access record: who opened a student's page, or downloaded or exported what, when
and from where (issue 14); kept for the district's `access_log_days`."""

from schoolot.access_log.record import (
    AccessFilters,
    access_entries,
    purge_access_log,
    record_access,
    record_command_export,
    retention_cutoff,
)

__all__ = [
    "AccessFilters",
    "access_entries",
    "purge_access_log",
    "record_access",
    "record_command_export",
    "retention_cutoff",
]
