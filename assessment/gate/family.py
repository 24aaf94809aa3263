"""The groups anyone may ask about, and which of them the gate releases for a cycle.

Pure: respondents come in as descriptor tuples, decisions go out as sets of
filters. A *filter* is a frozenset of (dimension, value) pairs: the empty
filter is the organization, ``{("team", "emea")}`` a team, and any
combination with attributes is a filtered group. The snapshot kinds of the
results pages are just the first filters in the priority order.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations, product

import numpy as np

from assessment.blas import one_blas_thread
from assessment.gate.audit import release_blocks, release_in_order

DIMENSIONS = ("function", "team", "role_level", "tenure_band", "region")
ATTRIBUTES = DIMENSIONS[2:]
LABELS = {"function": "Function", "team": "Team", "role_level": "Role level", "tenure_band": "Tenure",
          "region": "Region"}
Filter = frozenset[tuple[str, str]]
ORGANIZATION: Filter = frozenset()

# Shapes (sets of dimensions) in the order their groups are considered: the
# pages' partitions first, then single attributes, then everything else.
_FIRST_SHAPES = [(), ("function",), ("team",), ("function", "team"), ("role_level",), ("tenure_band",), ("region",)]


class FilterError(ValueError):
    """A filter names a dimension the gate does not know; the message says which."""


def as_filter(filters: Mapping[str, str]) -> Filter:
    unknown = sorted(set(filters) - set(DIMENSIONS))
    if unknown:
        raise FilterError(f"cannot filter on {', '.join(unknown)}; use {', '.join(DIMENSIONS)}")
    return frozenset((k, str(v)) for k, v in filters.items() if v not in (None, ""))


def snapshot_filter(kind: str, key: str) -> Filter:
    """The filter that a score snapshot of ``kind``/``key`` stands for."""
    if kind == "organization":
        return ORGANIZATION
    if kind == "function":
        return frozenset({("function", key)})
    if kind == "team":
        return frozenset({("team", key)})
    team, _, function = key.partition("/")
    return frozenset({("team", team), ("function", function)})


def describe(group: Filter) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(group, key=lambda p: DIMENSIONS.index(p[0]))) or "all"


def shapes() -> list[tuple[str, ...]]:
    rest = [
        tuple(d for d in DIMENSIONS if d in combo)
        for size in range(1, len(DIMENSIONS) + 1)
        for combo in combinations(DIMENSIONS, size)
    ]
    first = [tuple(d for d in DIMENSIONS if d in s) for s in _FIRST_SHAPES]
    return first + [s for s in rest if s not in first]


@dataclass(frozen=True)
class Atoms:
    """Distinct descriptor tuples (in DIMENSIONS order) and how many respondents hold each."""

    keys: tuple[tuple[str, ...], ...]
    sizes: tuple[int, ...]

    @classmethod
    def of(cls, descriptors: Iterable[Sequence[str]]) -> Atoms:
        counts = Counter(map(tuple, descriptors))
        keys = tuple(sorted(counts))
        return cls(keys, tuple(counts[k] for k in keys))

    @cached_property
    def _columns(self) -> tuple[np.ndarray, ...]:
        """One array of values per dimension, so a filter is a few vectorized comparisons."""
        return tuple(np.array([key[i] for key in self.keys], dtype=object) for i in range(len(DIMENSIONS)))

    def member(self, group: Filter) -> np.ndarray:
        found = np.ones(len(self.keys), dtype=bool)
        for k, v in group:
            found &= self._columns[DIMENSIONS.index(k)] == v
        return found


@lru_cache(maxsize=64)
def candidates(atoms: Atoms) -> tuple[Filter, ...]:
    """Every non-empty filter the data can answer, in priority order (larger groups first)."""
    return _groups_of(atoms, shapes())


#: How many of the first shapes are the partitions every page shows: (), function, team, function x team.
PARTITION_SHAPES = 4


def _groups_of(atoms: Atoms, among: list[tuple[str, ...]]) -> tuple[Filter, ...]:
    found: list[Filter] = []
    weights = np.array(atoms.sizes)
    for shape in among:
        positions = [DIMENSIONS.index(d) for d in shape]
        values = {tuple(key[p] for p in positions) for key in atoms.keys}
        groups = [frozenset(zip(shape, v)) for v in values if all(v)]
        groups.sort(key=lambda g: (-int(weights[atoms.member(g)].sum()), sorted(g)))
        found += groups
    return tuple(found)


@lru_cache(maxsize=64)
def released_scores(atoms: Atoms, min_size: int) -> frozenset[Filter]:
    """The filters whose scores and counts may be shown; cached, since it depends on nothing else."""
    groups = candidates(atoms)
    with one_blas_thread():
        decisions = release_in_order([atoms.member(g) for g in groups], np.array(atoms.sizes), min_size)
    return frozenset(g for g, ok in zip(groups, decisions) if ok)


@lru_cache(maxsize=64)
def released_partitions(atoms: Atoms, min_size: int) -> frozenset[Filter]:
    """Of ``released_scores``, the organization, function, team and function x team groups, exactly.

    The audit is greedy in priority order, so each group's decision follows from the groups before it alone, and
    these come first. A response-rate table need not wait for the filtered groups after them: with 150 teams and
    three roster attributes those are 15,000, and deciding them took four minutes.
    """
    groups = _groups_of(atoms, shapes()[:PARTITION_SHAPES])
    with one_blas_thread():
        decisions = release_in_order([atoms.member(g) for g in groups], np.array(atoms.sizes), min_size)
    return frozenset(g for g, ok in zip(groups, decisions) if ok)


@lru_cache(maxsize=64)
def released_comments(atoms: Atoms, min_size: int) -> frozenset[Filter]:
    """The filters whose comments may be shown: stricter, as comments can be intersected."""
    groups = candidates(atoms)
    decisions = release_blocks([atoms.member(g) for g in groups], np.array(atoms.sizes), min_size)
    return frozenset(g for g, ok in zip(groups, decisions) if ok)


@lru_cache(maxsize=1024)
def released_figure(atoms: Atoms, contributors: tuple[int, ...], shown: tuple[Filter, ...], min_size: int) -> frozenset[Filter]:
    """Of the groups shown, those where one figure (an item answered by some only) may be shown too.

    A figure's population is the people who contribute to it, so the same
    audit runs again with each atom weighted by its contributors.
    """
    keep = np.array(contributors) > 0
    weights = np.array(contributors, dtype=float)[keep]
    with one_blas_thread():
        decisions = release_in_order([atoms.member(g)[keep] for g in shown], weights, min_size)
    return frozenset(g for g, ok in zip(shown, decisions) if ok)


def cells_to_hide(sizes: Mapping[str, int], min_size: int) -> set[str]:
    """Primary plus complementary suppression within one partition on its own.

    Kept for callers that suppress a single table; the cycle's pages use the
    family audit, which also sees across partitions.
    """
    hidden = {key for key, n in sizes.items() if 0 < n < min_size}
    shown = sorted((n, key) for key, n in sizes.items() if key not in hidden and n > 0)
    while hidden and shown and (len(hidden) == 1 or sum(sizes[k] for k in hidden) < min_size):
        hidden.add(shown.pop(0)[1])
    return hidden


def combinations_of(values: Mapping[str, Sequence[str]]) -> list[Filter]:
    """Every filter over the given dimension values, with each dimension optional (attack tests)."""
    options = [[None, *vals] for vals in values.values()]
    return [
        frozenset((k, v) for k, v in zip(values, choice) if v is not None)
        for choice in product(*options)
    ]
