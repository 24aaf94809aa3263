"""A results page's charts stay visible on white whatever accent the client's brand has."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Organization
from reports.colors import GRAPHIC_CONTRAST, contrast_ratio

PAGE = "/results/northwind/2026-Q3"
PALE_YELLOW = "#f2d600"   # 1.5:1 on white: a fine brand colour for a rule, not for a bar


def _chart_colours(html: str, expected: int = 2) -> set[str]:
    """Every colour the page's charts draw with (bars' fills, lines' strokes), but the shared ink, grid and white.

    A fill on an open path (a whisker's cap) paints nothing and is left out.
    """
    charts = re.findall(r'<figure class="chart"[^>]*>(.*?)</figure>', html, re.S)
    assert len(charts) == expected, "on a page, the scores' bars and the index's trend"
    painted: set[str] = set()
    for chart in charts:
        for tag in re.findall(r"<(?:path|rect|circle|polygon|use)\b[^>]*>", chart):
            painted.update(c.lower() for c in re.findall(r'stroke="(#[0-9a-fA-F]{6})"', tag))
            closed = not tag.startswith("<path") or re.search(r'\bd="[^"]*z\s*"', tag)
            painted.update(c.lower() for c in re.findall(r'\bfill="(#[0-9a-fA-F]{6})"', tag) if closed)
    return painted - {"#222222", "#d0d0d0", "#ffffff"}


def test_a_pale_brand_accent_is_darkened_in_the_charts_until_bars_and_lines_stand_out(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    northwind = db.session.execute(db.select(Organization).filter_by(slug="northwind")).scalar_one()
    northwind.accent_color = PALE_YELLOW
    db.session.commit()
    login(client, "executive")
    page = client.get(PAGE).get_data(as_text=True)
    phone = re.search(r'class="chart-narrow" data-src="([^"]+)"', page)
    assert phone, "the page says where a phone finds its chart"
    phone_chart = client.get(phone.group(1)).get_data(as_text=True)  # the same figures, drawn for a phone
    colours = _chart_colours(page) | _chart_colours(f'<figure class="chart">{phone_chart}</figure>', expected=1)
    assert PALE_YELLOW not in colours
    weak = {c: round(contrast_ratio(c, "#ffffff"), 2) for c in colours if contrast_ratio(c, "#ffffff") < GRAPHIC_CONTRAST}
    assert weak == {}
    # Still the brand's hue, only darker: red and green above blue, as in the yellow.
    assert len(colours) == 1, colours
    accent = colours.pop()
    red, green, blue = (int(accent[i:i + 2], 16) for i in (1, 3, 5))
    assert red > blue and green > blue
