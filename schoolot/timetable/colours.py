"""A stable colour per school, so a school looks the same on every timetable; on a
school's own week, where every block is at that school, a colour per therapist."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SchoolColour:
    strong: str  # the block's edge and the legend's swatch
    light: str  # the block's background, dark text on it stays readable


# Distinct hues with a light tint each; dark text reads on every tint.
PALETTE = (
    SchoolColour("#1565c0", "#e3eefb"),
    SchoolColour("#2e7d32", "#e6f4e7"),
    SchoolColour("#e65100", "#fff0e0"),
    SchoolColour("#6a1b9a", "#f3e5f7"),
    SchoolColour("#00796b", "#dff2ef"),
    SchoolColour("#c62828", "#fdeaea"),
    SchoolColour("#6d4c41", "#f1ebe8"),
    SchoolColour("#283593", "#e8eaf6"),
    SchoolColour("#827717", "#f6f5dc"),
    SchoolColour("#ad1457", "#fce4ef"),
    SchoolColour("#00838f", "#dff5f7"),
    SchoolColour("#455a64", "#eceff1"),
)


def school_colour(school_id: int) -> SchoolColour:
    """The colour of school `school_id`: the same on every page and every week, and
    distinct for the first twelve schools of a district."""
    return PALETTE[(school_id - 1) % len(PALETTE)]


def therapist_colour(therapist_id: int) -> SchoolColour:
    """The colour of therapist `therapist_id` on a school's week (same palette)."""
    return PALETTE[(therapist_id - 1) % len(PALETTE)]
