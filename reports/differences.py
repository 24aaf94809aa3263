"""Differences in points as a reader checks them: against the rounded scores printed beside them.

Pages and PDFs print scores as whole numbers. A change worked out from the
unrounded scores can disagree with them (52 to 56 printed as "+3"), so where
both scores are printed the change shown is the difference of the rounded
scores. Whether a change is meaningful is still decided on the unrounded
difference; the JSON and CSV exports keep it unrounded.
"""
from __future__ import annotations


def shown_change(score: float | None, previous: float | None) -> float | None:
    """``score - previous`` as the two printed scores show it; ``None`` when either is missing."""
    if score is None or previous is None:
        return None
    return float(round(score) - round(previous))  # round() halves to even, as "%.0f" prints


def signed_points(value: float | None) -> str | None:
    """"+4", "-2", or "±0" when the difference rounds to nothing; ``None`` for no difference."""
    if value is None:
        return None
    text = f"{value:+.0f}"
    return "±0" if text in ("+0", "-0") else text
