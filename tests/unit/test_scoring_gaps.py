"""Perception gaps against SciPy's Welch test and pingouin's Hedges' g."""
from __future__ import annotations

import numpy as np
import pingouin as pg
import pytest
from scipy import stats

from scoring.gaps import Gap, perception_gap, rank_gaps


@pytest.mark.parametrize("seed", range(6))
def test_gap_matches_scipy_and_pingouin(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sales = np.clip(rng.normal(3.1, 0.8, size=rng.integers(2, 50)), 1, 5)
    marketing = np.clip(rng.normal(3.7, 0.6, size=rng.integers(2, 50)), 1, 5)
    gap = perception_gap("goals", np.append(sales, np.nan), marketing, scale_min=1, scale_max=5)
    t, p = stats.ttest_ind(sales, marketing, equal_var=False)
    assert gap.dimension == "goals"
    assert gap.diff == pytest.approx((sales.mean() - marketing.mean()) * 25, rel=1e-12)
    assert gap.t == pytest.approx(t, rel=1e-10)
    assert gap.p == pytest.approx(p, rel=1e-8, abs=1e-300)
    assert gap.hedges_g == pytest.approx(pg.compute_effsize(sales, marketing, eftype="hedges"), rel=1e-10)
    assert (gap.n_sales, gap.n_marketing) == (sales.size, marketing.size)


def test_seven_point_scale_diff() -> None:
    gap = perception_gap("info", np.array([7.0, 5.0]), np.array([4.0, 4.0]), scale_min=1, scale_max=7)
    assert gap.diff == pytest.approx(2 / 6 * 100)


def test_degenerate_gaps_have_no_statistics() -> None:
    one = perception_gap("goals", np.array([4.0]), np.array([2.0, 3.0]), scale_min=1, scale_max=5)
    assert one.diff == pytest.approx(37.5) and one.t is None and one.p is None and one.hedges_g is None
    flat = perception_gap("goals", np.full(4, 3.0), np.full(5, 3.0), scale_min=1, scale_max=5)
    assert flat.diff == 0.0 and flat.t is None and flat.hedges_g is None
    none = perception_gap("goals", np.array([]), np.array([2.0]), scale_min=1, scale_max=5)
    assert none.diff is None and none.n_sales == 0


def test_rank_gaps_puts_the_largest_first_and_unknown_last() -> None:
    gaps = [
        Gap("a", 3.0, None, None, None, 5, 5),
        Gap("b", None, None, None, None, 0, 5),
        Gap("c", -12.0, None, None, None, 5, 5),
        Gap("d", 7.5, None, None, None, 5, 5),
    ]
    assert [g.dimension for g in rank_gaps(gaps)] == ["c", "d", "a", "b"]
