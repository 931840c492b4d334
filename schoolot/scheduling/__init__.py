"""The bridge between the database and the solver.

`problem_builder.build_problem` loads a `Problem` from the district's rows,
`store.store_solution` keeps a `Solution` as a draft `ScheduleVersion`, `store.publish`
puts a draft in force, `diff.compare` says what a draft changes, and
`export_json.schedule_document` writes a version in the JSON form of schedule.md.
Services only: they take a session and flush; the caller commits.
"""
