"""Which periods a trend spans: those of the cycles that ran and, within one scheme, those skipped between."""
from __future__ import annotations

import pytest

from reports.periods import period_after, skipped_between, skipped_periods, trend_periods


def test_a_skipped_quarter_is_put_back_between_its_neighbours() -> None:
    assert trend_periods(["2026-Q4", "2026-Q1", "2026-Q2"]) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert skipped_periods(["2026-Q1", "2026-Q2", "2026-Q4"]) == ["2026-Q3"]


def test_quarters_are_counted_across_the_turn_of_a_year() -> None:
    assert trend_periods(["2025-Q3", "2026-Q2"]) == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]


def test_nothing_is_put_before_the_first_cycle_or_after_the_last() -> None:
    assert trend_periods(["2026-Q2", "2026-Q3"]) == ["2026-Q2", "2026-Q3"]
    assert trend_periods(["2026-Q3"]) == ["2026-Q3"]
    assert trend_periods([]) == []


@pytest.mark.parametrize(("ran", "skipped"), [
    (["2025-H2", "2027-H1"], ["2026-H1", "2026-H2"]),
    (["2025-11", "2026-02"], ["2025-12", "2026-01"]),
    (["2024", "2026"], ["2025"]),
])
def test_halves_months_and_years_have_well_defined_neighbours_too(ran: list[str], skipped: list[str]) -> None:
    assert skipped_periods(ran) == skipped


@pytest.mark.parametrize("ran", [
    ["2025-Q3", "2026-H2"],        # from quarters to halves: what comes after 2025-Q3 is not one thing
    ["2025", "2026-Q3"],
    ["2025-Q1", "pilot"],          # not a label of any scheme
])
def test_labels_of_mixed_or_unknown_schemes_are_left_as_they_are(ran: list[str]) -> None:
    assert trend_periods(ran) == sorted(ran)
    assert skipped_periods(ran) == []


def test_a_comparison_with_the_previous_cycle_says_what_it_spans() -> None:
    assert skipped_between("2026-Q2", "2026-Q4") == ["2026-Q3"]
    assert skipped_between("2026-Q3", "2026-Q4") == []


@pytest.mark.parametrize(("label", "steps", "expected"), [
    ("2026-Q1", -1, "2025-Q4"),
    ("2026-Q4", 1, "2027-Q1"),
    ("2026-H1", -1, "2025-H2"),
    ("2026-01", -1, "2025-12"),
    ("2026", -1, "2025"),
    ("Pilot", -1, None),
])
def test_the_period_before_or_after_one_follows_its_scheme(label: str, steps: int, expected: str | None) -> None:
    assert period_after(label, steps) == expected
