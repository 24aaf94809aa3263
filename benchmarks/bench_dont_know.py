"""How long the gate takes to decide which "Don't know" counts a large cycle may show.

A page works this out the first time it reads a statement's result in a process (``gate.figures``,
``released_dont_knows``), then keeps it. Since the twentieth session a count withheld in one split may not be
worked out from the counts of another either, which takes linear algebra over every group and cell. This prints
the median time for a cycle of N respondents in T teams (two functions, about 3% "Don't know" on each of the
built-in questionnaire's statements), at two minimum group sizes. No database: the decision reads only who
answered what, as the gate holds it.

Run: .venv/bin/python benchmarks/bench_dont_know.py [--respondents 20000] [--teams 200] [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from assessment.gate.family import as_filter
from assessment.gate.figures import released_dont_knows
from assessment.gate.reading import CycleRespondents
from assessment.instrument import instrument_for
from questionnaires.builtin import load_builtin


def respondents(n: int, teams: int, items: int, seed: int = 1) -> CycleRespondents:
    rng = np.random.default_rng(seed)
    team = rng.integers(0, teams, n)
    function = np.where((team % 3 == 0) | (rng.random(n) < 0.05), "marketing", "sales")
    descriptors = tuple((f, f"t{t}", "individual", "1-3 years", "north") for f, t in zip(function, team))
    answers = rng.integers(1, 6, (n, items)).astype(float)
    dont_know = rng.random((n, items)) < 0.03
    answers[dont_know] = np.nan
    return CycleRespondents(descriptors, answers, dont_know=dont_know)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    instrument = instrument_for(load_builtin())
    cycle = respondents(args.respondents, args.teams, len(instrument.item_ids))
    # Every group of the snapshot partitions shown, as in a cycle where the audit withholds none.
    functions, teams = ("sales", "marketing"), [f"t{t}" for t in range(args.teams)]
    groups = {as_filter({}), *(as_filter({"function": f}) for f in functions),
              *(as_filter({"team": t}) for t in teams),
              *(as_filter({"team": t, "function": f}) for t in teams for f in functions)}
    print(f"{args.respondents:,} respondents in {args.teams} teams, {len(instrument.item_ids)} statements")
    for min_size in (5, 10):
        times, released = [], {}
        for _ in range(args.runs):
            started = time.perf_counter()
            released = released_dont_knows(cycle, instrument, min_size, frozenset(groups), {})
            times.append(time.perf_counter() - started)
        print(f"minimum group {min_size:>2}: median {statistics.median(times) * 1000:6.0f} ms of {args.runs}; "
              f"{len(released)} groups show some count")
    print(f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
