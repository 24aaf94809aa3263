"""The home page's headline: the newest alignment index each reader follows, as their results pages give it."""
from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.models import Cycle, Organization, Team, User
from assessment.operations.cycles import close_cycle


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").replace(" .", ".").strip()


def _headline(home: str, name: str) -> str:
    """The words of the headline block that names ``name``."""
    blocks = re.findall(r'<div class="index-headline">(.*?)</div>', home, re.S)
    found = [_text(block) for block in blocks if _text(block).startswith(f"{name}: alignment index")]
    assert len(found) == 1, f"no single headline for {name}: {[_text(b)[:60] for b in blocks]}"
    return found[0]


def _index_row(results_page: str) -> tuple[str, str, str]:
    """Score, change and benchmark position of the results page's "Alignment index" row."""
    row = re.search(r"<tr><th>Alignment index</th>(.*?)</tr>", results_page, re.S)
    assert row, "the results page has no index row"
    cells = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    score, _interval, _favorable, change, benchmark, _n = cells
    return score, change, benchmark


def _trend_index(results_page: str) -> dict[str, str]:
    """The results page's "Quarter after quarter" index row, by period."""
    table = re.search(r'<table class="scores trend">(.*?)</table>', results_page, re.S)
    assert table, "the results page has no trend table"
    periods = [_text(p) for p in re.findall(r'<th class="num">(.*?)</th>', table.group(1))]
    row = re.search(r"<tr><th>Alignment index</th>(.*?)</tr>", table.group(1), re.S)
    values = [_text(v) for v in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]  # type: ignore[union-attr]
    return dict(zip(periods, values))


