"""The change history (issue 14's core): every change to students, service lines,
goals, equipment, blocks, therapists and their hours and schools, accounts, schools,
the calendar, travel times and the district is recorded once, by session events, with
who made it; each schedule published too.

    with recording(actor="flask balance", reason="balance proposal 3"):
        ...  # every change inside is one batch by that actor

In a web request the actor is the logged-in user, with no code in the views.
"""

from schoolot.audit.actor import Actor, recording, register_source
from schoolot.audit.events import install
from schoolot.audit.queries import changes_since, changes_since_solved

install()

__all__ = [
    "Actor",
    "changes_since",
    "changes_since_solved",
    "install",
    "recording",
    "register_source",
]
