"""Where things land on the printed page: lines a reader fills in, the running header.

Read back with pdftotext -layout (which keeps each printed line on one text
line) or -bbox (word positions in points), not from the HTML.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
from matplotlib.image import imread

from reports.inputs import Benchmark, BenchmarkPosition, Branding, Commitment
from reports.playbook import default_playbook
from reports.render import html_to_pdf, render_team_plan
from reports.team_plan import build_team_plan
from tests.unit.test_reports_render import flat, plan_input


def _layout(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def test_a_written_due_date_stays_on_one_line_beside_a_long_practice_and_owner() -> None:
    first = build_team_plan(plan_input(), default_playbook()).priorities[0]
    assert len(first.practices) > 1          # so the line names the practice chosen too
    taken = Commitment(first.practices[1].id, first.practices[1].title + " with both teams every month",
                       owner="Head of sales development and marketing", due="30 September 2026")
    plan = build_team_plan(plan_input(commitments=(taken,)), default_playbook())
    line = next(line for line in _layout(render_team_plan(plan)).splitlines() if "Due date" in line
                and "30" in line)
    assert "30 September 2026" in line


def _first_rule_row(pdf: bytes, folder: Path) -> int:
    """The first pixel row of page 1 (at 72 dpi: one pixel a point) that a line crosses most of the width."""
    path = folder / "page.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "72", "-f", "1", "-l", "1", str(path), str(folder / "p")],
                   check=True)
    image = imread(next(folder.glob("p-*.png")))
    grey = image[..., 0] if image.ndim == 3 else image
    inked = (grey < 0.9).mean(axis=1)
    return int(np.argmax(inked > 0.6))


def _word_bottoms(pdf: bytes, *words: str) -> list[float]:
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf,
                           capture_output=True, check=True).stdout.decode()
    found = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', boxes)
    return [float(bottom) for bottom, text in found if text in words]


def test_a_prepared_by_of_two_lines_stays_above_the_header_rule(tmp_path: Path) -> None:
    branding = Branding("#7a3b69", consultancy_name="Meridian Revenue Advisory Partners International LLP")
    pdf = render_team_plan(build_team_plan(plan_input(branding=branding), default_playbook()))
    rule = _first_rule_row(pdf, tmp_path)
    bottoms = _word_bottoms(pdf, "Prepared", "LLP")
    assert len(bottoms) == 2 and bottoms[1] > bottoms[0] + 3      # it does take two lines
    assert 0 < rule and all(bottom < rule for bottom in bottoms), (bottoms, rule)


A4_WIDTH, RIGHT_MARGIN = 595.28, 18 / 25.4 * 72


def _words(pdf: bytes) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of every word on every page, in points."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)
    return [(float(left), float(right), text) for left, right, text in found]


def _plan_with_every_column() -> bytes:
    """A plan whose results table has all seven columns, with the longest ranks and quartiles it prints."""
    positions = {"index": BenchmarkPosition(95, 12, "top quartile", 50, beyond=90),
                 "shared_goals": BenchmarkPosition(96, 14, "top quartile", 55, beyond=90),
                 "information_sharing": BenchmarkPosition(40, -3, "lower-middle quartile", 60),
                 "culture": BenchmarkPosition(62, 3, "upper-middle quartile", 55)}
    inp = plan_input(benchmark=Benchmark("B2B software 2026", "Panel", "2026-06", 48, positions),
                     previous=plan_input().scores, previous_period="2026-Q3")
    return render_team_plan(build_team_plan(inp, default_playbook()))


def test_the_percentile_column_stays_inside_the_page_whatever_rank_and_quartile_it_prints() -> None:
    """'lower-middle quartile' and 'above the 90th' ran past the right margin, off the table's rules."""
    words = _words(_plan_with_every_column())
    assert any(text == "lower-middle" for _, _, text in words) and any(text == "90th" for _, _, text in words)
    past = [(text, right) for _, right, text in words if right > A4_WIDTH - RIGHT_MARGIN + 0.5]
    assert not past


