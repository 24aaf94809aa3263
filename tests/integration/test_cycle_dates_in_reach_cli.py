"""Moving a closing date on the command line: two years from today is taken, the day after is refused by date,
not by calendar year (which let the rest of that year through, up to three years ahead)."""
from __future__ import annotations

import datetime as dt

from flask.testing import FlaskCliRunner

from assessment.dates import written
from assessment.lookup import cycle_by_name

CYCLE = "northwind/2026-Q4"   # the demo's open cycle


def test_a_closing_date_a_day_past_two_years_is_refused(runner: FlaskCliRunner) -> None:
    today = dt.date.today()
    last = today.replace(year=today.year + 2, day=28 if (today.month, today.day) == (2, 29) else today.day)
    taken = runner.invoke(args=["cycle", "closing-date", CYCLE, last.isoformat()])
    assert taken.exit_code == 0, taken.output
    assert f"now closes on {last.isoformat()}" in taken.output
    beyond = last + dt.timedelta(days=1)
    refused = runner.invoke(args=["cycle", "closing-date", CYCLE, beyond.isoformat()])
    assert refused.exit_code == 1
    assert f"Error: {written(beyond)} is more than 2 years ahead" in refused.output
    assert cycle_by_name(CYCLE).closes_on == last, "the refused date changed nothing"
