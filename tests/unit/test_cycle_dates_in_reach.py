"""A cycle's dates may lie at most two years ahead, counted in days: the same date two years on is the last one
taken (from 29 February, the 28th), and the day after it is refused, in December as in January."""
from __future__ import annotations

import datetime as dt

import pytest

from assessment.operations.cycles import CycleError, require_in_reach

D = dt.date


@pytest.mark.parametrize(("today", "last_taken", "first_refused"), [
    (D(2026, 11, 27), D(2028, 11, 27), D(2028, 11, 28)),   # the rest of 2028 was taken: up to 3 years ahead
    (D(2026, 1, 1), D(2028, 1, 1), D(2028, 1, 2)),
    (D(2026, 12, 31), D(2028, 12, 31), D(2029, 1, 1)),
    (D(2028, 2, 29), D(2030, 2, 28), D(2030, 3, 1)),       # a leap day: 2030 has no 29 February
    (D(2026, 2, 28), D(2028, 2, 28), D(2028, 2, 29)),      # two years on is a leap year: its 29th is a day more
    (D(2026, 3, 1), D(2028, 3, 1), D(2028, 3, 2)),
])
def test_the_same_date_two_years_on_is_the_last_taken(today: dt.date, last_taken: dt.date,
                                                       first_refused: dt.date) -> None:
    require_in_reach(last_taken, today)
    with pytest.raises(CycleError) as refused:
        require_in_reach(first_refused, today, "closes_on")
    assert str(refused.value) == (f"{first_refused:%-d %B %Y} is more than 2 years ahead: a cycle's dates are "
                                  "set for the coming months")
    assert refused.value.field == "closes_on"
