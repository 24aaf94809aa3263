"""How fast a big cycle closes, against the floor of just reading its answers.

Builds one organization of 20,000 respondents in 200 teams answering 40 items
over 8 quarterly cycles, then times, for the last cycle:
  floor  the fastest plain query: SELECT the packed answers, decode to a matrix
  close  the full close: read, score every group (organization, functions,
         teams, team x function), compare with the previous cycle, gaps,
         drivers, and write the snapshots
  gate   what every results page, export and PDF of the closed cycle does
         first: read its responses and take the gate's stored decisions;
         then sizing each of the 200 teams as a filter (what a page does
         for every group it withholds)

Run: .venv/bin/python benchmarks/bench_scoring.py [--database sqlite|postgresql|both]
Target: close within 3x the floor and under 5 s, on both databases.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import sqlalchemy as sa

RESPONDENTS, TEAMS, ITEMS, CYCLES = 20_000, 200, 40, 8
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/alignment_bench"


def questionnaire_document() -> dict[str, object]:
    """40 items: four core dimensions of 9, a fifth of 3, and the outcome item."""
    dimensions = ["shared_goals", "information_sharing", "metrics_accountability", "culture", "lead_handoff"]
    items = [
        {"id": f"{d}_{i}", "dimension": d, "text": f"Statement {i} about {d}.", "reverse": i == 0}
        for d in dimensions for i in range(9 if d != "lead_handoff" else 3)
    ]
    items.append({"id": "outcome", "dimension": None, "outcome": True, "text": "Overall we work as one team."})
    assert len(items) == ITEMS
    return {
        "key": "bench", "version": 1, "title": "Benchmark instrument",
        "scale": {"points": 5, "labels": ["SD", "D", "N", "A", "SA"]},
        "dimensions": [{"id": d, "name": d, "description": d, "core": d != "lead_handoff"} for d in dimensions],
        "items": items,
    }


def prepare_postgres() -> None:
    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS alignment_bench"))
        connection.execute(sa.text("CREATE DATABASE alignment_bench"))
    admin.dispose()


def build(app) -> int:  # type: ignore[no-untyped-def]
    """The organization and its 8 cycles; every cycle but the last is closed. Returns the last cycle's id."""
    from assessment.extensions import db
    from assessment.models import Participant, Response, StoredQuestionnaire
    from assessment.operations.cycles import close_cycle, open_cycle
    from assessment.operations.organizations import create_organization, ensure_team

    rng = np.random.default_rng(1)
    stored = StoredQuestionnaire(key="bench", version=1, title="Benchmark", document=questionnaire_document())
    db.session.add(stored)
    org = create_organization("Benchmark Corp", "bench")
    functions = ["sales", "marketing", "joint"]
    teams = [ensure_team(org, f"team-{i:03d}", functions[i % 3]) for i in range(TEAMS)]
    team_of = rng.integers(0, TEAMS, RESPONDENTS)
    db.session.add(Participant(organization_id=org.id, team_id=teams[0].id, email="x@bench.example",
                               function="sales", attributes={}))
    team_ids = np.array([t.id for t in teams])[team_of]
    team_functions = np.array([t.function for t in teams])[team_of]
    cycle_id = 0
    for wave in range(CYCLES):
        year, quarter = divmod(2025 * 4 + wave, 4)
        cycle = open_cycle(org, f"{year}-Q{quarter + 1}", stored)
        general = rng.normal(0, 1, (RESPONDENTS, 1))
        latent = 0.7 * general + 0.7 * rng.normal(0, 1, (RESPONDENTS, ITEMS))
        answers = np.clip(np.rint(3.2 + latent), 1, 5).astype(np.int8)
        rows = [
            {"id": uuid.uuid4(), "cycle_id": cycle.id, "team_id": int(t), "function": f,
             "attributes": {}, "submitted_on": dt.date(year, 3 * quarter + 2, 10), "answers": a.tobytes(),
             "comments": {}}
            for t, f, a in zip(team_ids, team_functions, answers)
        ]
        db.session.execute(sa.insert(Response), rows)
        if wave < CYCLES - 1:
            close_cycle(cycle)
        db.session.commit()
        cycle_id = cycle.id
    return cycle_id


