"""The weekly scheduler: OR-Tools CP-SAT and the standard library only.

A `Problem` (prepared, integer data) goes in; a `Solution` comes out; `validate`
checks any solution against every hard rule of schedule.md without the solver.
"""
