"""The signed-in home page as an executive and a team lead read it: its title, and its headline's figures named."""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.web.test_home_headline import _headline, _index_row


def test_the_signed_in_home_page_is_titled_as_its_heading_reads(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Every signed-in reader's home page was titled "Alignment Health", as is every tab of the product."""
    assert "<title>Alignment Health</title>" in client.get("/").get_data(as_text=True)   # a visitor: the product
    for role in ("executive", "team_lead"):
        login(client, role)
        home = client.get("/").get_data(as_text=True)
        assert "<h1>Your organization</h1>" in home
        assert "<title>Your organization · Alignment Health</title>" in home, role


def test_the_headlines_place_in_the_benchmark_says_it_is_the_benchmarks(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Alone on the home page, without the results table's "Benchmark" column above it, "-7 vs median · lower-middle
    quartile" did not say of what."""
    login(client, "executive")
    _score, _change, benchmark = _index_row(client.get("/results/northwind/2026-Q3").get_data(as_text=True))
    headline = _headline(client.get("/").get_data(as_text=True), "Northwind Traders")
    assert f"Benchmark: {benchmark} (" in headline, headline
