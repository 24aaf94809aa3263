"""Contrast against the WCAG 2.x definition, checked with published reference pairs (not our own output)."""
from __future__ import annotations

import pytest

from reports.colors import GRAPHIC_CONTRAST, contrast_ratio, readable_on_white, text_on


@pytest.mark.parametrize(("color", "expected"), [
    ("#000000", 21.0),     # the maximum
    ("#ffffff", 1.0),      # none
    ("#767676", 4.54),     # the lightest grey that passes AA on white (WebAIM)
    ("#777777", 4.48),     # one step lighter fails
    ("#0000ff", 8.59),     # pure blue (WebAIM contrast checker)
    ("#ff0000", 4.0),      # pure red
])
def test_contrast_against_white_matches_the_reference(color: str, expected: float) -> None:
    assert contrast_ratio(color, "#ffffff") == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("accent", ["#ffd400", "#ff0000", "#00ff00", "#7fdbff", "#ffffff", "#aaaaaa"])
def test_a_pale_accent_gets_a_darker_shade_that_reads_on_white(accent: str) -> None:
    shade = readable_on_white(accent)
    assert contrast_ratio(shade, "#ffffff") >= 4.5
    assert contrast_ratio(readable_on_white(accent, GRAPHIC_CONTRAST), "#ffffff") >= GRAPHIC_CONTRAST


def test_a_dark_accent_is_kept_as_chosen() -> None:
    assert readable_on_white("#1F5F8B") == "#1f5f8b"


@pytest.mark.parametrize(("background", "text"), [("#ffd400", "#000000"), ("#1f5f8b", "#ffffff"),
                                                   ("#000000", "#ffffff"), ("#ffffff", "#000000")])
def test_text_on_the_accent_is_black_or_white_whichever_reads_better(background: str, text: str) -> None:
    assert text_on(background) == text
