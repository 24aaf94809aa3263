"""Drivers: how much of the outcome item's explained variance each dimension carries.

Exact Shapley decomposition of R^2 (general dominance, as in Budescu 1993 /
relaimpo's "lmg"): each dimension's weight is its R^2 gain averaged over
every order in which the dimensions could enter the regression. The weights
sum to the full model's R^2, and correlated dimensions share credit fairly,
which plain regression coefficients do not.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from scoring.groups import RespondentScores, respondent_dimension_scores
from scoring.instrument import Instrument
from scoring.keying import key_answers

MIN_DRIVER_N = 30
MAX_PREDICTORS = 12  # 2^k regressions; beyond this the exact method is too slow to offer


@dataclass(frozen=True)
class Drivers:
    n: int                      # respondents used (complete on outcome and all dimensions)
    r2: float                   # R^2 of the full model
    weights: dict[str, float]   # share of R^2 per dimension; sums to r2
    relative: dict[str, float]  # weights / r2; sums to 1


@lru_cache(maxsize=MAX_PREDICTORS)
def _subsets_by_size(k: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(bitmasks, their column indices) for each subset size 1..k."""
    by_size: dict[int, list[int]] = {}
    for mask in range(1, 1 << k):
        by_size.setdefault(bin(mask).count("1"), []).append(mask)
    return tuple(
        (np.array(masks), np.array([[j for j in range(k) if mask >> j & 1] for mask in masks]))
        for masks in by_size.values()
    )


@lru_cache(maxsize=MAX_PREDICTORS)
def _shapley_coefficients(k: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Per predictor j: the subsets without j, and the Shapley weight of each."""
    masks = np.arange(1 << k)
    sizes = np.array([bin(m).count("1") for m in masks])
    found = []
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        coef = np.array([math.factorial(a) * math.factorial(k - a - 1) for a in sizes[without]]) / math.factorial(k)
        found.append((without, coef))
    return tuple(found)


def _subset_r2(covs: np.ndarray, k: int) -> np.ndarray:
    """R^2 of the regression on every subset of predictors, per group, indexed by bitmask.

    From each group's covariance matrix (predictors first, outcome last):
    ``R^2_S = c_S' C_SS^+ c_S / var_y``. The pseudo-inverse keeps a constant
    or duplicated dimension from breaking the fit; every group's subsets of
    one size are solved as one stack, since a close runs this for hundreds
    of groups.
    """
    groups = covs.shape[0]
    c_xx, c_xy, var_y = covs[:, :k, :k], covs[:, :k, k], covs[:, k, k]
    r2 = np.zeros((groups, 1 << k))
    for masks, cols in _subsets_by_size(k):
        m, size = cols.shape
        blocks = c_xx[:, cols[:, :, None], cols[:, None, :]].reshape(groups * m, size, size)
        vectors = c_xy[:, cols].reshape(groups * m, size)
        # Products summed along the last axis, not einsum: einsum's vectorized
        # loops round differently depending on where a matrix sits in the
        # stack, and one group must come out the same alone or among hundreds.
        beta = (np.linalg.pinv(blocks) * vectors[:, None, :]).sum(axis=-1)
        r2[:, masks] = (vectors * beta).sum(axis=-1).reshape(groups, m) / var_y[:, None]
    return np.clip(r2, 0.0, 1.0)


def shapley_r2(outcome: np.ndarray, predictors: np.ndarray, names: list[str] | tuple[str, ...]) -> Drivers | None:
    """Shapley shares of R^2 for the outcome regressed on the predictors (OLS with intercept).

    Rows missing the outcome or any predictor are dropped (listwise). ``None``
    with fewer than ``MIN_DRIVER_N`` complete rows, when the outcome does not
    vary, or when the dimensions explain nothing at all.
    """
    return shapley_r2_groups(outcome, predictors, names, [np.ones(np.asarray(outcome).size, dtype=bool)])[0]


def shapley_r2_groups(
    outcome: np.ndarray, predictors: np.ndarray, names: list[str] | tuple[str, ...], groups: list[np.ndarray],
) -> list[Drivers | None]:
    """``shapley_r2`` for many groups of the same respondents at once.

    ``groups`` select rows as boolean masks or as row indices in ascending
    order: a close passes indices, so each group costs its own rows rather
    than a pass over every respondent. Either way a group's rows keep their
    order, so its figures do not depend on how it was selected.
    """
    y = np.asarray(outcome, dtype=float).ravel()
    x = np.asarray(predictors, dtype=float)
    if x.ndim != 2 or x.shape[0] != y.size:
        raise ValueError("predictors must be respondents x dimensions, one row per outcome")
    k = x.shape[1]
    if len(names) != k:
        raise ValueError("one name per predictor column")
    if not 1 <= k <= MAX_PREDICTORS:
        raise ValueError(f"driver analysis takes 1 to {MAX_PREDICTORS} predictors")
    complete = ~np.isnan(y) & ~np.isnan(x).any(axis=1)
    everything = np.column_stack([x, y])
    found: list[Drivers | None] = [None] * len(groups)
    covs, ns, fitted = [], [], []
    for g, rows in enumerate(groups):
        data = everything[rows][complete[rows]]
        n = data.shape[0]
        if n < MIN_DRIVER_N:
            continue
        data = data - data.mean(axis=0)
        cov = data.T @ data / (n - 1)
        if not cov[k, k] > 0:
            continue
        covs.append(cov)
        ns.append(n)
        fitted.append(g)
    if not fitted:
        return found
    r2 = _subset_r2(np.stack(covs), k)
    weights = np.zeros((len(fitted), k))
    for j, (without, coef) in enumerate(_shapley_coefficients(k)):
        gains = (r2[:, without | 1 << j] - r2[:, without]) * coef
        for column in gains.T:  # summed left to right, the same for one group as for hundreds
            weights[:, j] += column
    for i, g in enumerate(fitted):
        total = float(r2[i, -1])
        if total <= 1e-12:
            continue
        found[g] = Drivers(
            n=ns[i],
            r2=total,
            weights={name: float(w) for name, w in zip(names, weights[i])},
            relative={name: float(w / total) for name, w in zip(names, weights[i])},
        )
    return found


def outcome_drivers(
    answers: np.ndarray, instrument: Instrument, groups: list[np.ndarray],
    respondents: RespondentScores | None = None,
) -> list[Drivers | None]:
    """Drivers of the questionnaire's outcome item over its core dimensions, per group (row masks or indices).

    The one definition behind every driver figure: the snapshot a close
    writes and any group scored on the fly, so a group reads the same on
    every page and in every report. The core dimensions are the ones the
    alignment index is made of; extra dimensions stay out, as they do there.
    ``respondents`` (``groups.respondent_scores`` of ``answers``) spares a
    close keying and scoring every respondent a second time.
    """
    if instrument.outcome_item is None or not groups:
        return [None] * len(groups)
    if respondents is None:
        keyed = key_answers(np.asarray(answers, dtype=float), instrument)
        every_dimension = respondent_dimension_scores(keyed, instrument)
    else:
        keyed, every_dimension = respondents.keyed, respondents.dimensions
    core = [instrument.dimensions.index(d) for d in instrument.core_dimensions]
    dimension_scores = every_dimension[:, core]
    outcome = keyed[:, instrument.item_ids.index(instrument.outcome_item)]
    return shapley_r2_groups(outcome, dimension_scores, list(instrument.core_dimensions), groups)
