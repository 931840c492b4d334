"""The one caseload and workload of every therapist (docs/caseload.md).

`snapshot` reads the district into plain data (`load_snapshot`), which what-if and
balance may change in memory (`CaseloadSnapshot.with_changes`); `workload` computes each
therapist's workload from a snapshot, by the one formula; `in_effect` is the one rule of
which service lines count on a day, shared with the solver's problem builder.
"""
