"""Cronbach's alpha and Feldt's interval against pingouin."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from scoring.reliability import cronbach_alpha, feldt_interval


def pingouin_alpha(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    alpha, ci = pg.cronbach_alpha(pd.DataFrame(matrix))
    return float(alpha), np.asarray(ci)


def check_against_pingouin(matrix: np.ndarray) -> None:
    reference, reference_ci = pingouin_alpha(matrix)
    alpha = cronbach_alpha(matrix)
    assert alpha == pytest.approx(reference, rel=1e-9, abs=1e-12)
    ci = feldt_interval(alpha, matrix.shape[0], matrix.shape[1])
    assert ci is not None
    # pingouin rounds its interval to three decimals
    assert ci.low == pytest.approx(reference_ci[0], abs=5e-4 + 1e-12)
    assert ci.high == pytest.approx(reference_ci[1], abs=5e-4 + 1e-12)


def test_pingouin_documented_likert_example() -> None:
    data = pg.read_dataset("cronbach_alpha").pivot(index="Subj", columns="Items", values="Scores")
    matrix = data.to_numpy(dtype=float)
    alpha = cronbach_alpha(matrix)
    # Documented in pingouin.cronbach_alpha: (0.5917188485995826, array([0.195, 0.84 ]))
    assert alpha == pytest.approx(0.5917188485995826, rel=1e-12)
    ci = feldt_interval(alpha, *matrix.shape)
    assert ci is not None
    assert (round(ci.low, 3), round(ci.high, 3)) == (0.195, 0.84)
    check_against_pingouin(matrix)


def test_pingouin_documented_pairwise_missing_example() -> None:
    matrix = pg.read_dataset("cronbach_wide_missing").to_numpy(dtype=float)
    assert np.isnan(matrix).any()
    alpha = cronbach_alpha(matrix)
    # Documented (psych::alpha(use="pairwise")): (0.732660835214447, array([0.435, 0.909]))
    assert alpha == pytest.approx(0.732660835214447, rel=1e-12)
    ci = feldt_interval(alpha, *matrix.shape)
    assert ci is not None
    assert (round(ci.low, 3), round(ci.high, 3)) == (0.435, 0.909)


@pytest.mark.parametrize("seed", range(12))
def test_random_likert_with_missing_matches_pingouin(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(8, 120)), int(rng.integers(2, 9))
    trait = rng.normal(size=(n, 1))
    matrix = np.clip(np.rint(3 + trait + rng.normal(scale=1.2, size=(n, k))), 1, 5)
    matrix[rng.random(matrix.shape) < rng.uniform(0, 0.25)] = np.nan
    matrix = matrix[~np.isnan(matrix).all(axis=1)]
    check_against_pingouin(matrix)


def test_continuous_values_match_pingouin() -> None:
    rng = np.random.default_rng(99)
    matrix = rng.normal(size=(40, 5)) + rng.normal(size=(40, 1)) * 2 + 100
    check_against_pingouin(matrix)


def test_everyone_answering_alike_has_no_alpha() -> None:
    assert cronbach_alpha(np.full((10, 4), 4.0)) is None


def test_single_respondent_has_no_alpha() -> None:
    assert cronbach_alpha(np.array([[1.0, 2.0, 3.0]])) is None


def test_single_item_has_no_alpha() -> None:
    assert cronbach_alpha(np.array([[1.0], [2.0], [4.0]])) is None


def test_pair_never_answered_together_has_no_alpha() -> None:
    matrix = np.array([[1, np.nan], [2, np.nan], [np.nan, 3], [np.nan, 5]], dtype=float)
    assert cronbach_alpha(matrix) is None


def test_nothing_answered_has_no_alpha() -> None:
    assert cronbach_alpha(np.full((5, 3), np.nan)) is None


def test_items_that_cancel_out_have_no_alpha() -> None:
    # Item 2 is the unkeyed mirror of item 1: the sum score never varies.
    first = np.array([1, 2, 3, 4, 5, 2], dtype=float)
    assert cronbach_alpha(np.column_stack([first, 6 - first])) is None


def test_feldt_needs_alpha_and_enough_data() -> None:
    assert feldt_interval(None, 10, 4) is None
    assert feldt_interval(0.8, 1, 4) is None
    assert feldt_interval(0.8, 10, 1) is None
