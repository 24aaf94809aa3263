"""Where a score stands among others, as a reader checks it: by the whole numbers printed.

Scores print rounded, so two that print alike are level, whatever their
decimals: calling one of two printed 54s "the lowest" contradicts the page.
A place is counted from the nearer end ("the second highest", not "the fifth
lowest of six"), and equal printed scores share a place.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve")
_ORDINAL_WORDS = ("", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                  "tenth", "eleventh", "twelfth")


def count_word(count: int) -> str:
    """6 -> "six"; past twelve, the figure."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def ordinal(value: float) -> str:
    """18 -> "18th", 21 -> "21st": percentiles and late places as people say them."""
    number = round(value)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@dataclass(frozen=True)
class Standing:
    """A printed score's place among ``count`` printed scores (its own included)."""

    below: int     # how many print lower
    above: int     # how many print higher
    count: int

    @property
    def level_with_all(self) -> bool:
        return self.below == 0 and self.above == 0

    @property
    def nearer_the_top(self) -> bool:
        return self.above < self.below

    def words(self) -> str:
        """"the lowest", "the second highest", "tied for the third lowest"."""
        side, place = ("lowest", self.below + 1) if self.below <= self.above else ("highest", self.above + 1)
        name = _ORDINAL_WORDS[place - 1] if place <= len(_ORDINAL_WORDS) else ordinal(place)
        tied = self.count - self.below - self.above > 1
        return f"{'tied for ' if tied else ''}the {name + ' ' if name else ''}{side}"


def standing(score: float, scores: Sequence[float]) -> Standing:
    """``score``'s place among ``scores`` (which hold it), compared as printed."""
    shown = round(score)
    return Standing(below=sum(round(s) < shown for s in scores),
                    above=sum(round(s) > shown for s in scores), count=len(scores))


def ends(items: Sequence[T], score: Callable[[T], float]) -> tuple[list[T], list[T]]:
    """(the items that print the top score, those that print the bottom one), highest first."""
    ordered = sorted(items, key=score, reverse=True)
    top, bottom = round(score(ordered[0])), round(score(ordered[-1]))
    return ([i for i in ordered if round(score(i)) == top],
            [i for i in reversed(ordered) if round(score(i)) == bottom])


def first_with_ties(ordered: Sequence[T], count: int, score: Callable[[T], float]) -> list[T]:
    """The first ``count`` items, and any after them that print the same score as the last of those.

    A short list ("lowest scores") that cuts between two printed 61s tells the
    reader the one left out scores higher.
    """
    if len(ordered) <= count or count <= 0:
        return list(ordered[:max(count, 0)])
    last = round(score(ordered[count - 1]))
    return list(ordered[:count]) + [i for i in ordered[count:] if round(score(i)) == last]


def names(parts: Sequence[str], conjunction: str = "and") -> str:
    """"A", "A and B", "A, B and C" (or "A, B or C")."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {conjunction} " + parts[-1]


def alternatives(parts: Sequence[str]) -> str:
    """"A", "A or B", "A, B or C"."""
    return names(parts, "or")
