"""How long the gate takes over a large client whose roster carries the three attributes.

A cycle of N respondents in T teams (three functions), each with a role level (3 values), a tenure band (3) and a
region (4), as answers taken through survey links carry them. Prints the number of atoms and candidate groups, the
time of ``released_partitions`` (what the console's response-rate table asks since the large-client review), and
how far the full audit (``released_scores``, which a close and every filtered view need) gets in a time budget.
No database: the gate's decisions read only who answered.

Run: .venv/bin/python benchmarks/bench_large_client.py [--respondents 2400] [--teams 150] [--budget 60]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from assessment.gate.audit import Disclosure
from assessment.gate.family import Atoms, candidates, released_partitions

FUNCTIONS = ("sales", "marketing", "joint")
ROLES = ("individual", "manager", "director")
TENURES = ("under 1 year", "1-3 years", "over 3 years")
REGIONS = ("north", "south", "east", "west")


def atoms(n: int, teams: int, seed: int = 1) -> Atoms:
    rng = np.random.default_rng(seed)
    team = rng.integers(0, teams, n)
    return Atoms.of((FUNCTIONS[t % 3], f"team-{t:03d}", ROLES[rng.integers(3)], TENURES[rng.integers(3)],
                     REGIONS[rng.integers(4)]) for t in team)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=2400)
    parser.add_argument("--teams", type=int, default=150)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds to let the full audit run")
    args = parser.parse_args()
    population = atoms(args.respondents, args.teams)
    start = time.perf_counter()
    groups = candidates(population)
    print(f"{args.respondents} respondents, {args.teams} teams: {len(population.keys)} atoms, {len(groups)} candidate "
          f"groups ({time.perf_counter() - start:.1f} s to list them)")
    start = time.perf_counter()
    shown = released_partitions(population, 5)
    print(f"released_partitions (organization, functions, teams, function x team): {len(shown)} shown in "
          f"{time.perf_counter() - start:.2f} s")
    disclosure, start, done = Disclosure(np.array(population.sizes), 5), time.perf_counter(), 0
    for group in groups:
        disclosure.try_release(population.member(group))
        done += 1
        if time.perf_counter() - start > args.budget:
            break
    print(f"full audit: {done} of {len(groups)} candidates decided in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
