"""Dates as people read them, the one way pages, flash messages and emails write a date.

Forms and the command line take and print ISO dates (what a date field and a
script want); everything a person reads says "15 December 2026", so the
console and the survey never disagree about how a date looks.
"""
from __future__ import annotations

import datetime as dt


def written(day: dt.date | None, missing: str = "") -> str:
    """``15 December 2026``; ``missing`` when there is no date."""
    return f"{day:%-d %B %Y}" if day is not None else missing
