"""Options of one solve (solver.options): differently weighted schedules, identical ones
collapsed, ranked by lines met first; each a valid schedule.

The district (`options_district`) is built so the profiles must differ. Two therapists,
one school day (Mon) and a spare (Tue); OAK, ELM and FAR all 30 minutes apart. Each
therapist serves Ana at OAK (free Mon 08:00-08:30 only), Dee at ELM (free Mon
12:30-13:00 only) and Eve at FAR (90 minutes, free all Monday, or Tue 09:00-10:30).
Monday is OAK then ELM either way (one drive); Eve is either

- on Monday in the gap (OAK, FAR, ELM: two drives, 60 minutes; idle 60 minutes with
  lunch in the gap), or
- on Tuesday alone (one drive on Monday, 30 minutes; Monday idle 210 - 30 lunch = 180).

By the weights: a drive is 30 x 20 + 200 = 800, the idle saved 120, so the plain
weighing and "fewer drives" put Eve on Tuesday; "more compact days" (idle x 20) on
Monday. In the schedule in force ot1's Eve is on Monday and ot2's on Tuesday; moving
one costs 800 (x 4 for "fewer moves"). So:

| option  | ot1 Eve | ot2 Eve | driving | idle        | moved |
| drives  | Tue     | Tue     | 60      | 180+180=360 | 1     |
| moves   | Mon     | Tue     | 90      | 60+180=240  | 0     |
| compact | Mon     | Mon     | 120     | at most 180 | 1     |
"""

from __future__ import annotations

import pytest

from schoolot.solver.options import (
    MAX_OPTIONS,
    measure_option,
    profiles_for,
    rank_options,
    solve_options,
)
from schoolot.solver.problem import Problem, Weights
from schoolot.solver.solution import Solution, Unscheduled
from schoolot.solver.solve import Cancelled, solve
from schoolot.solver.validate import validate
from schoolot.solver.week import WEIGHT_PROFILES
from tests.solver.strategies import District, tiny_district

TIME = 9.0


def options_district(in_force: bool = True) -> Problem:
    d = District(weekdays=("Mon", "Tue"))
    oak, elm, far = d.school("OAK"), d.school("ELM"), d.school("FAR")
    d.travel(oak, elm, 30)
    d.travel(oak, far, 30)
    d.travel(far, elm, 30)
    for t in range(2):
        ot = d.therapist(f"ot{t + 1}", [oak, elm, far])
        t_oak, t_elm, t_far = (d.teacher(f"T{school}{t}", school) for school in (oak, elm, far))
        ana = d.student(
            f"Ana{t}",
            t_oak,
            3,
            therapist=ot,
            busy=[("Mon", "08:30", "15:00"), ("Tue", "08:00", "15:00")],
        )
        dee = d.student(
            f"Dee{t}",
            t_elm,
            3,
            therapist=ot,
            busy=[("Mon", "08:00", "12:30"), ("Mon", "13:00", "15:00"), ("Tue", "08:00", "15:00")],
        )
        eve = d.student(
            f"Eve{t}",
            t_far,
            3,
            therapist=ot,
            busy=[("Tue", "08:00", "09:00"), ("Tue", "10:30", "15:00")],
        )
        a, b, e = d.line(ana, 1, 30), d.line(dee, 1, 30), d.line(eve, 1, 90)
        if in_force:
            d.place(ot, oak, "Mon", "08:00", (a,))
            d.place(ot, elm, "Mon", "12:30", (b,))
            d.place(ot, far, "Mon" if t == 0 else "Tue", "09:00", (e,))
    return d.build()


def eve_days(solution: Solution) -> tuple[int, ...]:
    """The day of each therapist's 90-minute session (0 Mon, 1 Tue)."""
    return tuple(
        s.day for s in sorted(solution.sessions, key=lambda s: s.therapist) if s.end - s.start == 90
    )


def test_each_option_favours_its_own_figure():
    problem = options_district()

    options = solve_options(problem, 3, TIME, workers=1)

    by_profile = {option.profiles: option for option in options}
    assert set(by_profile) == {("drives",), ("moves",), ("compact",)}
    for option in options:
        assert validate(problem, option.solution) == []
        assert option.figures.lines_met == 6
    drives, moves, compact = (by_profile[(name,)] for name in ("drives", "moves", "compact"))
    assert eve_days(drives.solution) == (1, 1)
    assert eve_days(moves.solution) == (0, 1)
    assert eve_days(compact.solution) == (0, 0)
    assert [o.figures.travel_minutes for o in (drives, moves, compact)] == [60, 90, 120]
    assert [o.figures.moved_sessions for o in (drives, moves, compact)] == [1, 0, 1]
    assert drives.figures.idle_minutes == 360
    assert moves.figures.idle_minutes == 240
    assert compact.figures.idle_minutes < moves.figures.idle_minutes
    # Each is best at what it favours, and so strictly.
    for option in options:
        figure = WEIGHT_PROFILES[option.profile].figure
        others = [o.figures.of(figure) for o in options if o is not option]
        assert option.figures.of(figure) < min(others), (option.profile, figure)


