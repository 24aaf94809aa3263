"""How fast team plans render, against the floor of WeasyPrint on the finished HTML.

Reads the demo once through the gate (one organization's newest closed
cycle, from --database, else the demo loaded into a fresh SQLite file), then
prints:
  plan   median time of one team plan from its inputs: view-model, charts,
         HTML and PDF (``reports.batch.render_document``), in this process set
         up as a pool worker sets itself up (``reports.batch.warm_up``)
  floor  median time of WeasyPrint alone rendering the same final HTML string
         (and the same chart images, handed over in memory)
  batch  wall time of 200 team plans through the local process pool
         (``assessment.batch.run_in_pool``), the teams of the demo repeated
  cpu    CPU time per plan inside the pool's workers: unlike wall times, it
         hardly moves when other work shares the machine

Run: .venv/bin/python benchmarks/bench_reports.py [--database URL] [--plans 200]
Targets: plan within 1.3x the floor; 200 plans under 90 s on a 2-core machine.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.batch import team_document  # noqa: E402
from assessment.extensions import db  # noqa: E402
from assessment.models import Cycle, Organization  # noqa: E402
from assessment.documents import CycleDocuments  # noqa: E402
from assessment.rendering import run_in_pool  # noqa: E402
from benchmarks.demo_database import demo_database, make_app  # noqa: E402
from reports.batch import render_document, warm_up  # noqa: E402
from reports.playbook import default_playbook  # noqa: E402
from reports.render import BundledAssetFetcher, html_to_pdf, team_plan_html  # noqa: E402
from reports.team_plan import build_team_plan  # noqa: E402

REPEATS = 7


def demo_cycle(organization: str | None) -> Cycle:
    query = db.select(Cycle).join(Organization).order_by(Cycle.period.desc())
    if organization:
        query = query.where(Organization.slug == organization)
    return next(c for c in db.session.execute(query).scalars() if c.has_results)


def team_documents(url: str, organization: str | None, plans: int) -> list:  # type: ignore[type-arg]
    """``plans`` team plans to render: the shown teams of the demo's newest closed cycle, repeated."""
    with make_app(url).app_context():
        cycle = demo_cycle(organization)
        started = time.perf_counter()
        teams = [t for t in CycleDocuments(cycle).team_inputs() if t.scores is not None]
        print(f"inputs of {cycle.name}: {len(teams)} shown teams read through the gate in "
              f"{time.perf_counter() - started:.1f} s (not part of the figures below)")
        documents = [team_document(cycle, dataclasses.replace(teams[i % len(teams)], slug=f"team-{i:03d}"))
                     for i in range(plans)]
        db.session.remove()
        return documents


def interleaved_medians(first, second, repeats: int = REPEATS) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median times of two actions run turn about, so a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for action, found in zip((first, second), times):
            start = time.perf_counter()
            action()
            found.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL of a database holding the demo")
    parser.add_argument("--organization", help="organization slug (default: any)")
    parser.add_argument("--plans", type=int, default=200)
    args = parser.parse_args()
    with demo_database(args.database) as url:
        documents = team_documents(url, args.organization, args.plans)
    sample = documents[0]
    # Set up as a pool worker is (fonts, templates, playbook, matplotlib; what is loaded kept out of the garbage
    # collector's scans): without it, collections over the 200 documents held here took a third of a plan's time.
    warm_up()
    render_document(sample)
    images: dict[str, tuple[bytes, str]] = {}             # the charts, as the renderer hands them over
    html = team_plan_html(build_team_plan(sample.inputs, default_playbook()), images=images)  # type: ignore[arg-type]
    plan, floor = interleaved_medians(lambda: render_document(sample),
                                      lambda: html_to_pdf(html, fetcher=BundledAssetFetcher(images)))
    print(f"plan   {plan:6.3f} s  median of {REPEATS}, inputs -> PDF (turn about with the floor)")
    print(f"floor  {floor:6.3f} s  median of {REPEATS}, WeasyPrint on the final HTML")
    print(f"load   {os.getloadavg()[0]:6.2f}    1-minute load average: other work skews both")
    print(f"ratio  {plan / floor:6.2f} x  (target 1.3x)")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        summary = run_in_pool(documents, Path(folder), force=True)
        wall = time.perf_counter() - started
    print(f"batch  {wall:6.1f} s  {len(summary.written)} team plans on {os.cpu_count()} cores (target 90 s)")
    print(f"cpu    {summary.render_cpu / len(summary.written):6.3f} s  per plan in the workers "
          f"(load {os.getloadavg()[0]:.2f}; on an idle machine the batch takes about "
          f"{summary.render_cpu / (os.cpu_count() or 1):.0f} s)")


if __name__ == "__main__":
    main()
