"""The period the new-cycle form proposes: the quarter after the last one, never one already past."""
from __future__ import annotations

import datetime as dt

import pytest

from assessment.manage.cycle_forms import next_quarter


@pytest.mark.parametrize(("today", "periods", "expected"), [
    (dt.date(2026, 11, 25), [], "2026-Q4"),                                  # first cycle: this quarter
    (dt.date(2026, 11, 25), ["2026-Q3", "2026-Q4"], "2027-Q1"),              # this quarter's is running
    (dt.date(2026, 2, 1), ["2026-Q4", "2025-Q4"], "2027-Q1"),                # planned ahead already
    (dt.date(2026, 11, 25), ["2024-Q2"], "2026-Q4"),                         # lapsed: not back in 2024
    (dt.date(2026, 12, 31), ["2026-Q3", "2026-H2", "pilot"], "2026-Q4"),     # other labels are ignored
])
def test_next_quarter(today: dt.date, periods: list[str], expected: str) -> None:
    assert next_quarter(today, periods) == expected
