"""Charts come out as inline SVG with real text, shapes for B/W, and escaped labels."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from reports.charts import ChartBar, score_bar_chart, trend_chart, trend_scale
from reports.org_charts import GapBar, gap_chart
from scoring.results import Interval

SVG = "{http://www.w3.org/2000/svg}"
BARS = [
    ChartBar("Alignment index", 62, Interval(55, 69), emphasis=True),
    ChartBar("Shared goals and strategy", 78, Interval(70, 86), benchmark=66, previous=75),
    ChartBar("Information sharing and communication", 48.4, Interval(40, 56), benchmark=60),
    ChartBar("Lead hand-off", None),
]


def _texts(markup: str) -> list[str]:
    root = ET.fromstring(markup)
    return ["".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")]


def test_bar_chart_is_inline_svg_without_prolog() -> None:
    markup = score_bar_chart(BARS)
    assert markup.startswith("<svg ") and "<?xml" not in markup and "<!DOCTYPE" not in markup
    root = ET.fromstring(markup)
    assert root.get("role") == "img" and root.get("aria-label")


def test_chart_markup_needs_no_css_and_repeats_no_ids() -> None:
    markup = score_bar_chart(BARS) + trend_chart([("2026-Q3", 59), ("2026-Q4", 62)])
    assert " style=" not in markup and "<style" not in markup
    ids = re.findall(r' id="([^"]+)"', markup)
    definitions = re.findall(r'<(?:clipPath|pattern|path) id="([^"]+)"', markup)
    assert sorted(ids) == sorted(definitions)     # only referenced definitions keep an id


def test_bar_chart_writes_labels_and_values_as_text() -> None:
    texts = _texts(score_bar_chart(BARS, missing_note="not shown: fewer than 5 responses"))
    assert {"62", "78", "48"} <= set(texts)
    assert "Alignment index" in texts and "Lead hand-off" in texts
    assert "not shown: fewer than 5 responses" in texts
    assert "Benchmark median" in texts and "Previous period" in texts


def test_bar_chart_tells_series_apart_without_colour() -> None:
    markup = score_bar_chart(BARS)
    assert "<pattern" in markup                 # the index bar is hatched
    plain = score_bar_chart([ChartBar("Culture", 50)])
    assert "<pattern" not in plain
    assert "Benchmark median" not in _texts(plain)


def test_bar_chart_labels_are_text_not_markup_or_math() -> None:
    markup = score_bar_chart([ChartBar('<script>alert(1)</script> $5M & "co"', 40)])
    assert "<script" not in markup
    assert '<script>alert(1)</script> $5M & "co"' in " ".join(_texts(markup))


def test_bar_chart_is_deterministic() -> None:
    assert score_bar_chart(BARS) == score_bar_chart(BARS)


def test_trend_chart_shows_each_period_and_value() -> None:
    texts = _texts(trend_chart([("2026-Q2", 55), ("2026-Q3", 59.2), ("2026-Q4", 62)]))
    assert {"2026-Q2", "2026-Q3", "2026-Q4", "55", "59", "62"} <= set(texts)


def test_a_trend_charts_scale_drawn_alone_lies_exactly_over_the_charts_own() -> None:
    """A phone's page lays the scale over the scrolled chart: the same size, its labels where the chart has them,
    and nothing of the line or the periods."""
    def placed(markup: str) -> dict[str, tuple[str | None, ...]]:
        root = ET.fromstring(markup)
        return {"size": (root.get("width"), root.get("height")),
                **{"".join(t.itertext()): (t.get("x"), t.get("y")) for t in root.iter(f"{SVG}text")}}

    chart, scale = placed(trend_chart([("2026-Q2", 55), ("2026-Q3", 59.2)])), placed(trend_scale())
    assert set(scale) == {"size", "0", "50", "100", "Alignment index (0-100)"}
    assert {key: chart[key] for key in scale} == scale


def test_heatmap_rows_of_long_team_names_stay_told_apart() -> None:
    """Cut to one line, both rows read 'Enterprise Sales North [...]': which one is hatched?"""
    from reports.org_charts import heatmap_chart

    markup = heatmap_chart([("Enterprise Sales North America East", [50.0, 60.0]),
                            ("Enterprise Sales North America West", [None, 70.0])],
                           ["Alignment index", "Shared goals and strategy"])
    texts = _texts(markup)
    assert texts.count("Enterprise Sales North America") == 2
    assert "East" in texts and "West" in texts and not any("[...]" in t for t in texts)


DIGIT_WIDTH = 0.64   # DejaVu Sans digits, in ems


def _value_label_spans(markup: str) -> list[tuple[str, float, float, float]]:
    """(text, left, right, baseline) of each number printed on a chart, in the SVG's units."""
    root = ET.fromstring(markup)
    spans = []
    for node in root.iter(f"{SVG}text"):
        text = "".join(node.itertext()).strip()
        if not text.isdigit():
            continue
        x, size = float(node.get("x", 0)), float(node.get("font-size", "8px").rstrip("px"))
        width = DIGIT_WIDTH * size * len(text)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor", "start")]
        spans.append((text, left, left + width, float(node.get("y", 0))))
    return spans


