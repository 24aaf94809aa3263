"""The home page: no organization data for visitors, demo accounts only in demo mode, each role its own clients."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.demo.accounts import DEMO_ACCOUNTS

ALL_DEMO_ORGS = ("Northwind Traders", "Contoso Analytics", "Fabrikam Robotics", "Tailspin Travel")


def test_a_visitor_sees_the_intro_sign_in_and_demo_accounts_but_no_organization(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Sign in" in html and "Answer the demo survey" in html
    for account in DEMO_ACCOUNTS:
        assert account.email in html and account.password in html
    assert "/results/" not in html
    for name in ALL_DEMO_ORGS:
        assert f"<h2>{name}" not in html


def test_outside_demo_mode_no_password_is_shown(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "DEMO_MODE", False)
    html = client.get("/").get_data(as_text=True)
    assert "Sign in" in html
    for account in DEMO_ACCOUNTS:
        assert account.password not in html
    assert "Answer the demo survey" not in html


@pytest.mark.parametrize(("role", "shown"), [
    ("admin", ALL_DEMO_ORGS),
    ("consultant", ("Northwind Traders", "Contoso Analytics")),
    ("executive", ("Northwind Traders",)),
    ("team_lead", ("Northwind Traders",)),
])
def test_signed_in_staff_see_only_their_organizations(client: FlaskClient, login, role: str, shown: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    login(client, role)
    html = client.get("/").get_data(as_text=True)
    for name in ALL_DEMO_ORGS:
        assert (f"<h2>{name}" in html) == (name in shown), name
    assert "demo-admin-password" not in html


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _first_links(html: str) -> list[tuple[str, str]]:
    """The page's links in order, after the top bar, as (address, visible text).

    Words only a screen reader hears (which organization a link is for, on a page of several) are left out.
    """
    main = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html[html.index("<main"):])
    return [(href, _text(text)) for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', main, re.S)]


def test_an_executive_lands_on_the_latest_results_before_anything_else(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Signed in, the page's first link is the newest published results; the product's pitch comes last."""
    login(client, "executive")
    html = client.get("/").get_data(as_text=True)
    assert _first_links(html)[0] == ("/results/northwind/2026-Q3", "Latest results: 2026-Q3")
    assert html.index("Latest results") < html.index("Sales and marketing alignment, measured every quarter")
    assert "<h1>Your organization</h1>" in html


def test_a_team_lead_lands_on_their_own_teams_latest_results_and_actions(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    html = client.get("/").get_data(as_text=True)
    first, second = _first_links(html)[:2]
    assert first == ("/results/northwind/2026-Q3/teams/channel-sales", "Channel Sales: 2026-Q3 results and actions")
    assert second == ("/results/northwind/2026-Q3", "Northwind Traders overall, 2026-Q3")
    assert client.get(first[0]).status_code == 200
