"""The caseload's exports: the table as CSV, and each therapist's printable summary."""
