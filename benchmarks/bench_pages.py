"""How long the first view of the home page and of a cycle's results page take in a fresh process.

The gate stores at close which groups may be shown, and a request reads and
decodes each cycle's responses once (``assessment/gate/view.py``); this prints,
for the home page of an administrator (every organization's headline) and
every closed cycle of the demo, the first request of ``/`` and of
``/results/<org>/<period>`` in a new process (imports and nothing drawn yet) and
the second (the same charts drawn already, kept for their figures), with the CPU
time of each.

Loads the demo (seed 7, as of 2026-11-25, as the tests do) into a fresh
SQLite file unless --database names a database that already holds it.

Run: .venv/bin/python benchmarks/bench_pages.py [--database URL] [--organization SLUG]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.demo_database import demo_database, make_app  # noqa: E402

def measure(url: str, organization: str) -> None:
    """In this (fresh) process: sign in, then time each closed cycle's page twice."""
    from assessment.extensions import db
    from assessment.models import Cycle, Organization

    app = make_app(url)
    with app.app_context():
        periods = [c.period for c in db.session.execute(
            db.select(Cycle).join(Organization).where(Organization.slug == organization).order_by(Cycle.period)
        ).scalars() if c.has_results]
        db.session.remove()
    client = app.test_client()
    reply = client.post("/auth/login", data={"email": "admin@demo.example", "password": "demo-admin-password"})
    assert reply.status_code == 302, "could not sign in"
    # The page an administrator lands on: every organization's newest index and its earlier ones.
    for path in ["/", *(f"/results/{organization}/{period}" for period in periods)]:
        timings = []
        for _ in range(2):
            wall, cpu = time.perf_counter(), time.process_time()
            page = client.get(path)
            timings.append((time.perf_counter() - wall, time.process_time() - cpu))
            assert page.status_code == 200, page.status_code
        (first, first_cpu), (second, second_cpu) = timings
        print(f"{path}: first {first * 1000:6.0f} ms (cpu {first_cpu * 1000:5.0f}), "
              f"second {second * 1000:5.0f} ms (cpu {second_cpu * 1000:5.0f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="a database URL already holding the demo")
    parser.add_argument("--organization", default="northwind")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.database, args.organization)
        return
    with demo_database(args.database) as url:
        print(load_average())
        subprocess.run([sys.executable, __file__, "--measure", "--database", url, "--organization", args.organization],
                       check=True)


def load_average() -> str:
    text = Path("/proc/loadavg").read_text() if Path("/proc/loadavg").exists() else ""
    return f"load average: {' '.join(text.split()[:3])}" if re.match(r"[\d.]+ ", text) else ""


if __name__ == "__main__":
    sys.exit(main())
