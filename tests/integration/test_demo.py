"""The synthetic demo behaves like survey data: checked with independent tools."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin
from flask import Flask

from assessment import create_app
from assessment.answers import decode_answers
from assessment.demo.load import load_demo
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Cycle, CycleStatus, Invitation, Organization, Response, Team
from assessment.demo.load import DEMO_VERSION
from questionnaires.builtin import load_builtin
from tests.conftest import app_config, reset_schema

QUESTIONNAIRE = load_builtin("alignment-core", DEMO_VERSION)


def _responses(cycle_name: str) -> tuple[np.ndarray, list[str], list[int | None]]:
    cycle = cycle_by_name(cycle_name)
    rows = db.session.execute(
        db.select(Response.answers, Response.function, Response.team_id).where(Response.cycle_id == cycle.id)
    ).all()
    return decode_answers([r[0] for r in rows], QUESTIONNAIRE), [r[1] for r in rows], [r[2] for r in rows]


def test_demo_has_eight_organizations_small_teams_and_five_cycles_each(app: Flask) -> None:
    orgs = db.session.execute(db.select(Organization)).scalars().all()
    assert len(orgs) >= 8 and all(o.synthetic for o in orgs)
    sizes = [len(t.participants) for o in orgs for t in o.teams]
    assert any(s < 5 for s in sizes) and max(sizes) >= 15
    for org in orgs:
        assert {t.function for t in org.teams} == {"sales", "marketing", "joint"}
        statuses = db.session.execute(db.select(Cycle.status).filter_by(organization_id=org.id)).scalars().all()
        assert sorted(statuses).count(CycleStatus.published) >= 4 and CycleStatus.open in statuses
    pending = db.session.execute(
        db.select(db.func.count()).select_from(Invitation).join(Cycle)
        .where(Cycle.status == CycleStatus.open, Invitation.completed.is_(False))
    ).scalar_one()
    assert pending > 0


def test_demo_answers_have_realistic_reliability_and_correlated_dimensions(app: Flask) -> None:
    matrix, _, _ = _responses("northwind/2026-Q3")
    frame = pd.DataFrame(matrix, columns=[i.id for i in QUESTIONNAIRE.items])
    for item in QUESTIONNAIRE.items:
        if item.reverse:
            frame[item.id] = 6 - frame[item.id]
    dimension_means = {}
    for dimension in QUESTIONNAIRE.dimensions:
        columns = [i.id for i in QUESTIONNAIRE.items_of(dimension.id)]
        alpha, _ = pingouin.cronbach_alpha(frame[columns])
        assert 0.6 < alpha < 0.97, (dimension.id, alpha)
        dimension_means[dimension.id] = frame[columns].mean(axis=1)
    correlations = pd.DataFrame(dimension_means).corr().to_numpy()
    off_diagonal = correlations[~np.eye(len(correlations), dtype=bool)]
    assert (off_diagonal > 0.2).all() and (off_diagonal < 0.95).all()


def test_sales_and_marketing_see_some_things_differently(app: Flask) -> None:
    from scipy import stats

    pooled = [_responses(f"{org.slug}/2026-Q3") for org in db.session.execute(db.select(Organization)).scalars()]
    matrix = np.vstack([m for m, _, _ in pooled])
    functions = [f for _, fs, _ in pooled for f in fs]
    columns = [i for i, item in enumerate(QUESTIONNAIRE.items) if item.dimension == "lead_handoff"]
    keyed = matrix.copy()
    for i, item in enumerate(QUESTIONNAIRE.items):
        if item.reverse:
            keyed[:, i] = 6 - keyed[:, i]
    score = keyed[:, columns].mean(axis=1)
    sales = score[np.array(functions) == "sales"]
    marketing = score[np.array(functions) == "marketing"]
    assert sales.mean() < marketing.mean()
    assert stats.ttest_ind(sales, marketing, equal_var=False).pvalue < 0.05


def test_some_teams_improve_and_others_decline(app: Flask) -> None:
    changes = []
    for org in db.session.execute(db.select(Organization)).scalars():
        first, last = f"{org.slug}/2025-Q4", f"{org.slug}/2026-Q3"
        for team in org.teams:
            before, _, teams_before = _responses(first)
            after, _, teams_after = _responses(last)
            a = before[np.array(teams_before) == team.id]
            b = after[np.array(teams_after) == team.id]
            if len(a) >= 5 and len(b) >= 5:
                changes.append(np.nanmean(b) - np.nanmean(a))
    assert min(changes) < -0.15 and max(changes) > 0.15


def test_the_same_seed_gives_the_same_demo(tmp_path: Path) -> None:
    def fingerprint(folder: Path, seed: int) -> list[tuple[object, ...]]:
        folder.mkdir()
        app = create_app(app_config(folder, f"sqlite:///{folder / 'demo.sqlite'}"))
        with app.app_context():
            db.create_all()
            load_demo(seed, dt.date(2026, 11, 25), organizations=2)
            db.session.commit()
            rows = db.session.execute(
                db.select(Team.slug, Response.function, Response.submitted_on, Response.answers)
                .join(Team, Response.team_id == Team.id)
                .order_by(Team.slug, Response.submitted_on, Response.answers)
            ).all()
            reset_schema(db.engine)
            return [tuple(r) for r in rows]

    first = fingerprint(tmp_path / "a", 11)
    assert first == fingerprint(tmp_path / "b", 11)
    assert first != fingerprint(tmp_path / "c", 12)


def test_comments_in_one_cycle_are_each_in_their_own_words(app: Flask) -> None:
    """A consultant reading a demo's comments meets people, not one sentence pasted five times."""
    for cycle in db.session.execute(db.select(Cycle)).scalars():
        said = [c["one_thing"] for c in db.session.execute(
            db.select(Response.comments).where(Response.cycle_id == cycle.id)).scalars() if c.get("one_thing")]
        assert len(said) >= (5 if cycle.has_results else 1), cycle.name   # the open cycle is young
        assert len(set(said)) == len(said), cycle.name


def test_some_people_say_dont_know_where_they_could_not_see(app: Flask) -> None:
    """A third or so of salespeople cannot judge how marketing's part in revenue is measured, in the latest
    closed quarter (and the open one); the earlier quarters were drawn without "Don't know"."""
    column = {item.id: i for i, item in enumerate(QUESTIONNAIRE.items)}

    def unsure(cycle_name: str, function: str) -> tuple[list[str], int]:
        """The items said "Don't know" to (the byte -1), once per saying, and how many people answered."""
        rows = db.session.execute(db.select(Response.answers).where(
            Response.cycle_id == cycle_by_name(cycle_name).id, Response.function == function)).scalars().all()
        return [item for blob in rows for item, i in column.items() if blob[i] == 0xFF], len(rows)

    sales, people = unsure("northwind/2026-Q3", "sales")
    assert set(sales) == {"ma_contribution"} and 0.15 < len(sales) / people < 0.5
    assert set(unsure("northwind/2026-Q3", "marketing")[0]) == {"ma_leads_tracked"}
    assert set(unsure("northwind/2026-Q4", "sales")[0]) == {"ma_contribution"}  # the open cycle
    assert unsure("northwind/2026-Q3", "joint")[0] == [] and unsure("northwind/2026-Q2", "sales")[0] == []
