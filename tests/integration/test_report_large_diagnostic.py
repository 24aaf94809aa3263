"""A client with more teams than a diagnostic binds plans for gets a diagnostic that says where the plans are."""
from __future__ import annotations

import re
import subprocess

import pytest
from flask import Flask

from assessment.lookup import cycle_by_name
from assessment.rendering import diagnostic_pdf
from reports import organization


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", out)


def test_past_the_bound_the_diagnostic_holds_every_team_and_points_to_their_plans(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    teams = len(cycle.organization.teams)
    monkeypatch.setattr(organization, "MAX_BOUND_PLANS", teams - 1)   # Northwind stands in for a 150-team client
    text = _text(diagnostic_pdf(cycle))
    assert "Each team’s action plan" in text
    assert f"With {teams} teams, their action plans are not bound into this diagnostic" in text
    assert "alignment report batch" in text
    assert "Where to start" not in text.split("Each team’s action plan", 1)[1]   # no plan follows it
    for team in cycle.organization.teams:
        assert team.name in text   # every team's scores are still in the diagnostic
