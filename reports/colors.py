"""Contrast of a brand's accent colour, and the colours derived from it for text (WCAG 2.x).

An organization picks its accent for identity, not legibility: a pale yellow
makes a fine rule under the header but unreadable headings. Reports keep the
accent as chosen for rules and borders, and use these derived colours where
it would carry text: darkened just enough to reach the ratio on white, and
black or white for text placed on the accent itself.
"""
from __future__ import annotations

TEXT_CONTRAST = 4.5       # WCAG AA for body text
GRAPHIC_CONTRAST = 3.0    # WCAG AA for graphical objects (chart bars, markers)
WHITE, BLACK = "#ffffff", "#000000"


def _channels(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(color: str) -> float:
    """WCAG's relative luminance of a ``#rrggbb`` colour, 0 (black) to 1 (white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on_white(color: str, minimum: float = TEXT_CONTRAST) -> str:
    """``color`` itself when it reaches ``minimum`` against white, else the lightest darker shade that does."""
    if contrast_ratio(color, WHITE) >= minimum:
        return color.lower()
    r, g, b = _channels(color)
    for step in range(1, 101):
        keep = 1 - step / 100
        shade = "#{:02x}{:02x}{:02x}".format(round(r * keep), round(g * keep), round(b * keep))
        if contrast_ratio(shade, WHITE) >= minimum:
            return shade
    return BLACK


def text_on(color: str) -> str:
    """Black or white, whichever reads better on a ``color`` background."""
    return BLACK if contrast_ratio(color, BLACK) >= contrast_ratio(color, WHITE) else WHITE
