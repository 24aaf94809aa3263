"""The diagnostic flows from page to page: no page but the last of a part is left half empty.

Northwind's diagnostic had pages a third to a half blank: sections, priorities and practices kept
whole went to the next page as one block. Read from WeasyPrint's laid-out pages (how far down each
page's content reaches), not from pixel positions; a part ends where the next team's plan starts on
a page of its own, or with the document.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import Box, LineBox, PageBox, ReplacedBox, TableRowBox

from reports.organization import Diagnostic, build_diagnostic
from reports.playbook import default_playbook
from reports.render import BundledAssetFetcher, Images, font_configuration
from reports.render_org import diagnostic_html
from tests.unit.test_reports_organization import organization_input
from tests.unit.test_reports_team_plan import CORE, group, make_input

HALF = 0.5


def laid_out_pages(html: str, images: Images) -> list[PageBox]:
    """WeasyPrint's pages of a report's HTML, its charts handed over in memory as when it is rendered."""
    document = HTML(string=html, base_url=None, url_fetcher=BundledAssetFetcher(images)).render(
        font_config=font_configuration())
    return [page._page_box for page in document.pages]


def _printed(box: Box) -> Iterator[Box]:
    """The boxes that put ink on the page: lines of text, images and charts, table rows."""
    for child in box.descendants():
        if isinstance(child, (LineBox, ReplacedBox, TableRowBox)):
            yield child


def filled(page: PageBox) -> float:
    """How far down the page's text area its content reaches, 0 (blank) to 1 (full)."""
    body = page.children[0]            # the html element; the running header and footer are margin boxes
    bottoms = [box.position_y + box.margin_height() for box in _printed(body)]
    return (max(bottoms, default=page.content_box_y()) - page.content_box_y()) / page.height


def classes_on(page: PageBox) -> set[str]:
    """The class names of every element with a box on the page."""
    return {name for box in page.children[0].descendants() if getattr(box, "element", None) is not None
            for name in (box.element.get("class") or "").split()}


def part_ends(pages: list[PageBox]) -> set[int]:
    """The pages after which a team's plan starts on a new page (its cover), and the last page."""
    return {number - 1 for number, page in enumerate(pages) if number and "cover" in classes_on(page)} | {len(pages) - 1}


def half_empty(pages: list[PageBox]) -> list[tuple[int, float]]:
    """(page number, share filled) of every page but a part's last that is filled less than half."""
    ends = part_ends(pages)
    return [(number + 1, round(filled(page), 2)) for number, page in enumerate(pages)
            if number not in ends and filled(page) < HALF]


def _blocks_of_lines(page: PageBox) -> list[tuple[Any, float, int]]:
    """(element, bottom, lines on this page) of every block of text on the page."""
    return [(box.element, box.position_y + box.margin_height(), len(box.children))
            for box in page.children[0].descendants()
            if box.children and all(isinstance(child, LineBox) for child in box.children)]


def alone_at_foot(pages: list[PageBox]) -> list[tuple[int, str]]:
    """(page number, what) where a page ends in a heading, or in the first line of a paragraph the next page goes on with."""
    found = []
    for number, (page, following) in enumerate(zip(pages, pages[1:]), start=1):
        lowest = max((box.position_y + box.margin_height() for box in _printed(page.children[0])), default=0.0)
        last = max(_blocks_of_lines(page), key=lambda block: block[1], default=None)
        if last is None or last[1] < lowest:
            continue                    # a table row or a chart ends the page
        element, _, lines = last
        goes_on = any(other is element for other, _, _ in _blocks_of_lines(following))
        if element.tag in ("h1", "h2", "h3", "h4"):
            found.append((number, f"heading {element.tag}"))
        elif goes_on and lines == 1:
            found.append((number, f"a single line of {element.tag}"))
    return found


@pytest.fixture(scope="module")
def northwind_like() -> Diagnostic:
    """The organization of the other diagnostic tests with eight teams, as many as Northwind's."""
    base = organization_input()
    more = tuple(make_input(team=f"Region {number}", slug=f"region-{number}",
                            scores=group(index=55 + number, **{**CORE, "culture": 50 + number}),
                            trend=(("2026-Q2", 50.0 + number), ("2026-Q3", 52.0), ("2026-Q4", 55.0 + number)))
                 for number in range(1, 6))
    return build_diagnostic(dataclasses.replace(base, teams=base.teams + more), default_playbook())


def test_no_page_of_the_diagnostic_is_left_half_empty_but_a_part_s_last(northwind_like: Diagnostic) -> None:
    images: Images = {}
    pages = laid_out_pages(diagnostic_html(northwind_like, images=images), images)
    assert half_empty(pages) == []


def test_the_measure_sees_a_half_empty_page() -> None:
    """The check itself: a page forced to break after a few lines counts as half empty."""
    html = ('<link rel="stylesheet" href="bundle:report.css"><p>One line.</p>'
            '<p style="break-before: page">Another.</p><p style="break-before: page">The last.</p>')
    pages = [p._page_box for p in HTML(string=html, url_fetcher=BundledAssetFetcher()).render().pages]
    assert [number for number, _ in half_empty(pages)] == [1, 2]       # the third is the last
    assert filled(pages[0]) < 0.1


def test_the_measure_sees_a_heading_or_a_single_line_alone_at_a_page_foot() -> None:
    """The check itself: a heading before a forced break, and a paragraph allowed to leave one line behind."""
    words = "The hand-off between the two teams is where leads are lost. " * 12
    html = ('<link rel="stylesheet" href="bundle:report.css">'
            '<p>Before.</p><h2>Alone</h2><p style="break-before: page">After.</p>'
            f'<div style="height: 240mm"></div><p style="orphans: 1">{words}</p>')
    pages = [p._page_box for p in HTML(string=html, url_fetcher=BundledAssetFetcher()).render().pages]
    assert alone_at_foot(pages) == [(1, "heading h2"), (2, "a single line of p")]
