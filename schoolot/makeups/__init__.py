"""Makeups proposed by the solver for minutes owed back: `owed` (what to make up),
`rules` (what a slot must keep), `choose` (CP-SAT over a therapist's owed lines),
`propose` (the proposals stored), `decide` (accept, move, decline)."""