def test_a_gap_charts_values_at_the_ends_of_the_scale_stay_on_the_chart_and_off_the_names() -> None:
    """Beside its mark, a sales score of 100 ran off the chart's right edge and a 0 into the dimension's name."""
    markup = gap_chart([GapBar("Shared goals and strategy", 100, 96), GapBar("Culture and mutual respect", 3, 0)])
    width = float(ET.fromstring(markup).get("viewBox", "").split()[2])
    spans = _value_label_spans(markup)
    ticks_at = max(baseline for *_, baseline in spans)                  # the axis's 0, 25 ... 100, lowest
    axis_zero = next(left for text, left, _, baseline in spans if text == "0" and baseline == ticks_at)
    values = [(text, left, right) for text, left, right, baseline in spans if baseline < ticks_at]
    assert {text for text, _, _ in values} == {"100", "96", "3", "0"}
    assert all(right <= width for _, _, right in values)
    assert all(left >= axis_zero - 0.5 for _, left, _ in values)        # none reaches into the names


def test_a_sales_dot_next_to_a_marketing_square_is_drawn_over_it_not_under() -> None:
    """At 59 against 60 the white marketing square, painted last, hid the sales dot: one mark for two scores."""
    markup = gap_chart([GapBar("Information sharing and communication", 59, 60)])
    legend = markup.index(">Sales<")
    square = markup.index('<path fill="#ffffff"')                       # the open square, white inside
    dot = markup.index('<path fill="#222222" stroke="#222222" d="M')      # the filled circle
    assert square < dot < legend, "later in an SVG is painted on top"


def test_the_phone_layout_is_narrow_and_names_every_bar_above_it_with_its_score() -> None:
    wide, narrow = (ET.fromstring(score_bar_chart(BARS, narrow=flag)) for flag in (False, True))
    width = {name: float(root.get("width", "").removesuffix("pt")) for name, root in (("wide", wide), ("narrow", narrow))}
    assert width["narrow"] <= 3.6 * 72 < width["wide"]    # points: it fits a phone at its own size
    texts = _texts(ET.tostring(narrow, encoding="unicode"))
    for expected in ("Alignment index", "Shared goals and strategy", "Information sharing and communication",
                     "62", "78", "48", "not shown", "100"):
        assert expected in texts, expected

    def name_of(root: ET.Element) -> ET.Element:
        return next(n for n in root.iter(f"{SVG}text") if "".join(n.itertext()).strip() == "Shared goals and strategy")

    # Beside the bars, a name ends where they begin; above them, it starts at the left edge with them.
    assert name_of(wide).get("text-anchor") == "end" and name_of(narrow).get("text-anchor") == "start"
    assert float(name_of(narrow).get("x", "")) < float(name_of(wide).get("x", "")) / 3


def _period_positions(markup: str) -> dict[str, float]:
    root = ET.fromstring(markup)
    return {"".join(n.itertext()): float(n.get("x", "nan")) for n in root.iter(f"{SVG}text")
            if re.fullmatch(r"\d{4}-Q\d", "".join(n.itertext()))}


def _line_segments(markup: str, stroke: str) -> list[tuple[float, float]]:
    """The x extent of every solid straight segment drawn in ``stroke``."""
    segments = []
    for path in ET.fromstring(markup).iter(f"{SVG}path"):
        if path.get("stroke") != stroke or path.get("stroke-dasharray"):
            continue
        points = re.findall(r"([ML]) ([\d.]+) [\d.]+", path.get("d", ""))
        segments += [(float(a), float(b)) for (_, a), (move, b) in zip(points, points[1:]) if move == "L"]
    return segments


def test_a_trend_keeps_every_period_on_its_axis_and_breaks_its_line_where_a_period_has_no_result() -> None:
    """Channel Sales was shown in 2025-Q4 and 2026-Q3 only: drawn as two neighbouring points joined by a
    line, the chart read as if 2026-Q3 came right after 2025-Q4."""
    markup = trend_chart([("2025-Q4", 70), ("2026-Q1", None), ("2026-Q2", None), ("2026-Q3", 73),
                          ("2026-Q4", 75)], accent="#1f5f8b")
    positions = _period_positions(markup)
    assert list(positions) == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    step = positions["2026-Q1"] - positions["2025-Q4"]
    assert step > 0
    segments = _line_segments(markup, "#1f5f8b")
    assert segments, "the neighbouring results 2026-Q3 and 2026-Q4 are joined"
    assert all(abs(b - a) <= step + 0.5 for a, b in segments), (segments, positions)
    texts = _texts(markup)
    assert {"70", "73", "75"} <= set(texts) and texts.count("not shown") == 2


