"""The dashboard's workload chart and its sortable table, on loads small enough to check by eye."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from schoolot.web.main.workload_table import sort_table
from schoolot.workload_chart import NARROW, WIDE, workload_chart


@dataclass(frozen=True)
class Load:
    therapist_id: int
    name: str
    fte: float
    workload_per_fte: float
    capacity_minutes: int
    status: str
    students: int = 0
    idle_minutes: int | None = None


ANA = Load(1, "Ana Diaz", 1.0, 2160.0, 1800, "over", students=40, idle_minutes=300)
BO = Load(2, "bo Chen", 0.5, 900.0, 900, "under", students=12)
CY = Load(3, "Cy Park", 0.8, 1500.0, 1440, "ok", students=30, idle_minutes=120)


def test_bars_are_drawn_to_one_scale_with_each_capacity_marked():
    chart = workload_chart([ANA, BO, CY], WIDE)
    # Largest value 2160 -> steps of 600 (at most five intervals), scale 0..2400.
    assert [t.label for t in chart.ticks] == ["0", "600", "1,200", "1,800", "2,400"]
    span = WIDE.plot_right - WIDE.plot_left  # pixels for 2400 minutes
    ana, bo, cy = chart.bars
    assert ana.width == pytest.approx(span * 2160 / 2400, abs=0.1)
    assert bo.width == pytest.approx(span * 900 / 2400, abs=0.1)
    # Capacity per FTE is 1800 for all three (900 / 0.5, 1440 / 0.8).
    assert {bar.capacity_x for bar in chart.bars} == {round(WIDE.plot_left + span * 1800 / 2400, 1)}
    assert ana.value_text == "2,160 (120%, over)"
    assert bo.value_text == "900 (50%, under)"
    assert (ana.status_words, cy.status_words) == ("over capacity", "within capacity")
    assert "capacity is 1,800 minutes a week per FTE" in chart.description
    assert "1 over capacity, 1 under-used" in chart.description


def test_the_narrow_layout_puts_names_above_bars_within_a_phone_width():
    chart = workload_chart([ANA, BO, CY], NARROW)
    for bar in chart.bars:
        assert bar.name_x == 0 and bar.name_y < bar.y
        # The value ends at the right edge on the name's line, the bar below both.
        assert (bar.value_x, bar.value_y) == (NARROW.width - 2, bar.name_y)
        assert bar.x + bar.width <= NARROW.plot_right <= NARROW.width
    assert chart.height == chart.axis_y + 24


def test_no_therapists_draws_an_empty_chart():
    chart = workload_chart([], WIDE)
    assert chart.bars == [] and chart.description == "No therapists yet."


def test_the_table_sorts_by_workload_per_fte_most_first_by_default():
    table = sort_table([ANA, BO, CY], {})
    assert [r.name for r in table.rows] == ["Ana Diaz", "Cy Park", "bo Chen"]
    sorted_header = [h for h in table.headers if h.aria_sort]
    assert [(h.column.key, h.aria_sort, h.next_order) for h in sorted_header] == [
        ("workload_per_fte", "descending", "asc")
    ]


def test_the_table_sorts_by_any_column_either_way():
    by_name = sort_table([ANA, BO, CY], {"sort": "name", "order": "asc"})
    assert [r.name for r in by_name.rows] == ["Ana Diaz", "bo Chen", "Cy Park"]  # case-blind
    students_down = sort_table([ANA, BO, CY], {"sort": "students", "order": "desc"})
    assert [r.students for r in students_down.rows] == [40, 30, 12]
    status_up = sort_table([ANA, BO, CY], {"sort": "status", "order": "asc"})
    assert [r.status for r in status_up.rows] == ["under", "ok", "over"]
    header = next(h for h in status_up.headers if h.column.key == "status")
    assert (header.aria_sort, header.next_order) == ("ascending", "desc")
    assert all(h.aria_sort is None for h in status_up.headers if h.column.key != "status")


def test_rows_without_a_value_sort_last_both_ways():
    for order in ("asc", "desc"):
        table = sort_table([BO, ANA, CY], {"sort": "idle_minutes", "order": order})
        assert table.rows[-1] is BO, order


def test_unknown_sort_arguments_fall_back_to_the_default():
    table = sort_table([ANA, BO, CY], {"sort": "password", "order": "sideways"})
    assert (table.sort, table.order) == ("workload_per_fte", "desc")


def test_cells_show_each_figure_in_its_format():
    table = sort_table([ANA, BO], {"sort": "name"})
    by_key = {h.column.key: h.column for h in table.headers}
    assert by_key["fte"].text(BO) == "0.50"
    assert by_key["workload_per_fte"].text(ANA) == "2,160"
    assert by_key["idle_minutes"].text(ANA) == "300"
    assert by_key["idle_minutes"].text(BO) == "—"  # no schedule in force: not counted
    assert [h.column.key for h in table.headers][:3] == ["name", "status", "workload_per_fte"]
