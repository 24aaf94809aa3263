"""The home page: no organization data for visitors, demo accounts only in demo mode, each role its own clients."""
from __future__ import annotations

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
        assert f"<h3>{name}" not in html


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
        assert (f"<h3>{name}" in html) == (name in shown), name
    assert "demo-admin-password" not in html
