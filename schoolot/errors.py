"""The project's own errors, raised by services and shown to users by the web and CLI."""


class SchoolotError(Exception):
    """Base of every error a user can act on."""


class ValidationFailed(SchoolotError):
    """Input broke a rule; `problems` lists each one as a readable line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class LoginThrottled(SchoolotError):
    """Too many failed logins for this account; try again later."""