def test_a_quarter_without_a_survey_keeps_its_place_on_the_trend_marked_no_survey_and_unjoined() -> None:
    """Cycles ran in 2026-Q1, Q2 and Q4: drawn from them alone, Q2 and Q4 stood side by side as neighbours."""
    markup = trend_chart([("2026-Q1", 60), ("2026-Q2", 64), ("2026-Q4", 70)], accent="#1f5f8b")
    positions = _period_positions(markup)
    assert list(positions) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    steps = [b - a for a, b in zip(list(positions.values()), list(positions.values())[1:])]
    assert max(steps) - min(steps) < 0.5, positions  # evenly spaced: Q3 holds a quarter's room
    segments = _line_segments(markup, "#1f5f8b")
    assert segments, "2026-Q1 and 2026-Q2 are neighbours, and joined"
    assert all(b <= positions["2026-Q3"] for _, b in segments), (segments, positions)  # nothing reaches Q4
    texts = _texts(markup)
    assert texts.count("no survey") == 1 and "not shown" not in texts and "70" in texts


def test_a_withheld_period_and_a_skipped_one_say_different_things() -> None:
    texts = _texts(trend_chart([("2025-Q4", 55), ("2026-Q1", None), ("2026-Q3", 62)]))
    assert texts.count("not shown") == 1 and texts.count("no survey") == 1


def test_periods_of_two_schemes_are_drawn_as_they_are() -> None:
    """From quarters to halves, which period comes next is not defined: nothing is put in."""
    texts = _texts(trend_chart([("2025-Q3", 55), ("2026-H1", 60), ("2026-H2", 62)]))
    assert [t for t in texts if re.fullmatch(r"\d{4}-[QH]\d", t)] == ["2025-Q3", "2026-H1", "2026-H2"]
    assert "no survey" not in texts


def _placed(markup: str, pattern: str) -> list[tuple[float, float, str]]:
    """(centre x, width, text) of the chart's texts matching ``pattern``, widths measured with the font itself."""
    from PIL import ImageFont
    from matplotlib import font_manager

    placed = []
    for node in ET.fromstring(markup).iter(f"{SVG}text"):
        text = "".join(node.itertext()).strip()
        if re.fullmatch(pattern, text) and node.get("text-anchor") == "middle":   # not the axis's 0, 50, 100
            bold = "bold" in (node.get("font-weight") or "") or "bold" in (node.get("style") or "")
            font = ImageFont.truetype(font_manager.findfont(f"DejaVu Sans:{'bold' if bold else 'normal'}"), 100)
            size = float(re.sub(r"[^\d.]", "", node.get("font-size") or "0"))
            placed.append((float(node.get("x") or 0), font.getlength(text) * size / 100, text))
    return sorted(placed)


def _overlapping(placed: list[tuple[float, float, str]]) -> list[tuple[str, str]]:
    return [(a[2], b[2]) for a, b in zip(placed, placed[1:]) if b[0] - a[0] < (a[1] + b[1]) / 2 + 2]


@pytest.mark.parametrize(("count", "scheme"), [(8, "quarter"), (12, "quarter"), (20, "quarter"), (40, "quarter"),
                                               (24, "month")])
def test_a_long_trend_names_its_periods_without_running_them_together(count: int, scheme: str) -> None:
    """Four years of quarters ran twenty labels into one unreadable line; every label now stands clear of the
    next, the newest period is always named, a short trend names every period, and a score is written over
    every point while there is room for it."""
    periods = [f"{2022 + i // 4}-Q{i % 4 + 1}" if scheme == "quarter" else f"{2025 + i // 12}-{i % 12 + 1:02d}"
               for i in range(count)]
    markup = trend_chart([(period, 40.0 + (i * 7) % 30) for i, period in enumerate(periods)])
    names = _placed(markup, r"\d{4}-(Q\d|\d\d)")
    scores = _placed(markup, r"\d\d")
    assert _overlapping(names) == [] and _overlapping(scores) == []
    assert names[-1][2] == periods[-1]
    if count <= 8:
        assert [name for _, _, name in names] == periods
    if count <= 20:
        assert len(scores) == count
    assert len(names) >= min(count, 6)
