"""Properties of group scoring that must hold for any answers, and the degenerate cases."""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scoring.groups import score_group, score_groups, score_partition, score_partitions
from scoring.instrument import Instrument
from scoring.results import GroupScore

INSTRUMENT = Instrument(
    item_ids=("g1", "g2", "g3", "i1", "i2", "m1", "overall"),
    item_dimensions=("goals",) * 3 + ("info",) * 2 + ("metrics", None),
    reverse=(False, True, False, True, False, False, False),
    scale_min=1,
    scale_max=5,
    dimensions=("goals", "info", "metrics"),
    core_dimensions=("goals", "info"),
    outcome_item="overall",
)

answers_strategy = hnp.arrays(
    float,
    st.tuples(st.integers(0, 25), st.just(len(INSTRUMENT.item_ids))),
    elements=st.one_of(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0]), st.just(np.nan)),
)


def floats_of(value: Any) -> list[float]:
    """Every float anywhere in a nested to_dict() result."""
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in floats_of(v)]
    if isinstance(value, (list, tuple)):
        return [f for v in value for f in floats_of(v)]
    return []


def assert_close(a: Any, b: Any, path: str = "") -> None:
    """Equal structure; floats equal up to summation order."""
    if isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9), path
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for key in a:
            assert_close(a[key], b[key], f"{path}.{key}")
    else:
        assert a == b, path


def assert_well_formed(result: GroupScore) -> None:
    data = result.to_dict()
    assert all(math.isfinite(f) for f in floats_of(data))
    for block in [data["index"], *data["dimensions"].values(), *data["items"].values()]:
        for key in ("score", "favorable"):
            assert block[key] is None or 0.0 <= block[key] <= 100.0
        for key in ("ci", "favorable_ci"):
            interval = block.get(key)
            if interval is not None:
                assert 0.0 <= interval["low"] <= interval["high"] <= 100.0
        if block["score"] is not None and block.get("ci") is not None:
            assert block["ci"]["low"] - 1e-9 <= block["score"] <= block["ci"]["high"] + 1e-9
    assert GroupScore.from_dict(data) == result


@settings(max_examples=60, deadline=None)
@given(answers_strategy)
def test_every_figure_is_finite_or_none_and_on_0_to_100(answers: np.ndarray) -> None:
    assert_well_formed(score_group(answers, INSTRUMENT))


@settings(max_examples=40, deadline=None)
@given(answers_strategy, st.randoms(use_true_random=False))
def test_permuting_respondents_changes_nothing(answers: np.ndarray, rnd: Any) -> None:
    order = list(range(answers.shape[0]))
    rnd.shuffle(order)
    assert_close(
        score_group(answers[order], INSTRUMENT).to_dict(),
        score_group(answers, INSTRUMENT).to_dict(),
    )


@settings(max_examples=40, deadline=None)
@given(answers_strategy, st.integers(-3, 10))
def test_a_constant_shift_moves_raw_means_only(answers: np.ndarray, shift: int) -> None:
    shifted_instrument = replace(
        INSTRUMENT, scale_min=INSTRUMENT.scale_min + shift, scale_max=INSTRUMENT.scale_max + shift
    )
    base = score_group(answers, INSTRUMENT)
    moved = score_group(answers + shift, shifted_instrument)
    pairs = [(base.index, moved.index)]
    pairs += [(base.dimensions[d], moved.dimensions[d]) for d in INSTRUMENT.dimensions]
    pairs += [(base.items[i], moved.items[i]) for i in INSTRUMENT.item_ids]
    for before, after in pairs:
        if before.mean is None:
            assert after.mean is None
            continue
        assert after.mean == pytest.approx(before.mean + shift, abs=1e-9)
        unshifted = replace(after, mean=before.mean)
        assert_close(unshifted.__dict__ | {"ci": None, "alpha_ci": None, "favorable_ci": None},
                     before.__dict__ | {"ci": None, "alpha_ci": None, "favorable_ci": None})


@settings(max_examples=40, deadline=None)
@given(answers_strategy, st.data())
def test_score_groups_equals_score_group_on_each_group(answers: np.ndarray, data: Any) -> None:
    n_groups = data.draw(st.integers(1, 5))
    labels = np.array(
        data.draw(st.lists(st.integers(0, n_groups - 1), min_size=len(answers), max_size=len(answers))),
        dtype=int,
    )
    together = score_groups(answers, INSTRUMENT, labels, n_groups)
    tables = score_partition(answers, INSTRUMENT, labels, n_groups)
    assert len(together) == n_groups
    for group, result in enumerate(together):
        assert_close(result.to_dict(), score_group(answers[labels == group], INSTRUMENT).to_dict())
        assert tables.to_dict(group) == result.to_dict()
        assert tables.summary(group) == replace(result, items={})