def test_an_executive_sees_the_index_change_and_benchmark_that_the_results_page_gives(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    home = client.get("/").get_data(as_text=True)
    results = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    score, change, benchmark = _index_row(results)
    headline = _headline(home, "Northwind Traders")

    assert headline.startswith(f"Northwind Traders: alignment index, 2026-Q3 {score} of 100 {change} since 2026-Q2")
    assert benchmark in headline
    assert "Synthetic demo pool, 8 organizations, as of" in headline  # the set is named with its size and date
    # Before the links: the figure is what an executive comes for.
    assert home.index('class="index-headline"') < home.index("Latest results: 2026-Q3")


def test_the_headline_gives_each_surveys_index_as_the_trend_table_does(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    home = client.get("/").get_data(as_text=True)
    trend = _trend_index(client.get("/results/northwind/2026-Q3").get_data(as_text=True))

    survey_by_survey = _headline(home, "Northwind Traders").split("Survey by survey: ")[1]
    assert survey_by_survey == " · ".join(f"{period} {value}" for period, value in trend.items())


def test_a_team_lead_sees_their_team_first_then_the_organization(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    home = client.get("/").get_data(as_text=True)
    team_page = client.get("/results/northwind/2026-Q3/teams/channel-sales").get_data(as_text=True)
    score, change, _ = _index_row(team_page)

    team, organization = _headline(home, "Channel Sales"), _headline(home, "Northwind Traders")
    assert team.startswith(f"Channel Sales: alignment index, 2026-Q3 {score} of 100 {change} since 2026-Q2")
    assert home.index(team.split(":")[0] + ": alignment index") < home.index("Northwind Traders: alignment index")
    assert organization.startswith("Northwind Traders: alignment index, 2026-Q3")


def test_a_team_too_small_to_report_gets_no_figure_on_the_home_page_either(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Product Marketing has four people: its lead reads that it is not shown, never a number."""
    lead = db.session.execute(db.select(User).filter_by(email="lead@demo.example")).scalar_one()
    small = db.session.execute(
        db.select(Team).filter_by(organization_id=lead.organization_id, slug="product-marketing")).scalar_one()
    lead.team_id = small.id
    db.session.commit()
    login(client, "team_lead")
    home = client.get("/").get_data(as_text=True)

    headline = _headline(home, "Product Marketing")
    assert headline == "Product Marketing: alignment index, 2026-Q3 Not shown: fewer than 5 responses."
    assert "Northwind Traders: alignment index, 2026-Q3" in _text(home)


def test_a_closed_cycle_heads_the_consultants_home_before_the_executives(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The consultant reviews a closed cycle's figures first; the client's executives see them once published."""
    org = db.session.execute(db.select(Organization).filter_by(slug="northwind")).scalar_one()
    close_cycle(db.session.execute(db.select(Cycle).filter_by(organization_id=org.id, period="2026-Q4")).scalar_one())
    db.session.commit()

    login(client, "consultant")
    assert _headline(client.get("/").get_data(as_text=True), "Northwind Traders").startswith(
        "Northwind Traders: alignment index, 2026-Q4")
    client.post("/auth/logout")
    login(client, "executive")
    assert _headline(client.get("/").get_data(as_text=True), "Northwind Traders").startswith(
        "Northwind Traders: alignment index, 2026-Q3")


def test_an_organization_with_nothing_closed_shows_no_headline(app: Flask, client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    from assessment.operations.organizations import create_organization

    create_organization("Fresh Client", "fresh")
    db.session.commit()
    login(client, "admin")
    home = client.get("/").get_data(as_text=True)
    assert "Fresh Client: alignment index" not in _text(home)
    assert "Northwind Traders: alignment index" in _text(home)


def test_the_headline_reads_only_the_surveys_it_shows(app: Flask) -> None:
    """The row of figures gives the newest five surveys: it read every earlier cycle through the gate, one view of
    all its responses each, however long the client's history."""
    from flask import g

    from assessment.gate.view import forget_views
    from assessment.lookup import cycle_by_name
    from assessment.results.context import scores_by_period

    cycle = cycle_by_name("northwind/2026-Q3")
    everything = scores_by_period(cycle, "organization", "all")
    assert len(everything) == 4
    forget_views()
    newest = scores_by_period(cycle, "organization", "all", newest=2)
    assert list(newest) == list(everything)[-2:] == ["2026-Q2", "2026-Q3"]
    assert [s.index.score for s in newest.values()] == [everything[p].index.score for p in newest]  # type: ignore[union-attr]
    assert len(g.get("gate_cycle_views", {})) == 2      # the two cycles' views, and no others


def test_a_team_withheld_in_the_newest_survey_keeps_its_earlier_ones_on_the_home_page(
    app: Flask, client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """The demo's 2026-Q4, closed with half of Northwind's answers in, withholds Channel Sales: its lead lost the
    whole survey-by-survey line with it, though every earlier quarter is still shown on the team's page."""
    import datetime as dt

    from assessment.lookup import cycle_by_name
    from assessment.operations.cycles import publish_cycle

    cycle = cycle_by_name("northwind/2026-Q4")
    close_cycle(cycle)
    publish_cycle(cycle, dt.date(2026, 11, 25), "consultant@demo.example")
    db.session.commit()
    login(client, "team_lead")
    home = client.get("/").get_data(as_text=True)
    earlier = _trend_index(client.get("/results/northwind/2026-Q3/teams/channel-sales").get_data(as_text=True))

    headline = _headline(home, "Channel Sales")
    assert headline.startswith("Channel Sales: alignment index, 2026-Q4 Not shown: ")
    shown = " · ".join(f"{period} {value}" for period, value in list(earlier.items())[-4:])
    assert headline.endswith(f"Survey by survey: {shown} · 2026-Q4 not shown")


def test_both_headlines_stand_against_one_median_as_printed(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Each distance to the benchmark's median is the printed index minus the median rounded: Channel Sales' 62
    read "+2" (62.4 against 60.7), implying a median of 60, beside Northwind's 54 "-7", implying 61."""
    login(client, "team_lead")
    home = client.get("/").get_data(as_text=True)
    implied = set()
    for name in ("Channel Sales", "Northwind Traders"):
        found = re.search(r"2026-Q3 (\d+) of 100 .*?([+-]\d+|±0) vs median", _headline(home, name))
        assert found, name
        implied.add(int(found.group(1)) - int(found.group(2).replace("±", "")))
    assert len(implied) == 1, implied
    assert "2026-Q3 62 of 100" in _headline(home, "Channel Sales") and "+1 vs median" in _headline(home, "Channel Sales")
