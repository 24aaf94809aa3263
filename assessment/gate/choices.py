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
    ordered = {d: sorted(values, key=natural_order) for d, values in choices.items() if values}
    if "team" in ordered:
        # A menu names teams, not slugs: in the order of their names, a large client's 150 teams are found by
        # typing a name's first letters. By the slug's first number, "EMEA Sales 3" came before "AMER Sales 12".
        names = {team.slug: team.name for team in cycle.organization.teams}
        ordered["team"] = sorted(ordered["team"], key=lambda slug: name_order(names.get(slug, slug)))
    return ordered


_DIGITS = re.compile(r"(\d+)")


def name_order(name: str) -> tuple[tuple[int, int, str], ...]:
    """Alphabetical, without regard to case, and numbers by their value: "Sales 2" before "Sales 10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in _DIGITS.split(name) if part)


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
