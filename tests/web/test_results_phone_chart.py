"""A results page draws its scores chart once; a phone fetches its own layout of it, through the same gate."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from assessment.operations.accounts import find_user

PERIOD = "2026-Q3"
ORGANIZATION = f"/results/northwind/{PERIOD}"


def _scores_figure(html: str) -> str:
    """The first chart of a page: its scores (the second is the index's trend)."""
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', html, re.S)
    assert figures, "the page has a scores chart"
    return figures[0]


def _phone_chart_address(html: str) -> str:
    found = re.search(r'class="chart-narrow" data-src="([^"]+)"', _scores_figure(html))
    assert found, "the page says where a phone finds its chart"
    return found.group(1)


def _lead_team() -> str:
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    return lead.team.slug


def test_a_results_page_draws_its_scores_chart_once_not_a_second_time_for_phones(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """Both layouts on every request cost some 60 ms a page, and a laptop showed only one of them."""
    login(client, "executive")
    for path in (ORGANIZATION, f"{ORGANIZATION}/teams/{_lead_team()}"):
        figure = _scores_figure(client.get(path).get_data(as_text=True))
        assert figure.count("<svg") == 1, path
        assert "Shared goals and strategy" in figure


def test_a_phone_fetches_the_chart_with_names_above_the_bars_and_keeps_it_until_the_figures_change(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    login(client, "executive")
    page = client.get(ORGANIZATION).get_data(as_text=True)
    address = _phone_chart_address(page)
    chart = client.get(address)
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    svg = chart.get_data(as_text=True)
    assert svg.startswith("<svg") and "Shared goals and strategy" in svg
    assert re.search(r'<svg[^>]* width="259\.2pt"', svg), "drawn 3.6 inches wide, a phone's layout"
    assert not re.search(r'\bid="(?!n)', svg), "its ids cannot clash with the page's own chart"
    again = client.get(address, headers={"If-None-Match": chart.headers["ETag"]})
    assert again.status_code == 304
    assert "private" in chart.headers["Cache-Control"]


def test_a_phone_chart_is_refused_to_whoever_may_not_read_the_page_and_for_a_withheld_group(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    anonymous = client.get(f"{ORGANIZATION}/scores-chart-phone.svg")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    login(client, "team_lead")
    own = f"{ORGANIZATION}/teams/{_lead_team()}/scores-chart-phone.svg"
    assert _phone_chart_address(client.get(own.rsplit("/", 1)[0]).get_data(as_text=True)) == own
    assert client.get(own).status_code == 200
    assert client.get(f"{ORGANIZATION}/scores-chart-phone.svg").status_code == 200  # the organization's figures
    assert client.get(f"{ORGANIZATION}/teams/key-accounts/scores-chart-phone.svg").status_code == 404
    login(client, "executive")
    for withheld in ("product-marketing", "brand-content"):  # too few responses; hidden to protect it
        assert client.get(f"{ORGANIZATION}/teams/{withheld}/scores-chart-phone.svg").status_code == 404, withheld
    assert client.get(f"/results/contoso/{PERIOD}/scores-chart-phone.svg").status_code == 404


def test_a_results_page_read_again_draws_none_of_its_charts_anew(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    """matplotlib drew the same scores and trend for every visit, some 70 ms of each team page; the figures
    have not changed, so neither has the drawing."""
    from assessment.results.charts import _drawn, _trend_drawn

    login(client, "team_lead")
    path = f"{ORGANIZATION}/teams/{_lead_team()}"
    first = client.get(path).get_data(as_text=True)
    drawn = (_drawn.cache_info().misses, _trend_drawn.cache_info().misses)
    again = client.get(path).get_data(as_text=True)
    assert (_drawn.cache_info().misses, _trend_drawn.cache_info().misses) == drawn
    assert re.findall(r"<svg.*?</svg>", again, re.S) == re.findall(r"<svg.*?</svg>", first, re.S)
