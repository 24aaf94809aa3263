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
    match = re.search(r"<th>Alignment index</th>\s*<td class=\"num\"><strong>(\d+)</strong>", page)
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
