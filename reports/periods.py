"""The periods a trend spans: every one from the first cycle that ran to the last, skipped ones included.

An organization that ran 2026-Q1, 2026-Q2 and 2026-Q4 skipped 2026-Q3; drawn or tabled from its cycles
alone, Q2 and Q4 stand side by side as if neighbours, and an executive reads a year as a quarter. So
every trend (the results pages' chart and table, the team plan's chart, the diagnostic's chart and
table) lays its periods out with ``trend_periods``, and marks the added ones ``NO_SURVEY``.

A period label is a year, then a quarter, half or month (``2026-Q4``, ``2026-H1``, ``2026-05``) or the
year alone (``assessment.models.cycle.PERIOD_PATTERN``). Within one of these schemes the period after
another is well defined; across two (a client moving from quarters to halves) it is not, and the labels
are left as they are.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

NO_SURVEY = "no survey"

# scheme -> (how a label reads, periods per year, the label of a period's place in its year)
_SCHEMES: dict[str, tuple[re.Pattern[str], int, Callable[[int], str]]] = {
    "year": (re.compile(r"^(\d{4})$"), 1, lambda _: ""),
    "half": (re.compile(r"^(\d{4})-H([12])$"), 2, lambda i: f"-H{i + 1}"),
    "quarter": (re.compile(r"^(\d{4})-Q([1-4])$"), 4, lambda i: f"-Q{i + 1}"),
    "month": (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), 12, lambda i: f"-{i + 1:02d}"),
}


def trend_periods(ran: Iterable[str]) -> list[str]:
    """The periods of the cycles that ran, oldest first, with those skipped between them put in.

    Nothing is added before the first or after the last; labels of mixed or unknown schemes come back
    sorted, with nothing added.
    """
    labels = sorted(set(ran))
    places = [place for place in map(_place, labels) if place is not None]
    schemes = {scheme for scheme, _ in places}
    if len(labels) < 2 or len(places) < len(labels) or len(schemes) != 1:
        return labels
    scheme, first = places[0]
    return [_label(scheme, ordinal) for ordinal in range(first, places[-1][1] + 1)]


def skipped_periods(ran: Iterable[str]) -> list[str]:
    """The periods ``trend_periods`` adds: no cycle ran in them."""
    ran = set(ran)
    return [period for period in trend_periods(ran) if period not in ran]


def skipped_between(earlier: str, later: str) -> list[str]:
    """The periods between two cycles that ran one after the other: what a comparison of the two spans."""
    return skipped_periods((earlier, later))


def period_after(label: str, steps: int = 1) -> str | None:
    """The period ``steps`` after ``label`` in its scheme (before it, for a negative step); None for an unknown scheme."""
    place = _place(label)
    if place is None:
        return None
    scheme, ordinal = place
    return _label(scheme, ordinal + steps)


def _place(label: str) -> tuple[str, int] | None:
    """(scheme, periods since year 0) of a label, or None for a label of no known scheme."""
    for scheme, (pattern, per_year, _) in _SCHEMES.items():
        match = pattern.match(label)
        if match:
            within = int(match.group(2)) - 1 if per_year > 1 else 0
            return scheme, int(match.group(1)) * per_year + within
    return None


def _label(scheme: str, ordinal: int) -> str:
    _, per_year, suffix = _SCHEMES[scheme]
    year, within = divmod(ordinal, per_year)
    return f"{year:04d}{suffix(within)}"
