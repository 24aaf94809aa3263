"""Which "Don't know" counts may be given is worked out for the cycles whose statements a page shows, and no others.

The home page shows every organization's index quarter after quarter and no statement: it works out none,
for none of its cycles. A results page works it out for the cycle it shows, whose statements it names.
"""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

import assessment.gate.view
from assessment.gate.figures import released_dont_knows


@pytest.fixture()
def releases(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of respondents of each cycle whose release is worked out, in the order asked."""
    asked: list[int] = []

    def counting(respondents, *args):  # type: ignore[no-untyped-def]
        asked.append(len(respondents.descriptors))
        return released_dont_knows(respondents, *args)

    monkeypatch.setattr(assessment.gate.view, "released_dont_knows", counting)
    return asked


def test_the_home_page_works_out_no_release(client: FlaskClient, login, releases: list[int]) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    assert "alignment index" in client.get("/").get_data(as_text=True)
    assert releases == []


def test_a_results_page_works_it_out_for_its_own_cycle_alone(client: FlaskClient, login, releases: list[int]) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    html = client.get("/results/northwind/2026-Q3").get_data(as_text=True)
    assert "Statements many could not judge" in html   # its earlier quarters show their index only
    assert len(releases) == 1
