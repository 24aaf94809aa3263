"""Group scores against a plain per-group reference built from pandas, SciPy,
statsmodels and pingouin (nothing of scoring/ beyond the function under test)."""
from __future__ import annotations

import math
import statistics
import warnings

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from scoring.groups import respondent_dimension_scores, respondent_index, score_group, score_groups, score_partitions
from scoring.instrument import Instrument

INSTRUMENT = Instrument(
    item_ids=("g1", "g2", "g3", "g4", "i1", "i2", "i3", "m1", "m2", "overall"),
    item_dimensions=("goals",) * 4 + ("info",) * 3 + ("metrics",) * 2 + (None,),
    reverse=(False, True, False, False, False, False, True, False, True, False),
    scale_min=1,
    scale_max=5,
    dimensions=("goals", "info", "metrics"),
    core_dimensions=("goals", "info"),
    outcome_item="overall",
)


def survey(seed: int, n: int, missing: float = 0.1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    raw = np.clip(np.rint(3 + trait + rng.normal(size=(n, 10))), 1, 5)
    reverse = np.array(INSTRUMENT.reverse)
    raw[:, reverse] = 6 - raw[:, reverse]
    raw[rng.random(raw.shape) < missing] = np.nan
    return raw


def reference_keyed(answers: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(answers, columns=list(INSTRUMENT.item_ids))
    for item, reverse in zip(INSTRUMENT.item_ids, INSTRUMENT.reverse):
        if reverse:
            frame[item] = 6 - frame[item]
    return frame


def reference_dimensions(keyed: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for dimension in INSTRUMENT.dimensions:
        block = keyed[[i for i, d in zip(INSTRUMENT.item_ids, INSTRUMENT.item_dimensions) if d == dimension]]
        enough = block.notna().sum(axis=1) * 2 >= block.shape[1]
        out[dimension] = block.mean(axis=1).where(enough)
    return pd.DataFrame(out)


def reference_index(dims: pd.DataFrame) -> pd.Series:
    core = dims[list(INSTRUMENT.core_dimensions)]
    return core.mean(axis=1).where(core.notna().sum(axis=1) * 2 >= core.shape[1])


def to_100(value: float) -> float:
    return (value - 1) / 4 * 100


def check_summary(result, values: pd.Series) -> None:
    """n, mean, score, sd and t interval of one dimension against statistics/scipy."""
    data = values.dropna().to_list()
    assert result.n == len(data)
    if not data:
        assert result.mean is None and result.score is None and result.sd is None
        return
    assert result.mean == pytest.approx(statistics.fmean(data), rel=1e-12)
    assert result.score == pytest.approx(to_100(statistics.fmean(data)), rel=1e-12, abs=1e-9)
    has_ci = hasattr(result, "ci")  # items carry no interval
    if len(data) < 2:
        assert result.sd is None and (not has_ci or result.ci is None)
        return
    sd = statistics.stdev(data)
    assert result.sd == pytest.approx(sd, rel=1e-9, abs=1e-12)
    if not has_ci:
        return
    mean = statistics.fmean(data)
    if sd > 0:
        low, high = stats.t.interval(0.95, len(data) - 1, loc=mean, scale=sd / math.sqrt(len(data)))
    else:
        low = high = mean
    assert result.ci.low == pytest.approx(min(100, max(0, to_100(low))), abs=1e-9)
    assert result.ci.high == pytest.approx(min(100, max(0, to_100(high))), abs=1e-9)


def check_favorable(result, block: pd.DataFrame) -> None:
    answered = block.notna().to_numpy().sum()
    favorable = (block.to_numpy() >= 4).sum()
    assert (result.responses if hasattr(result, "responses") else result.n) == answered
    assert result.favorable_count == favorable
    if answered == 0:
        assert result.favorable is None and result.favorable_ci is None
        return
    assert result.favorable == pytest.approx(100 * favorable / answered, rel=1e-12)
    # One trial per person scored: a person's answers to one dimension are not independent of each other.
    people = result.n
    if people == 0:
        assert result.favorable_ci is None
        return
    low, high = proportion_confint(favorable / answered * people, people, alpha=0.05, method="wilson")
    assert result.favorable_ci.low == pytest.approx(100 * low, abs=1e-9)
    assert result.favorable_ci.high == pytest.approx(100 * high, abs=1e-9)


def check_alpha(result, block: pd.DataFrame) -> None:
    block = block.dropna(how="all")
    if block.shape[1] < 2 or block.shape[0] < 2:
        assert result.alpha is None
        return
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        alpha, ci = pg.cronbach_alpha(block)
    if not np.isfinite(alpha):
        assert result.alpha is None
        return
    assert result.alpha == pytest.approx(alpha, rel=1e-9, abs=1e-12)
    assert result.alpha_ci.low == pytest.approx(ci[0], abs=5e-4 + 1e-12)
    assert result.alpha_ci.high == pytest.approx(ci[1], abs=5e-4 + 1e-12)


def check_group(result, answers: np.ndarray) -> None:
    keyed = reference_keyed(answers)
    dims = reference_dimensions(keyed)
    assert result.n == answers.shape[0]
    for dimension in INSTRUMENT.dimensions:
        items = [i for i, d in zip(INSTRUMENT.item_ids, INSTRUMENT.item_dimensions) if d == dimension]
        check_summary(result.dimensions[dimension], dims[dimension])
        check_favorable(result.dimensions[dimension], keyed[items])
        check_alpha(result.dimensions[dimension], keyed[items])
    core_items = [i for i, d in zip(INSTRUMENT.item_ids, INSTRUMENT.item_dimensions) if d in INSTRUMENT.core_dimensions]
    check_summary(result.index, reference_index(dims))
    check_favorable(result.index, keyed[core_items])
    check_alpha(result.index, dims[list(INSTRUMENT.core_dimensions)])
    assert set(result.items) == set(INSTRUMENT.item_ids)
    for item in INSTRUMENT.item_ids:
        check_summary(result.items[item], keyed[item])
        check_favorable(result.items[item], keyed[[item]])


@pytest.mark.parametrize(("seed", "n"), [(1, 40), (2, 7), (3, 150), (4, 3)])
def test_score_group_matches_reference(seed: int, n: int) -> None:
    answers = survey(seed, n)
    check_group(score_group(answers, INSTRUMENT), answers)


def test_score_groups_matches_reference_per_group() -> None:
    answers = survey(5, 600, missing=0.15)
    labels = np.random.default_rng(6).integers(0, 25, size=600)
    labels[labels == 7] = 8  # group 7 stays empty
    results = score_groups(answers, INSTRUMENT, labels, 25)
    assert len(results) == 25
    for group, result in enumerate(results):
        check_group(result, answers[labels == group])


def test_overlapping_groupings_scored_from_shared_cells_match_reference_per_group() -> None:
    """A close adds up team x function cells into teams, functions and the organization."""
    answers = survey(7, 500, missing=0.12)
    rng = np.random.default_rng(8)
    team, function = rng.integers(0, 12, size=500), rng.integers(0, 3, size=500)
    team[team == 11] = -1                      # people whose team was removed count for their function only
    answers[team == 4, 0] = 5.0                # one item everyone in team 4 answered alike, in every cell
    labelings = [(np.zeros(500, dtype=int), 1), (function, 3), (team, 11),
                 (np.where(team >= 0, team * 3 + function, -1), 33)]
    for (labels, n_groups), tables in zip(labelings, score_partitions(answers, INSTRUMENT, labelings)):
        for group in range(n_groups):
            check_group(tables.group(group), answers[labels == group])
    team_4 = score_partitions(answers, INSTRUMENT, labelings)[2].group(4)
    assert team_4.items["g1"].sd == 0.0 and team_4.dimensions["goals"].alpha is not None


def test_respondent_dimension_scores_need_half_the_items() -> None:
    nan = np.nan
    keyed = np.array([
        [5, 5, nan, nan, 4, nan, nan, 2, nan, 3],   # goals 2/4 ok, info 1/3 missing, metrics 1/2 ok
        [5, nan, nan, nan, 4, 2, nan, nan, nan, 3],  # goals 1/4 missing, info 2/3 ok, metrics 0/2
    ])
    scores = respondent_dimension_scores(keyed, INSTRUMENT)
    np.testing.assert_array_equal(scores, [[5, nan, 2], [nan, 3, nan]])


def test_respondent_index_needs_half_the_core_dimensions() -> None:
    nan = np.nan
    dims = np.array([[4, 2, 1], [4, nan, 1], [nan, nan, 5]])
    np.testing.assert_array_equal(respondent_index(dims, INSTRUMENT), [3, 4, nan])


def test_outcome_item_is_scored_but_in_no_dimension() -> None:
    answers = survey(8, 30)
    result = score_group(answers, INSTRUMENT)
    assert result.items["overall"].n == int(np.sum(~np.isnan(answers[:, -1])))
    assert result.dimensions["goals"].responses == int(np.sum(~np.isnan(answers[:, :4])))


def test_labels_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        score_groups(survey(1, 4), INSTRUMENT, np.array([0, 1, 2, 3]), 3)
    with pytest.raises(ValueError):
        score_groups(survey(1, 4), INSTRUMENT, np.array([0, 1]), 3)


def test_favorable_follows_the_scale_and_its_top_points() -> None:
    four_point = Instrument(
        item_ids=("a", "b"), item_dimensions=("goals", "goals"), reverse=(False, True),
        scale_min=1, scale_max=4, dimensions=("goals",), core_dimensions=("goals",),
        favorable_points=1,
    )
    answers = np.array([[4, 1], [3, 2], [4, 4], [1, np.nan]])
    result = score_group(answers, four_point)
    # keyed b: 4, 3, 1; only 4 is favorable
    assert result.items["a"].favorable_count == 2 and result.items["b"].favorable_count == 1
    assert result.dimensions["goals"].favorable == pytest.approx(100 * 3 / 7)
    assert result.items["a"].score == pytest.approx((3.0 - 1) / 3 * 100)