def test_options_are_ranked_by_lines_met_then_by_their_lead():
    problem = options_district()

    options = solve_options(problem, 3, TIME, workers=1)

    # All meet 6 lines; "moves" leads by 100% (0 of 1 moved), "compact" on idle by
    # more than 50% of 360, "drives" by 50% (60 of 120 minutes).
    assert [o.rank for o in options] == [1, 2, 3]
    assert [o.profile for o in options] == ["moves", "compact", "drives"]


def test_identical_options_collapse_into_one_under_both_names():
    problem = options_district(in_force=False)

    options = solve_options(problem, 3, TIME, workers=1)

    # Without a schedule in force: drives, compact and the plain weighing; the plain
    # weighing also puts both Eves on Tuesday, the very schedule "drives" found.
    assert [o.profiles for o in options] == [("drives", "balanced"), ("compact",)]
    assert eve_days(options[0].solution) == (1, 1)
    assert eve_days(options[1].solution) == (0, 0)
    assert [o.rank for o in options] == [1, 2]


def test_a_lower_ranked_option_is_the_one_with_fewer_lines_met():
    problem = tiny_district().build()
    full = solve(problem, time_limit=3, workers=1)
    met = measure_option(problem, full).lines_met
    dee = 4  # SV5: Dee's one pull-out at FAR, alone in its session
    assert [s.services for s in full.sessions if dee in s.services] == [(dee,)]
    short = Solution(
        full.assignments,
        tuple(s for s in full.sessions if dee not in s.services),
        full.travel,
        (*full.unscheduled, Unscheduled(dee, "left out")),
    )

    # "drives" leads on driving here (the same legs), yet one line less ranks it last.
    options = rank_options(problem, [("drives", short), ("compact", full)])

    assert [o.profile for o in options] == ["compact", "drives"]
    assert [o.figures.lines_met for o in options] == [met, met - 1]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_no_option_meets_fewer_lines_than_a_plain_solve_of_the_same_time(count):
    # tiny_district with one day closed at ELM and FAR leaves lines out either way.
    d = tiny_district()
    d.weekdays = ("Mon",)
    problem = d.build()
    plain = measure_option(problem, solve(problem, time_limit=TIME / count, workers=1))
    assert plain.lines_met < len(problem.services)  # the district is short of time

    options = solve_options(problem, count, TIME, workers=1)

    assert len(options) <= count
    for option in options:
        assert validate(problem, option.solution) == []
        assert option.figures.lines_met >= plain.lines_met


def test_the_number_of_options_is_one_to_three():
    problem = options_district()
    assert profiles_for(problem, MAX_OPTIONS) == ("drives", "moves", "compact")
    assert profiles_for(options_district(in_force=False), 2) == ("drives", "compact")
    for count in (0, MAX_OPTIONS + 1):
        with pytest.raises(ValueError, match="out of range"):
            profiles_for(problem, count)


def test_every_profile_weighs_a_line_left_out_the_same():
    base = Weights()
    weighed = {name: profile.weigh(base) for name, profile in WEIGHT_PROFILES.items()}

    assert {w.unscheduled_line for w in weighed.values()} == {base.unscheduled_line}
    assert weighed["balanced"] == base
    drives, compact, moves = weighed["drives"], weighed["compact"], weighed["moves"]
    assert (drives.travel_minute, drives.school_change) == (80, 800)
    assert (moves.moved_session, moves.moved_student) == (2000, 1200)
    assert compact.idle_minute == 20
    # The others still prefer keeping a session to moving it for nothing.
    assert (drives.moved_session, drives.moved_student) == (50, 30)
    assert (compact.moved_session, compact.moved_student) == (50, 30)


def test_a_stop_keeps_the_options_found_so_far(monkeypatch):
    problem = options_district()
    found = solve(problem, time_limit=3, workers=1)
    shares = []

    def stand_in(weighed, time_limit, **kw):
        shares.append(time_limit)
        return found

    monkeypatch.setattr("schoolot.solver.options.solve", stand_in)

    options = solve_options(problem, 3, 9.0, should_stop=lambda: len(shares) == 1)

    # The first option is solved; asked before the second, the stop ends the rest.
    assert shares == [3.0]
    assert [o.profiles for o in options] == [("drives",)]


def test_a_stop_before_any_option_is_found_raises_cancelled(monkeypatch):
    def cancelled(*args, **kw):
        raise Cancelled

    monkeypatch.setattr("schoolot.solver.options.solve", cancelled)

    with pytest.raises(Cancelled):
        solve_options(options_district(), 3, 9.0, should_stop=lambda: True)
