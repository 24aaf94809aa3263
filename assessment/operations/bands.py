"""How a participant's attribute values are spelled: one spelling per band, whatever the file's case.

An attribute (role level, tenure band, region) is a band that many people share,
and the anonymity gate and the results filters group people by its exact value.
"North", "north" and "north " typed by different people are one region to a
user; kept apart they would split one group into small ones, suppressed more
often and repeated in the filter drop-downs. So every write of participant
attributes spells each value through ``Bands``: case and whitespace do not make
a different band, and the first spelling met is the one stored.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping


def collapsed(value: str) -> str:
    """Surrounding whitespace dropped and inner runs made one space: how a band is written down."""
    return " ".join(value.split())


class Bands:
    """The one spelling of each band, per attribute; the first spelling a band is met in is kept."""

    def __init__(self) -> None:
        self._spellings: dict[str, dict[str, str]] = {}

    def knows(self, attribute: str, value: str) -> bool:
        return collapsed(value).casefold() in self._spellings.get(attribute, {})

    def count(self, attribute: str) -> int:
        """How many different bands of ``attribute`` have been met (case variants once)."""
        return len(self._spellings.get(attribute, {}))

    def spell(self, attribute: str, value: str) -> str:
        """The spelling already met for this band, or this one (collapsed), which is remembered."""
        value = collapsed(value)
        # casefold, not lower: "STRASSE" and "Straße" are the same word to a reader.
        return self._spellings.setdefault(attribute, {}).setdefault(value.casefold(), value)

    def settle(self, attributes: Mapping[str, str]) -> dict[str, str]:
        """Every value of ``attributes`` in its band's spelling."""
        return {name: self.spell(name, value) for name, value in attributes.items()}


def held_bands(held: Iterable[Mapping[str, str]]) -> Bands:
    """The bands people already hold, each spelled as most of them hold it (a tie: the one met first).

    Rosters imported before spellings were merged may hold a band in several
    spellings; taking the most held one moves the fewest people onto it.
    """
    counts = Counter((name, collapsed(value)) for attributes in held for name, value in attributes.items())
    bands = Bands()
    for (name, value), _ in counts.most_common():
        bands.spell(name, value)
    return bands
