"""The console's page of an open cycle counts answers per team without deciding every filtered group first.

With 150 teams and three roster attributes an open cycle has some 15,000 groups (team x role x tenure x
region...); the page's response-rate table needs only the organization and its teams, yet waited for the gate to
decide them all: four minutes for 2,372 answers, past any proxy's timeout. The anonymity gate decides
groups greedily in priority order, so the organization's and the teams' decisions are exactly those of the full
audit, taken alone.
"""
from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from assessment.extensions import db
from assessment.gate.family import (
    PARTITION_SHAPES, candidates, released_partitions, released_scores, shapes,
)
from assessment.gate.view import cycle_view
from assessment.models import Cycle, CycleStatus, Organization

ORG = "northwind"


def _open_cycle() -> Cycle:
    return db.session.execute(
        db.select(Cycle).join(Organization).where(Organization.slug == ORG, Cycle.status == CycleStatus.open)
    ).scalar_one()


def _rate_rows(page: str) -> list[list[str]]:
    table = page.split('id="rate-heading"')[1].split("</table>")[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_the_open_cycle_page_shows_its_rates_without_the_full_audit(
    client: FlaskClient, login  # type: ignore[no-untyped-def]
) -> None:
    cycle = _open_cycle()
    login(client, "consultant")
    released_scores.cache_clear()
    page = client.get(f"/manage/{ORG}/{cycle.period}").get_data(as_text=True)
    assert released_scores.cache_info().misses == 0, "the page decided every filtered group"
    rows = _rate_rows(page)
    assert rows[0][0] == "Whole organization" and len(rows) > 3
    # What it shows is what the full audit would release: the same teams answered, the same withheld.
    view = cycle_view(_open_cycle())
    assert view.shown_partitions == {g for g in view.shown if len(g) <= 2 and {k for k, _ in g} <= {"function", "team"}}


def test_the_partitions_are_decided_as_the_full_audit_decides_them(app: Flask) -> None:
    """On the demo's every cycle, open or closed: the first shapes alone, the same decisions."""
    cycles = db.session.execute(db.select(Cycle).join(Organization).where(Organization.slug == ORG)).scalars().all()
    first = set(shapes()[:PARTITION_SHAPES])
    for cycle in cycles:
        view = cycle_view(cycle)
        atoms = view.respondents.atoms
        if not atoms.keys:
            continue
        full = released_scores(atoms, view.min_size)
        partitions = {g for g in candidates(atoms) if tuple(sorted(k for k, _ in g)) in first}
        assert released_partitions(atoms, view.min_size) == full & partitions, cycle.period