def time_floor(app, cycle_id: int) -> float:  # type: ignore[no-untyped-def]
    from assessment.extensions import db

    engine = db.engine
    start = time.perf_counter()
    with engine.connect() as connection:
        blobs = connection.execute(sa.text("SELECT answers FROM response WHERE cycle_id = :c"), {"c": cycle_id}).scalars().all()
    matrix = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(-1, ITEMS)
    elapsed = time.perf_counter() - start
    assert matrix.shape == (RESPONDENTS, ITEMS)
    return elapsed


def time_close(app, cycle_id: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall and CPU seconds of one full close (CPU time is what a busy machine does not distort)."""
    from assessment.extensions import db
    from assessment.models import Cycle, CycleStatus
    from assessment.operations.cycles import close_cycle

    cycle = db.session.get(Cycle, cycle_id)
    cycle.status = CycleStatus.open
    db.session.commit()
    db.session.expire_all()
    start, cpu = time.perf_counter(), time.process_time()
    close_cycle(db.session.get(Cycle, cycle_id))
    db.session.commit()
    return time.perf_counter() - start, time.process_time() - cpu


def time_gate(app, cycle_id: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall seconds of the gate's view of the closed cycle (garbage collector on, as in a server),
    and of sizing every team as a filter on that view."""
    from assessment.extensions import db
    from assessment.gate.results import CycleView
    from assessment.models import Cycle

    db.session.expire_all()
    cycle = db.session.get(Cycle, cycle_id)
    start = time.perf_counter()
    view = CycleView(cycle)
    view.decisions  # taken when first asked: a page asks at once
    viewed = time.perf_counter()
    sizes = [int(view.respondents.rows(frozenset({("team", f"team-{i:03d}")})).sum()) for i in range(TEAMS)]
    assert sum(sizes) == RESPONDENTS
    return viewed - start, time.perf_counter() - viewed


def run(database: str) -> None:
    from flask_migrate import upgrade

    from assessment import create_app
    from assessment.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        if database == "postgresql":
            prepare_postgres()
            url = POSTGRES_BENCH
        else:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark-secret-key-not-for-production-use"})
        with app.app_context():
            upgrade()  # the real schema, as `make run` prepares it (PostgreSQL compresses snapshots with LZ4)
            started = time.perf_counter()
            cycle_id = build(app)
            print(f"[{database}] built {CYCLES} cycles x {RESPONDENTS} respondents in {time.perf_counter() - started:.1f} s")
            floors = [time_floor(app, cycle_id) for _ in range(5)]
            closes = [time_close(app, cycle_id) for _ in range(3)]
            gates = [time_gate(app, cycle_id) for _ in range(5)]
            floor = statistics.median(floors)
            close, cpu = (statistics.median(t) for t in zip(*closes))
            print(f"[{database}] floor (read + decode answers): median {floor * 1000:.0f} ms")
            print(f"[{database}] full close:                    median {close * 1000:.0f} ms "
                  f"= {close / floor:.1f}x the floor (target <= 3x and < 5 s); CPU {cpu * 1000:.0f} ms")
            view, sizing = (statistics.median(t) for t in zip(*gates))
            print(f"[{database}] gate's view of the closed cycle: median {view * 1000:.0f} ms; "
                  f"sizing its {TEAMS} teams as filters: {sizing * 1000:.0f} ms")
            print(f"[{database}] load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
            db.session.remove()
            db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    for database in (["sqlite", "postgresql"] if args.database == "both" else [args.database]):
        run(database)


if __name__ == "__main__":
    sys.exit(main())
