"""Which values a results filter may offer, decided by the gate like any figure."""
from __future__ import annotations

import re

from assessment.gate.family import DIMENSIONS
from assessment.gate.view import cycle_view
from assessment.models import Cycle


def filter_choices(cycle: Cycle) -> dict[str, list[str]]:
    """Per dimension, the values whose own group the gate shows for this cycle.

    A value held by fewer than the minimum group is never named, not even in a
    drop-down: "region = Nordics" with one respondent would already say who answered.
    """
    if not cycle.has_results:
        return {}
    choices: dict[str, set[str]] = {d: set() for d in DIMENSIONS}
    for group in cycle_view(cycle).shown:
        if len(group) == 1:
            ((dimension, value),) = group
            choices[dimension].add(value)
    return {d: sorted(values, key=natural_order) for d, values in choices.items() if values}


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_BELOW = re.compile(r"\b(?:under|below|less than|fewer than|up to)\b|<", re.IGNORECASE)
_ABOVE = re.compile(r"\b(?:over|above|more than|at least)\b|\+|>", re.IGNORECASE)


def natural_order(value: str) -> tuple[int, float, int, str]:
    """Bands in the order of their numbers, as people read them: "under 1 year", "1-3 years", "over 3 years".

    Alphabetical order put "over 3 years" between the other two. A band is placed by its first number
    (months counted as twelfths of a year), "under" before and "over" after the bands that start there;
    values without a number (regions, role levels) follow, alphabetically.
    """
    number = _NUMBER.search(value)
    if number is None:
        return 1, 0.0, 0, value.casefold()
    amount = float(number.group()) / (12 if "month" in value.casefold() else 1)
    edge = -1 if _BELOW.search(value) else 1 if _ABOVE.search(value) else 0
    return 0, amount, edge, value.casefold()
