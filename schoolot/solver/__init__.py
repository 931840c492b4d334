"""The weekly scheduler: OR-Tools CP-SAT and the standard library only.

A `Problem` (prepared, integer data) goes in; a `Solution` comes out; `validate`
checks any solution against every hard rule of schedule.md without the solver.

Where things live:
- `problem.py`, `solution.py`: the data in and out; `solve.py`: the pipeline
  (assign, prove, baseline, weeks, neighbourhoods, merge, validate); `runner.py`
  runs the weeks in worker processes; `neighbourhoods.py` moves students between
  therapists' weeks.
- `assign.py` gives unpinned students a therapist: a greedy pass and a small CP-SAT
  model with `assign_windows.py` (a class's minutes within its free windows, schools
  with no drive between them), then `contention.py` (`relieve`: a max-flow of each
  caseload into the days' free stretches, moving students off a therapist whose
  windows cannot hold it).
- `week.py` builds one therapist's CP-SAT week from `week_data.py` (session options
  exist only where place and time rules hold) and one `add_*` function per rule
  family (`week_time`, `week_groups`, `week_travel`, ...); `build_objective` weighs
  the soft rules' penalties with `problem.Weights`. A week starts from the better of
  the baseline's and `week_greedy.best_greedy_week`; when that start leaves lines out,
  `week_ruin.recreate_more` first looks for more lines met by ruin and recreate on the
  greedy week (its placements keep the model's rules), and the full model then
  polishes the week it found.
- `rules.py`: the rules the heuristics and the explainer check for one placement
  (`may_join`, `fits_therapist_day`), shared by `baseline.py` (the by-hand
  schedule), `week_greedy.py` (the model's first hint, and `week_ruin`'s moves) and
  `explain.py`.
- `instance.py`, `day_options.py`, `proofs.py` (`analyse`: lines that cannot be met
  alone), `capacity.py` (`shortfalls`: lines a therapist's time cannot hold),
  `time_bound.py` (`most_lines`: a linear relaxation of a week, window by window, for
  the proven most), `explain.py` (why a feasible line was left out), `needs.py` (what
  each therapist with lines left out would need, in words).
- `validate.py`: numbered rule checks, sharing no code with the rest on purpose.

To add a hard rule:
1. `problem.py`: the data it needs (and `schoolot/scheduling/problem_builder.py`,
   the bridge, to fill it from the database);
2. `validate.py`: a `_rule` check yielding one readable line per breach, listed in
   `validate` (and a test in tests/solver/test_validate.py);
3. the model: leave out of `week_data.prepare_week` the options the rule forbids, or
   add an `add_<rule>(wm)` in a `week_*` module and call it in
   `week.build_week_model` (a test on a problem small enough to check by eye, ending
   in `validate(...) == []`, as tests/solver/test_week_groups.py does);
4. `rules.py`, when it bears on joining a session or fitting one into a day, so the
   baseline, the greedy hint and the explainer keep it (else the baseline's schedule
   fails `validate` and the tests say so);
5. `day_options.py`/`proofs.py` when a line can break it alone (with a reason a
   coordinator can act on), `capacity.py` and `time_bound.py` when it takes
   therapist time (both relax the week: leaving the rule out keeps them proofs).
A soft rule is a penalty function in a `week_*` module, added to `build_week_model`'s
penalties, with its weight in `problem.Weights`.
"""
