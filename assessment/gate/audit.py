"""Which groups may be released together without exposing fewer than N people.

Pure NumPy, no database: the property tests drive it directly.

The attacker we defend against holds every figure the gate ever releases for
a cycle. Counts, sums and sums of squares are additive, so from released
groups they can form any linear combination: a parent minus its shown
children, one filter minus an overlapping one, a response-rate count minus a
score view's n. A set of respondents is *exposed* when some non-zero
combination of released groups is zero everywhere outside it. The released
family is safe when every exposed set holds at least ``min_size``
respondents; that covers complementary suppression, the filter-difference
rule and structural zeros in cross tables in one test.

Respondents are grouped into *atoms* (people nobody could tell apart by any
filter: same team, function and attributes). Groups are boolean vectors over
atoms. Deciding the smallest exposed set is hard in general, so the search is
exact up to a budget and refuses (keeps the group hidden) beyond it: the gate
may hide more than it must, never less.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache
from itertools import combinations

import numpy as np

TOLERANCE = 1e-8
GRAM_TOLERANCE = 1e-9  # on squared singular values of 0/1 data
SEARCH_BUDGET = 100_000  # small sets tested per audit before we give up and refuse


class Disclosure:
    """The groups released so far over a fixed set of atoms, grown one group at a time."""

    def __init__(self, weights: np.ndarray, min_size: int) -> None:
        self.weights = np.asarray(weights, dtype=float)
        self.min_size = min_size
        self.basis = np.zeros((0, len(self.weights)))   # orthonormal rows spanning the released groups
        self.classes = np.zeros(len(self.weights), dtype=np.int64)

    def try_release(self, member: np.ndarray) -> bool:
        """Release the group if the family stays safe; a group smaller than N never is."""
        member = np.asarray(member, dtype=bool)
        size = float(self.weights[member].sum())
        if size < self.min_size:
            return False
        residual = _residual(self.basis, member.astype(float))
        norm = float(np.linalg.norm(residual))
        if norm < TOLERANCE:
            return True  # it follows from what is shown already: nothing new is disclosed
        basis = np.vstack([self.basis, residual / norm])
        classes = _split(self.classes, member)
        if not family_is_safe(basis, classes, self.weights, self.min_size):
            return False
        self.basis, self.classes = basis, classes
        return True


def release_in_order(members: list[np.ndarray], weights: np.ndarray, min_size: int) -> list[bool]:
    """Greedy: each candidate in priority order is released unless it would expose someone."""
    disclosure = Disclosure(weights, min_size)
    return [disclosure.try_release(member) for member in members]


def release_blocks(members: list[np.ndarray], weights: np.ndarray, min_size: int) -> list[bool]:
    """Greedy for records that can be intersected, not just added: comments.

    A set of comments can be differenced *and* intersected, so every class of
    people that the released groups tell apart must itself hold ``min_size``.
    """
    weights = np.asarray(weights, dtype=float)
    classes = np.zeros(len(weights), dtype=np.int64)
    decisions = []
    for member in members:
        member = np.asarray(member, dtype=bool)
        if weights[member].sum() < min_size:
            decisions.append(False)
            continue
        split = _split(classes, member)
        sizes = np.bincount(split, weights=weights)
        ok = bool(np.all((sizes == 0) | (sizes >= min_size)))
        if ok:
            classes = split
        decisions.append(ok)
    return decisions


def family_is_safe(basis: np.ndarray, classes: np.ndarray, weights: np.ndarray, min_size: int) -> bool:
    """No non-zero vector in the span of ``basis`` is supported on fewer than N people.

    Vectors in the span are constant on ``classes`` (people every released
    group treats alike), so the search runs over classes. Only classes
    smaller than N can be part of a small exposed set.
    """
    class_weight = np.bincount(classes, weights=weights)
    small = np.flatnonzero((class_weight > 0) & (class_weight < min_size))
    if small.size == 0:
        return True
    embed = (classes[:, None] == small[None, :]).astype(float)          # atoms x small classes
    outside = embed - basis.T @ (basis @ embed)                        # part not in the span
    exposed = _null_space(outside)                                     # small classes x q
    if exposed.shape[1] == 0:
        return True
    return _smallest_support(exposed, class_weight[small], min_size)


def _smallest_support(space: np.ndarray, weights: np.ndarray, min_size: int) -> bool:
    """True when every non-zero vector of ``space`` (orthonormal columns) weighs at least ``min_size``.

    Two exact searches, and the cheaper one runs: over the light sets
    themselves, or over the vectors of smallest support, each of which is
    zero on q-1 independent rows. Beyond the budget we refuse.
    """
    used = np.flatnonzero(np.linalg.norm(space, axis=1) > TOLERANCE)
    if weights[used].sum() < min_size:
        return False
    q = space.shape[1]
    if q == 1:
        return True  # one direction only: its support is everything used
    rows, w = space[used], weights[used]
    order = np.cumsum(np.sort(w))
    longest = int((order < min_size).sum())          # the most classes a light set can hold
    by_support = _light_sets(w, min_size)
    if math.comb(len(used), longest) > 5 * SEARCH_BUDGET:
        by_support = SEARCH_BUDGET + 1   # too many candidate sets to even filter by weight
    by_zeros = math.comb(len(used), q - 1)
    if min(by_support, by_zeros) > SEARCH_BUDGET:
        return False
    if by_zeros < by_support:
        return _elementary_vectors_are_heavy(rows, w, min_size)
    return _no_light_set_is_exposed(rows, w, min_size, longest)


def _no_light_set_is_exposed(rows: np.ndarray, w: np.ndarray, min_size: int, longest: int) -> bool:
    """A vector supported on S lies in the space iff det(I - P_SS) = 0 (P the projector)."""
    projector = rows @ rows.T
    diagonal = np.diag(projector)
    for size, chosen in enumerate(_light_subsets(w, min_size, longest), start=1):
        chosen = chosen[diagonal[chosen].sum(axis=1) >= 1 - 1e-6]  # eigenvalue 1 needs trace >= 1
        blocks = np.eye(size) - projector[chosen[:, :, None], chosen[:, None, :]]
        suspects = blocks[np.linalg.det(blocks) < 1e-6]
        if len(suspects) and np.linalg.eigvalsh(suspects)[:, 0].min() < 1e-6:
            return False
    return True


def _elementary_vectors_are_heavy(rows: np.ndarray, w: np.ndarray, min_size: int) -> bool:
    """Every vector of smallest support vanishes on some q-1 independent rows: try them all.

    Any null vector found is a genuine vector of the space, so a light one
    is a genuine exposure whatever the conditioning.
    """
    zero_sets = _subsets(len(rows), rows.shape[1] - 1)
    for start in range(0, len(zero_sets), 20_000):
        _, _, vt = np.linalg.svd(rows[zero_sets[start:start + 20_000]])
        vectors = vt[:, -1, :] @ rows.T
        scale = np.abs(vectors).max(axis=1, keepdims=True)
        support = np.abs(vectors) > 1e-7 * scale
        if (support @ w < min_size).any():
            return False
    return True


def _light_sets(weights: np.ndarray, min_size: int) -> int:
    """How many non-empty sets of classes weigh less than ``min_size`` (a small knapsack count)."""
    ways = np.zeros(min_size, dtype=np.int64)
    ways[0] = 1
    for weight in weights.astype(int):
        if weight < min_size:
            ways[weight:] = ways[weight:] + ways[:min_size - weight]
    return int(ways.sum() - 1)


def _light_subsets(w: np.ndarray, min_size: int, longest: int) -> Iterator[np.ndarray]:
    """For sizes 1..longest, the index sets of that size weighing less than ``min_size``.

    The same rows, in the same (lexicographic) order, as filtering every
    combination by weight, but grown one index at a time from the light sets
    one smaller, so the cost follows the light sets rather than n-choose-size.
    """
    n = len(w)
    sets = np.flatnonzero(w < min_size)[:, None]
    weight = w[sets[:, 0]]
    for size in range(1, longest + 1):
        yield sets
        if size == longest or not len(sets):
            break
        grow = (np.arange(n)[None, :] > sets[:, -1:]) & (weight[:, None] + w[None, :] < min_size)
        rows, columns = np.nonzero(grow)
        sets = np.column_stack([sets[rows], columns])
        weight = weight[rows] + w[columns]


@lru_cache(maxsize=256)
def _subsets(n: int, size: int) -> np.ndarray:
    return np.array(list(combinations(range(n), size)), dtype=np.intp).reshape(-1, size)


def _residual(basis: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Gram-Schmidt, twice: once is not enough to stay orthogonal over hundreds of groups."""
    for _ in range(2):
        vector = vector - basis.T @ (basis @ vector)
    return vector


def _split(classes: np.ndarray, member: np.ndarray) -> np.ndarray:
    _, relabelled = np.unique(classes * 2 + member, return_inverse=True)
    return relabelled.astype(np.int64)


def _null_space(matrix: np.ndarray) -> np.ndarray:
    """Orthonormal columns spanning {x : matrix @ x = 0}, from the small Gram matrix."""
    if matrix.shape[1] == 0:
        return np.zeros((0, 0))
    values, vectors = np.linalg.eigh(matrix.T @ matrix)
    return vectors[:, values < GRAM_TOLERANCE]
