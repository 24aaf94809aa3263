"""Changes and gaps from stored summaries equal the tests run on the raw respondent scores."""
from __future__ import annotations

import numpy as np
import pingouin
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest

from scoring.comparisons import change_between, gap_between
from scoring.results import DimensionScore


def summary(values: np.ndarray, favorable: int, answered: int) -> DimensionScore:
    return DimensionScore(dimension="d", n=len(values), mean=float(values.mean()), sd=float(values.std(ddof=1)),
                          favorable_count=favorable, responses=answered)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_change_matches_scipy_welch_and_statsmodels_two_proportions(seed: int) -> None:
    rng = np.random.default_rng(seed)
    now, before = rng.normal(3.4, 0.7, 40), rng.normal(3.1, 0.9, 25)
    change = change_between(summary(now, 120, 200), summary(before, 60, 125), scale_min=1, scale_max=5)
    reference = stats.ttest_ind(now, before, equal_var=False)
    assert change.t == pytest.approx(reference.statistic)
    assert change.p == pytest.approx(reference.pvalue)
    assert change.diff == pytest.approx((now.mean() - before.mean()) / 4 * 100)
    # 40 and 25 people, not 200 and 125 answers: one trial per person, at the share of favorable answers.
    _, favorable_p = proportions_ztest([120 / 200 * 40, 60 / 125 * 25], [40, 25])
    assert change.favorable_p == pytest.approx(favorable_p)
    assert change.favorable_diff == pytest.approx(100 * (120 / 200 - 60 / 125))


def test_gap_matches_scipy_and_pingouin_hedges() -> None:
    rng = np.random.default_rng(9)
    sales, marketing = rng.normal(2.9, 0.8, 31), rng.normal(3.5, 0.6, 14)
    gap = gap_between("lead_handoff", summary(sales, 0, 0), summary(marketing, 0, 0), scale_min=1, scale_max=5)
    reference = stats.ttest_ind(sales, marketing, equal_var=False)
    assert gap.p == pytest.approx(reference.pvalue)
    assert gap.hedges_g == pytest.approx(pingouin.compute_effsize(sales, marketing, eftype="hedges"))
    assert gap.diff == pytest.approx((sales.mean() - marketing.mean()) / 4 * 100)
    assert (gap.n_sales, gap.n_marketing) == (31, 14)


def test_a_group_of_one_gives_no_test_and_no_nan() -> None:
    one = DimensionScore(dimension="d", n=1, mean=3.0, sd=None, favorable_count=0, responses=5)
    many = summary(np.array([2.0, 3.0, 4.0]), 1, 15)
    change = change_between(one, many, scale_min=1, scale_max=5)
    assert change.p is None and change.t is None
    assert change.diff == pytest.approx(0.0)


def test_many_pairs_at_once_match_scipy_pair_by_pair() -> None:
    from scoring.comparisons import changes_between

    rng = np.random.default_rng(21)
    samples = [(rng.normal(3, 0.8, rng.integers(2, 40)), rng.normal(3.2, 0.7, rng.integers(2, 40)))
               for _ in range(25)]
    pairs = [(summary(a, 3, 10), summary(b, 4, 12)) for a, b in samples]
    for (a, b), change in zip(samples, changes_between(pairs, scale_min=1, scale_max=5)):
        assert change.p == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue)


def test_group_score_to_dict_is_asdict_and_round_trips() -> None:
    from dataclasses import asdict

    from scoring.groups import score_group
    from scoring.instrument import Instrument
    from scoring.results import GroupScore

    instrument = Instrument(item_ids=("a", "b", "c"), item_dimensions=("x", "x", None), reverse=(False, True, False),
                            scale_min=1, scale_max=5, dimensions=("x",), core_dimensions=("x",), outcome_item="c")
    score = score_group(np.random.default_rng(3).integers(1, 6, (12, 3)).astype(float), instrument)
    assert score.to_dict() == asdict(score)
    assert GroupScore.from_dict(score.to_dict()) == score
