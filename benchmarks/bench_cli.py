"""How long an ``alignment`` command takes to start, and what it imports before it does anything.

Prints the median wall time of N fresh runs of a few ``--help`` commands and of
``alignment cycle list`` against a temporary SQLite database (upgraded first),
beside the floor of starting the interpreter alone. Then, in a fresh
interpreter, which heavy modules (WeasyPrint, matplotlib, scipy.stats) loading
the command group and building the app imported, and what the first PDF, chart
and pooled-benchmark rank of a process then pay to import them.

Run: .venv/bin/python benchmarks/bench_cli.py [--runs 7]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALIGNMENT = Path(sys.executable).with_name("alignment")
HEAVY = ("weasyprint", "matplotlib", "scipy.stats")

COMMANDS = [
    ["--help"],
    ["cycle", "list", "--help"],
    ["report", "team", "--help"],
    ["cycle", "list"],
]

# In a fresh interpreter: what loading the commands and building the app import, and how long that takes;
# then what a process pays on top for its first chart, its first PDF and its first pooled-benchmark rank.
PROBE = f"""
import json, sys, time
started = time.perf_counter()
import assessment.cli
from assessment import create_app
create_app()
startup = time.perf_counter() - started
heavy = [name for name in {HEAVY!r} if name in sys.modules]
first_use = {{}}
for label, module in (("first chart (matplotlib)", "assessment.results.charts"),
                      ("first PDF (WeasyPrint, after the chart)", "assessment.rendering"),
                      ("first pooled-benchmark rank (scipy.stats)", "scipy.stats")):
    started = time.perf_counter()
    __import__(module)
    first_use[label] = time.perf_counter() - started
print(json.dumps({{"startup": startup, "heavy": heavy, "first_use": first_use}}))
"""


def environment(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite'}",
               SECRET_KEY="benchmark-secret-key-not-for-production-use", REPORTS_DIR=str(folder / "reports"))
    return env


def median_wall(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per command (default 7)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; median of {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as name:
        env = environment(Path(name))
        subprocess.run([str(ALIGNMENT), "db", "upgrade"], env=env, check=True, capture_output=True)
        floor = median_wall([sys.executable, "-c", "pass"], env, args.runs)
        print(f"{'floor: python -c pass':45} {floor:6.2f} s")
        for command in COMMANDS:
            wall = median_wall([str(ALIGNMENT), *command], env, args.runs)
            print(f"{'alignment ' + ' '.join(command):45} {wall:6.2f} s")
        probe = subprocess.run([sys.executable, "-c", PROBE], env=env, check=True, capture_output=True, text=True)
    found = json.loads(probe.stdout)
    print(f"import assessment.cli + create_app(), in-process: {found['startup']:.2f} s; "
          f"heavy modules imported: {', '.join(found['heavy']) or 'none'}")
    for label, seconds in found["first_use"].items():
        print(f"  then {label}: +{seconds:.2f} s")


if __name__ == "__main__":
    main()
