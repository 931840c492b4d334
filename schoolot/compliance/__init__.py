"""Owed vs delivered minutes per service line (docs/compliance.md): `ledger.line_ledgers`
is the one ledger the pages, the CSV, the report and `flask compliance` read."""
