"""Who may change IEP terms (issue 14): when the district has therapists propose, a
therapist's change of a service line's minutes, period, session length or dates, or of
the student's IEP dates, is held as a `ChangeProposal` until a coordinator approves it
(the change is then made, recorded in the change history) or rejects it with a reason."""
