"""CRM funnel figures for the demo: marketing teams bring the inquiries and MQLs, sales teams work them.

Each sales team gets a share of its organization's MQLs by headcount and
converts them as well as its alignment goes (the same latent level that draws
its survey answers, plus noise), so a team the survey calls aligned usually
follows up faster and wins more, and the pages have something to compare.
Joint teams (revenue operations, enablement) report no funnel of their own:
every figure is optional. Drawn from a generator of its own, so the survey
answers stay exactly what the seed gives.
"""
from __future__ import annotations

import numpy as np

from assessment.demo.population import DemoOrganization, DemoTeam
from assessment.extensions import db
from assessment.models import FunnelMetrics, Organization

#: Mixed into the demo's seed: the funnel's random numbers never shift the answers'.
STREAM = 0xF0


def add_demo_funnel(seed: int, organizations: list[DemoOrganization], periods: list[str]) -> int:
    """Figures for every team with a funnel and every period given; returns the rows added.

    ``periods`` are oldest first, starting with the quarter before the first cycle, which that cycle's
    results compare with: wave 0 of the survey is the second period here.
    """
    rng = np.random.default_rng([seed, STREAM])
    added = 0
    for demo_org in organizations:
        org = db.session.execute(db.select(Organization).filter_by(slug=demo_org.slug)).scalar_one()
        teams = {t.slug: t.id for t in org.teams}
        for wave, period in enumerate(periods, start=-1):
            for team, figures in _period(rng, demo_org, wave).items():
                db.session.add(FunnelMetrics(organization_id=org.id, team_id=teams[team], period=period, **figures))
                added += 1
    db.session.flush()
    return added


def _period(rng: np.random.Generator, org: DemoOrganization, wave: int) -> dict[str, dict[str, float | int]]:
    figures: dict[str, dict[str, float | int]] = {}
    for team in (t for t in org.teams if t.function == "marketing"):
        inquiries = int(rng.integers(1500, 5000))
        figures[team.slug] = {"inquiries": inquiries, "mql": int(inquiries * rng.uniform(0.12, 0.22))}
    mqls = sum(int(f["mql"]) for f in figures.values())
    sales = [t for t in org.teams if t.function == "sales"]
    headcount = sum(t.size for t in sales)
    for team in sales:
        level = org.level + team.base + team.trend * wave
        figures[team.slug] = _sales(rng, team, mqls * team.size / headcount, level)
    return figures


def _sales(rng: np.random.Generator, team: DemoTeam, leads: float, level: float) -> dict[str, float | int]:
    """A sales team's stages from the leads routed to it; a better aligned team converts and answers faster."""
    sal = int(leads * _share(rng, 0.72 + 0.08 * level, 0.40, 0.95))
    sql = int(sal * _share(rng, 0.55 + 0.06 * level, 0.25, 0.85))
    won = int(sql * _share(rng, 0.24 + 0.04 * level, 0.05, 0.50))
    hours = max(0.5, 6.0 - 2.5 * level + rng.normal(0, 0.8))
    sla = float(np.clip(82 + 9 * level + rng.normal(0, 3), 40, 99.5))
    return {"sal": sal, "sql": sql, "won": won, "speed_to_lead_hours": round(hours, 1), "sla_attainment": round(sla, 1)}


def _share(rng: np.random.Generator, mean: float, low: float, high: float) -> float:
    return float(np.clip(mean + rng.normal(0, 0.03), low, high))
