"""Balancing caseloads: propose the fewest moves of students and school coverage that
meet more lines and even workload per FTE (`proposal`), and apply one as a single
audited change (`apply`). Plain functions on a session; no Flask."""

from schoolot.balance.apply import apply_steps, parse_token
from schoolot.balance.proposal import Proposal, check_options, propose

__all__ = ["Proposal", "apply_steps", "check_options", "parse_token", "propose"]