def test_the_results_tables_column_headings_stand_apart() -> None:
    """'FAVORABLE RESPONSES' ran together as if one heading."""
    words = _words(_plan_with_every_column())
    favorable = next(right for _, right, text in words if text == "FAVORABLE")
    responses = next(left for left, _, text in words if text == "RESPONSES")
    assert responses - favorable >= 8, (favorable, responses)


REASON = ("Shared goals and strategy scores 40/100, the second lowest of your six dimensions; it sits in the bottom "
          "quartile of the benchmark (below the 10th percentile) and it is the second strongest driver of working as "
          "one team across Northwind Traders, which counts for much of what the dimensions explain in this survey, "
          "so it comes first in this plan whatever its place among the scores of the team this quarter.")


def test_a_priority_s_reason_is_never_split_from_its_heading_by_a_page_break() -> None:
    """Near a page's foot, the heading and two lines of why stood alone; the rest and the practices went over."""
    for space in range(220, 245, 4):          # millimetres above the priority: its foot lands all over the page
        html = ('<link rel="stylesheet" href="bundle:report.css"><div style="height:%dmm"></div>'
                '<section class="priority"><h3><span class="rank">1</span>Shared goals and strategy</h3>'
                '<p class="reason">%s</p><div class="practice"><h4>A practice</h4>%s</div></section>'
                % (space, REASON, "<p>A step.</p>" * 12))
        pages = [flat(page) for page in _layout(html_to_pdf(html)).split("\f")]
        holding = [i for i, page in enumerate(pages)
                   if any(words in page for words in ("Shared goals and strategy", "second lowest", "this quarter."))]
        assert len(holding) == 1, (space, holding)


def _first_word(pdf: bytes, word: str) -> tuple[int, float, float, float, float]:
    """(page, xMin, yMin, xMax, yMax) in points of the first ``word`` in the document."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return next(
        (number, float(x0), float(y0), float(x1), float(y1))
        for number, text in enumerate(boxes.split("<page ")[1:], start=1)
        for x0, y0, x1, y1, found in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', text)
        if found == word)


def _inked_columns(pdf: bytes, page: int, top: float, bottom: float, folder: Path) -> np.ndarray:
    """The x (points, half a point apart) of every column with ink between two heights of a page."""
    path = folder / "plan.pdf"
    path.write_bytes(pdf)
    for old in folder.glob("c-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "144", "-f", str(page), "-l", str(page), str(path),
                    str(folder / "c")], check=True)
    image = imread(next(folder.glob("c-*.png")))
    grey = image[..., 0] if image.ndim == 3 else image
    return np.nonzero((grey[int(top * 2): int(bottom * 2)] < 0.6).any(axis=0))[0] / 2


def _ink_gap_before(pdf: bytes, word: str, folder: Path) -> float:
    """Points of blank paper between the first label ``word`` and the nearest ink to its left on its line."""
    page, left, top, _, bottom = _first_word(pdf, word)
    inked = _inked_columns(pdf, page, top, bottom + 4, folder)     # the label's line, its rule included
    return left - inked[inked < left - 0.5].max()


def test_each_label_of_the_commitment_line_stands_clear_of_the_blank_before_it(tmp_path: Path) -> None:
    """'Practice chosen ______Owner ______Due date': each rule ran into the next label."""
    plan = build_team_plan(plan_input(), default_playbook())
    assert len(plan.priorities[0].practices) > 1        # so the line carries all three labels
    pdf = render_team_plan(plan)
    for label in ("Owner", "Due"):
        assert _ink_gap_before(pdf, label, tmp_path) >= 6, label


def test_the_lowest_scores_column_keeps_inside_the_right_margin(tmp_path: Path) -> None:
    """The rule above "Lowest scores" ran 6 mm past the margin: each column's padding came on top of its half."""
    pdf = render_team_plan(build_team_plan(plan_input(), default_playbook()))
    page, _, top, _, _ = _first_word(pdf, "Lowest")
    inked = _inked_columns(pdf, page, top - 12, top, tmp_path)      # the heading's rule, above its words
    assert inked.size and inked.max() <= A4_WIDTH - RIGHT_MARGIN + 0.5, inked.max()