@settings(max_examples=30, deadline=None)
@given(answers_strategy, st.data())
def test_several_groupings_at_once_equal_each_grouping_of_its_own_rows(answers: np.ndarray, data: Any) -> None:
    """A close scores four groupings in one call; -1 leaves a respondent out of one grouping only."""
    def labels(n_groups: int) -> np.ndarray:
        drawn = st.lists(st.integers(-1, n_groups - 1), min_size=len(answers), max_size=len(answers))
        return np.array(data.draw(drawn), dtype=int)

    labelings = [(labels(2), 2), (labels(4), 4)]
    for (grouping, n_groups), tables in zip(labelings, score_partitions(answers, INSTRUMENT, labelings)):
        kept = grouping != -1
        alone = score_partition(answers[kept], INSTRUMENT, grouping[kept], n_groups)
        assert tables.counts == alone.counts
        for group in range(n_groups):
            assert_close(tables.to_dict(group), alone.to_dict(group))


def test_everyone_giving_the_same_answer() -> None:
    result = score_group(np.full((12, 7), 4.0), INSTRUMENT)
    assert_well_formed(result)
    goals = result.dimensions["goals"]
    # reverse-keyed g2 turns 4 into 2, so the goals mean is (4 + 2 + 4) / 3
    assert goals.n == 12 and goals.sd == 0.0
    assert goals.alpha is None and goals.alpha_ci is None
    assert result.items["g1"].mean == 4.0 and result.items["g1"].sd == 0.0
    assert result.items["g1"].favorable == 100.0
    assert result.items["g1"].favorable_ci.high == 100.0
    assert result.items["g2"].favorable == 0.0
    assert result.items["g2"].favorable_ci.low == 0.0
    assert result.dimensions["metrics"].ci.low == result.dimensions["metrics"].ci.high == 75.0


def test_single_respondent() -> None:
    result = score_group(np.array([[5, 1, 5, 1, 5, 5, 5]], dtype=float), INSTRUMENT)
    assert_well_formed(result)
    assert result.n == 1
    assert result.index.score == 100.0
    assert result.index.sd is None and result.index.ci is None and result.index.alpha is None
    assert result.dimensions["goals"].favorable == 100.0


def test_dimension_nobody_answered() -> None:
    answers = np.array([[5, 1, 5, np.nan, np.nan, 3, 4], [4, 2, 4, np.nan, np.nan, 2, 4]])
    result = score_group(answers, INSTRUMENT)
    assert_well_formed(result)
    info = result.dimensions["info"]
    assert info.n == 0 and info.mean is None and info.score is None and info.favorable is None
    assert info.responses == 0 and info.alpha is None
    assert result.index.n == 2  # goals alone is half of the core
    assert result.items["i1"].n == 0 and result.items["i1"].mean is None


def test_nobody_answered_anything_and_empty_groups() -> None:
    result = score_group(np.full((3, 7), np.nan), INSTRUMENT)
    assert_well_formed(result)
    assert result.n == 3 and result.index.n == 0
    empty = score_group(np.empty((0, 7)), INSTRUMENT)
    assert_well_formed(empty)
    assert empty.n == 0 and empty.dimensions["goals"].mean is None
    groups = score_groups(np.full((2, 7), 3.0), INSTRUMENT, np.array([2, 2]), 4)
    assert [g.n for g in groups] == [0, 0, 2, 0]
    for group in groups:
        assert_well_formed(group)


def test_zero_variance_items_beside_varying_ones_keep_alpha_defined() -> None:
    answers = np.array([[3, 3, 1, 1, 2, 3, 3], [3, 3, 4, 2, 4, 3, 3], [3, 3, 5, 4, 5, 3, 3],
                        [3, 3, 2, 5, 1, 3, 3]], dtype=float)
    result = score_group(answers, INSTRUMENT)
    assert_well_formed(result)
    assert result.dimensions["goals"].alpha is not None
    assert result.dimensions["metrics"].sd == 0.0
