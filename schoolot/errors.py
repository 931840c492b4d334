"""The project's own errors, raised by services and shown to users by the web and CLI."""


class SchoolotError(Exception):
    """Base of every error a user can act on."""


class ValidationFailed(SchoolotError):
    """Input broke a rule; `problems` lists each one as a readable line. `total` counts
    them all when only the first are listed (a last line then says how many more)."""

    def __init__(self, problems: list[str], total: int | None = None):
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(problems))


class LoginThrottled(SchoolotError):
    """Too many failed logins for this account; try again later."""
