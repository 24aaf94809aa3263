"""The trend on the results pages: the same index each earlier cycle's own page shows, dashes where withheld."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, Organization, Response, Team

PERIOD = "2026-Q3"


def _trend_table(page: str) -> tuple[list[str], list[str]]:
    section = page[page.index("Quarter after quarter"):]
    periods = re.findall(r'<th class="num">(\d{4}-Q\d)</th>', section.split("</thead>")[0])
    index_row = re.search(r"<th>Alignment index</th>(.*?)</tr>", section, re.S)
    assert index_row
    return periods, re.findall(r'<td class="num">(.*?)</td>', index_row.group(1), re.S)


def _index_on_page(page: str) -> str:
    match = re.search(r"<th>Alignment index</th>\s*<td class=\"num\"[^>]*><strong>(\d+)</strong>", page)
    assert match
    return match.group(1)


def test_the_organization_trend_repeats_each_cycles_own_index(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    periods, values = _trend_table(client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True))
    closed = sorted(p for (p,) in db.session.execute(
        db.select(Cycle.period).join(Organization).where(Organization.slug == "northwind", Cycle.period <= PERIOD,
                                                          Cycle.status.in_(["closed", "published"]))))
    assert periods == closed and len(periods) >= 2
    for period, value in zip(periods, values):
        assert value == _index_on_page(client.get(f"/results/northwind/{period}").get_data(as_text=True)), period


def test_a_team_trend_shows_a_dash_for_a_cycle_with_too_few_responses(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    cycles = db.session.execute(
        db.select(Cycle).join(Organization).where(Organization.slug == "northwind", Cycle.period <= PERIOD)
        .order_by(Cycle.period)).scalars().all()
    teams = db.session.execute(db.select(Team).join(Organization).where(Organization.slug == "northwind")).scalars()
    team = max(teams, key=lambda t: len(t.participants))  # shown in every other cycle
    earliest = cycles[0]
    # leave the team fewer than the minimum group in the earliest cycle
    responses = db.session.execute(db.select(Response).filter_by(cycle_id=earliest.id, team_id=team.id)).scalars().all()
    for response in responses[earliest.min_group_size - 1:]:
        db.session.delete(response)
    db.session.commit()
    page = client.get(f"/results/northwind/{PERIOD}/teams/{team.slug}").get_data(as_text=True)
    periods, values = _trend_table(page)
    assert periods[0] == earliest.period
    assert "suppressed" in values[0] and not re.search(r"\d", re.sub(r"<[^>]+>", "", values[0]))


def test_a_team_withheld_between_two_results_keeps_those_quarters_on_its_trend_chart(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """The chart joined the quarters on either side, as if neighbours; the table beside it had their dashes."""
    from assessment.documents import earlier_cycles
    from assessment.gate import group_result
    from assessment.lookup import cycle_by_name

    cycle = cycle_by_name("fabrikam/2026-Q3")
    cycles = [*earlier_cycles(cycle), cycle]
    shown = [group_result(c, "team", "channel-sales").scores is not None for c in cycles]
    first = shown.index(True)
    missing = [c.period for c, is_shown in zip(cycles[first:], shown[first:]) if not is_shown]
    assert missing, "the demo withholds Fabrikam's Channel Sales between two shown quarters"

    login(client, "admin")
    page = client.get("/results/fabrikam/2026-Q3/teams/channel-sales").get_data(as_text=True)
    chart = page[page.index("Quarter after quarter"):].split("</svg>")[0]
    assert all(c.period in chart for c in cycles[first:])
    assert chart.count("not shown") == len(missing)


def _line_segments(chart: str) -> list[tuple[float, float]]:
    """The x extent of each straight piece of the trend's line (the one path drawn 2 wide)."""
    segments = []
    for path in re.findall(r"<path [^>]*stroke-width=\"2\"[^>]*>", chart):
        points = re.findall(r"([ML]) ([\d.]+) [\d.]+", re.search(r'd="([^"]*)"', path).group(1))  # type: ignore[union-attr]
        segments += [(float(a), float(b)) for (_, a), (move, b) in zip(points, points[1:]) if move == "L"]
    return segments


def _tick_positions(chart: str) -> dict[str, float]:
    return {label: float(x) for x, label in re.findall(r'<text [^>]*x="([\d.]+)"[^>]*>(\d{4}-Q\d)</text>', chart)}


def test_a_quarter_without_a_survey_keeps_its_place_on_the_trend_table_and_chart(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """Northwind ran 2025-Q4, 2026-Q1 and 2026-Q3: Q1 and Q3 stood side by side as if neighbouring quarters."""
    from tests.integration.skipped_quarter import skip_a_quarter

    skip_a_quarter("northwind", "2026-Q2", "2026-Q3")
    login(client, "executive")
    page = client.get(f"/results/northwind/{PERIOD}").get_data(as_text=True)
    periods, values = _trend_table(page)
    assert periods == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert "no survey" in values[2] and all(re.search(r"\d", v) for i, v in enumerate(values) if i != 2)

    section = page[page.index("Quarter after quarter"):]
    chart = section.split("</svg>")[0]
    ticks = _tick_positions(chart)
    assert list(ticks) == periods and chart.count("no survey") == 1
    segments = _line_segments(chart)
    assert segments, "2025-Q4 and 2026-Q1 are neighbours, and joined"
    assert all(b <= ticks["2026-Q2"] for _, b in segments), (segments, ticks)  # nothing reaches 2026-Q3
    # The change beside the scores is still against the last survey, and the page says it spans the gap.
    assert "Change since <span class=\"nowrap\">2026-Q1</span>" in page
    assert "Changes on this page are against 2026-Q1, the last survey before 2026-Q3." in section
