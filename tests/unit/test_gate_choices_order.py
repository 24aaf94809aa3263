"""The values a results filter offers read in the order people count them, not alphabetically."""
from __future__ import annotations

import random

import pytest

from assessment.gate.choices import natural_order


@pytest.mark.parametrize("bands", [
    ["under 1 year", "1-3 years", "over 3 years"],                    # the roster guide's example
    ["0-6 months", "6-12 months", "1-2 years", "2-5 years", "5+ years"],
    ["<1 year", "1 to 2 years", "3 to 10 years", "more than 10 years"],
    ["APAC", "EMEA", "North America"],                                 # no numbers: alphabetical
    ["2-5 years", "individual", "manager"],                            # bands first, then the words
])
def test_bands_sort_by_their_numbers_whatever_order_they_arrive_in(bands: list[str]) -> None:
    shuffled = random.Random(7).sample(bands, len(bands))
    assert sorted(shuffled, key=natural_order) == bands
    assert sorted(reversed(bands), key=natural_order) == bands
