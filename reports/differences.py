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


def widest(shown: float | None, exact: float | None = None) -> tuple[bool, float, float]:
    """A sort key: the widest difference as printed first, then the widest exact one, one that is missing last.

    Every list of gaps sorts by it, so a list, and the sentence naming its widest, agree with the figures
    beside them: by the exact difference alone, 49.2 - 43.6 (printed +5) came before 46.7 - 41.4 (printed +6).
    """
    return (shown is None, -abs(shown or 0.0), -abs(exact or 0.0))


def signed_points(value: float | None) -> str | None:
    """"+4", "-2", or "±0" when the difference rounds to nothing; ``None`` for no difference."""
    if value is None:
        return None
    text = f"{value:+.0f}"
    return "±0" if text in ("+0", "-0") else text
