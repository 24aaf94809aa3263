"""Shapley decomposition of R^2 against brute-force OLS over every entry order."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from scoring.drivers import MIN_DRIVER_N, outcome_drivers, shapley_r2, shapley_r2_groups
from tests.unit.test_scoring_groups import INSTRUMENT, reference_dimensions, reference_keyed, survey


def ols_r2(y: np.ndarray, x: np.ndarray, cols: tuple[int, ...]) -> float:
    if not cols:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, list(cols)]])
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = y - design @ beta
    return 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))


def brute_force_shapley(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Average R^2 gain of each predictor over all k! entry orders."""
    k = x.shape[1]
    gains = np.zeros(k)
    for order in itertools.permutations(range(k)):
        entered: tuple[int, ...] = ()
        for j in order:
            gains[j] += ols_r2(y, x, tuple(sorted(entered + (j,)))) - ols_r2(y, x, entered)
            entered += (j,)
    return gains / math.factorial(k)


def correlated_survey(seed: int, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    shared = rng.normal(size=(n, 1))
    x = np.clip(np.rint(3 + shared + rng.normal(size=(n, k))), 1, 5)
    y = np.clip(np.rint(3 + (x - 3) @ rng.uniform(0.2, 1, size=k) / k + rng.normal(scale=0.6, size=n)), 1, 5)
    return y, x


@pytest.mark.parametrize(("seed", "n", "k"), [(1, 30, 1), (2, 80, 3), (3, 200, 4), (4, 500, 5)])
def test_weights_match_brute_force(seed: int, n: int, k: int) -> None:
    y, x = correlated_survey(seed, n, k)
    names = [f"d{j}" for j in range(k)]
    drivers = shapley_r2(y, x, names)
    assert drivers is not None and drivers.n == n
    expected = brute_force_shapley(y, x)
    assert [drivers.weights[name] for name in names] == pytest.approx(expected, abs=1e-10)
    assert drivers.r2 == pytest.approx(ols_r2(y, x, tuple(range(k))), abs=1e-10)
    assert sum(drivers.weights.values()) == pytest.approx(drivers.r2, abs=1e-12)
    assert sum(drivers.relative.values()) == pytest.approx(1.0)


def test_listwise_deletion() -> None:
    y, x = correlated_survey(7, 120, 3)
    y_missing, x_missing = y.copy(), x.copy()
    y_missing[:5] = np.nan
    x_missing[10:14, 1] = np.nan
    drivers = shapley_r2(y_missing, x_missing, ["a", "b", "c"])
    keep = np.ones(120, dtype=bool)
    keep[:5] = keep[10:14] = False
    assert drivers.n == 111
    expected = brute_force_shapley(y[keep], x[keep])
    assert [drivers.weights[n] for n in "abc"] == pytest.approx(expected, abs=1e-10)


def test_needs_thirty_complete_respondents() -> None:
    y, x = correlated_survey(8, MIN_DRIVER_N, 2)
    assert shapley_r2(y, x, ["a", "b"]) is not None
    y[0] = np.nan
    assert shapley_r2(y, x, ["a", "b"]) is None


def test_constant_outcome_or_predictors_give_none() -> None:
    y, x = correlated_survey(9, 60, 2)
    assert shapley_r2(np.full(60, 4.0), x, ["a", "b"]) is None
    assert shapley_r2(y, np.full((60, 2), 3.0), ["a", "b"]) is None


def test_duplicated_dimension_shares_its_credit() -> None:
    y, x = correlated_survey(10, 150, 2)
    drivers = shapley_r2(y, np.column_stack([x, x[:, 0]]), ["a", "b", "a_again"])
    assert drivers.weights["a"] == pytest.approx(drivers.weights["a_again"], abs=1e-10)
    assert drivers.r2 == pytest.approx(ols_r2(y, x, (0, 1)), abs=1e-10)


def test_many_groups_at_once_are_exactly_each_group_alone() -> None:
    y, x = correlated_survey(11, 900, 4)
    names = ["a", "b", "c", "d"]
    y[::17] = np.nan
    labels = np.random.default_rng(11).integers(0, 20, 900)
    groups = [labels == g for g in range(20)] + [labels < 0, np.ones(900, dtype=bool)]
    together = shapley_r2_groups(y, x, names, groups)
    alone = [shapley_r2(y[rows], x[rows], names) for rows in groups]
    assert together[-2] is None and alone[-2] is None
    assert [vars(d) if d else None for d in together] == [vars(d) if d else None for d in alone]


def test_a_group_given_by_row_indices_reads_exactly_as_by_its_mask() -> None:
    """A close passes each group's row indices; a page filtering one group passes its mask."""
    y, x = correlated_survey(12, 600, 4)
    x[::13, 1] = np.nan
    labels = np.random.default_rng(12).integers(0, 6, 600)
    masks = [labels == g for g in range(6)]
    by_mask = shapley_r2_groups(y, x, ["a", "b", "c", "d"], masks)
    by_index = shapley_r2_groups(y, x, ["a", "b", "c", "d"], [np.flatnonzero(rows) for rows in masks])
    assert all(d is not None for d in by_mask)
    assert [vars(d) for d in by_index] == [vars(d) for d in by_mask]


def test_outcome_drivers_take_the_core_dimensions_only() -> None:
    """The questionnaire-level definition every page shares: core dimension means, extras left out."""
    answers = survey(11, 160, missing=0.05)
    everyone, half = np.ones(160, dtype=bool), np.arange(160) < 80
    found = outcome_drivers(answers, INSTRUMENT, [everyone, half])
    keyed = reference_keyed(answers)
    dims = reference_dimensions(keyed)[list(INSTRUMENT.core_dimensions)]
    for drivers, rows in zip(found, (everyone, half)):
        x, y = dims.to_numpy()[rows], keyed["overall"].to_numpy()[rows]
        complete = ~np.isnan(y) & ~np.isnan(x).any(axis=1)
        assert drivers is not None and drivers.n == complete.sum()
        assert list(drivers.weights) == list(INSTRUMENT.core_dimensions)
        expected = brute_force_shapley(y[complete], x[complete])
        assert list(drivers.weights.values()) == pytest.approx(expected, abs=1e-10)
