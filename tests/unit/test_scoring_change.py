"""Change against the previous cycle and BH control, against SciPy and statsmodels."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from scoring.change import Change, apply_fdr, benjamini_hochberg, compare_to_previous


@pytest.mark.parametrize("seed", range(8))
def test_bh_matches_scipy_and_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(size=rng.integers(1, 40)), rng.uniform(0, 0.01, size=5)])
    p[: min(3, p.size)] = p[0]  # ties
    rng.shuffle(p)
    q = benjamini_hochberg(p)
    np.testing.assert_allclose(q, stats.false_discovery_control(p, method="bh"), rtol=1e-12)
    np.testing.assert_allclose(q, multipletests(p, method="fdr_bh")[1], rtol=1e-12)


@pytest.mark.parametrize("p", [[0.0], [1.0], [1.0, 1.0, 1.0], [0.04, 0.04, 0.04], [0.0, 0.5, 1.0]])
def test_bh_edge_cases_match_statsmodels(p: list[float]) -> None:
    np.testing.assert_allclose(benjamini_hochberg(np.array(p)), multipletests(p, method="fdr_bh")[1])


def test_bh_of_nothing_and_refusing_nan() -> None:
    assert benjamini_hochberg(np.array([])).size == 0
    with pytest.raises(ValueError):
        benjamini_hochberg(np.array([0.1, np.nan]))


@pytest.mark.parametrize("seed", range(6))
def test_compare_matches_welch_and_pooled_z(seed: int) -> None:
    rng = np.random.default_rng(seed)
    current = np.clip(rng.normal(3.6, 0.7, size=rng.integers(2, 60)), 1, 5)
    previous = np.clip(rng.normal(3.3, 0.9, size=rng.integers(2, 60)), 1, 5)
    current[0] = np.nan
    fav_now, fav_before = (int(rng.integers(0, 100)), 100), (int(rng.integers(0, 80)), 80)
    change = compare_to_previous(current, previous, fav_now, fav_before, scale_min=1, scale_max=5)

    clean = current[~np.isnan(current)]
    t, p = stats.ttest_ind(clean, previous, equal_var=False)
    assert change.t == pytest.approx(t, rel=1e-10)
    assert change.p == pytest.approx(p, rel=1e-8, abs=1e-300)
    assert change.diff == pytest.approx((clean.mean() - previous.mean()) * 25, rel=1e-12)
    # One trial per person scored, at the share of answers that were favorable.
    people = np.array([clean.size, previous.size])
    shares = np.array([fav_now[0] / fav_now[1], fav_before[0] / fav_before[1]])
    z, zp = proportions_ztest(shares * people, people)
    assert change.favorable_p == pytest.approx(zp, rel=1e-10)
    assert change.favorable_diff == pytest.approx(100 * (fav_now[0] / 100 - fav_before[0] / 80))
    assert change.q is None and change.meaningful is False


def test_compare_degenerate_cases_give_none() -> None:
    single = compare_to_previous(np.array([4.0]), np.array([3.0]), (1, 1), (0, 1), scale_min=1, scale_max=5)
    assert single.diff == 25.0 and single.t is None and single.p is None
    flat = compare_to_previous(np.full(5, 4.0), np.full(7, 4.0), (5, 5), (7, 7), scale_min=1, scale_max=5)
    assert flat.diff == 0.0 and flat.t is None and flat.p is None
    assert flat.favorable_diff == 0.0 and flat.favorable_p is None
    empty = compare_to_previous(np.array([]), np.full(3, np.nan), (0, 0), (0, 0), scale_min=1, scale_max=5)
    assert empty == Change(None, None, None, None, None)


def test_one_side_without_spread_still_tests() -> None:
    current, previous = np.full(6, 4.0), np.array([2.0, 3.0, 3.0, 4.0, 2.0])
    change = compare_to_previous(current, previous, (6, 6), (1, 5), scale_min=1, scale_max=5)
    with warnings.catch_warnings():  # SciPy warns about the constant sample it handles fine
        warnings.simplefilter("ignore", RuntimeWarning)
        t, p = stats.ttest_ind(current, previous, equal_var=False)
    assert change.t == pytest.approx(t) and change.p == pytest.approx(p)


def test_apply_fdr_uses_one_family_and_the_five_point_rule() -> None:
    changes = [
        Change(diff=8.0, t=3.0, p=0.001, favorable_diff=12.0, favorable_p=0.002),
        Change(diff=3.0, t=3.1, p=0.0005, favorable_diff=4.0, favorable_p=0.2),  # too small
        Change(diff=-9.0, t=-1.0, p=0.04, favorable_diff=-6.0, favorable_p=0.03),
        Change(diff=6.0, t=None, p=None, favorable_diff=None, favorable_p=None),
        Change(diff=-20.0, t=-4.0, p=0.0001, favorable_diff=-15.0, favorable_p=0.8),
    ]
    out = apply_fdr(changes)
    family = [0.001, 0.0005, 0.04, 0.0001, 0.002, 0.2, 0.03, 0.8]
    q = multipletests(family, method="fdr_bh")[1]
    assert [c.q for c in out] == pytest.approx([q[0], q[1], q[2], None, q[3]])
    assert [c.favorable_q for c in out] == pytest.approx([q[4], q[5], q[6], None, q[7]])
    assert [c.meaningful for c in out] == [True, False, q[2] < 0.05, False, True]
    assert [c.favorable_meaningful for c in out] == [True, False, q[6] < 0.05, False, False]
    assert [c.diff for c in out] == [c.diff for c in changes]


def test_apply_fdr_thresholds_are_parameters() -> None:
    out = apply_fdr([Change(diff=3.0, t=5.0, p=1e-6, favorable_diff=None, favorable_p=None)], min_points=2.0)
    assert out[0].meaningful
    assert apply_fdr([]) == []
