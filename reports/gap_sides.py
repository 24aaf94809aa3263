"""Why sales and marketing are not set side by side, in the words of the results page.

Where the gate shows no scores for sales or for marketing there is no perception gap
to print. The results page says why; the diagnostic, the executive summary and a
one-function team's plan left the comparison out without a word, so a reader of a
sales and marketing alignment report could not tell whether it had been forgotten.
"""
from __future__ import annotations

from collections.abc import Sequence

# (function, reason): the gate's "too_small" or "protects_others", or "nobody_answered" where it has no group
UnshownSide = tuple[str, str]
REASONS = ("too_small", "protects_others", "nobody_answered")
SIDES = ("sales", "marketing")


def unshown_side(function: str, reason: str, min_group_size: int) -> str:
    """One function's reason, as a sentence."""
    if reason == "nobody_answered":
        return f"Nobody in {function} answered this survey."
    if reason == "protects_others":
        return (f"{function.capitalize()} is withheld so that a group of fewer than {min_group_size} cannot be "
                "worked out from the others.")
    return f"{function.capitalize()} had fewer than {min_group_size} responses, too few to show."


LEAD = "Sales and marketing are set side by side only where the scores of both are shown."


def gap_withheld_note(unshown: Sequence[UnshownSide], min_group_size: int, lead: str = LEAD) -> str | None:
    """Why there is no comparison of sales and marketing; None when nothing keeps it from being shown."""
    if not unshown:
        return None
    return f"{lead} " + " ".join(unshown_side(function, reason, min_group_size) for function, reason in unshown)


def checked_sides(unshown: Sequence[UnshownSide]) -> tuple[UnshownSide, ...]:
    """The sides as given, refusing a function or reason no sentence is written for."""
    for function, reason in unshown:
        if function not in SIDES or reason not in REASONS:
            raise ValueError(f"no words for {function!r} withheld as {reason!r}")
    return tuple((function, reason) for function, reason in unshown)
