"""The shortcuts a close takes give exactly, to the last bit and in the same order, what the plain paths give.

A close keys and scores every respondent once for the groups and their drivers, builds the stored dicts
from whole lists, and the gate learns who stands behind each figure from the missing answers alone.
Each is compared here with the path it replaces, whose figures the other tests check against references.
"""
from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scoring.drivers import outcome_drivers
from scoring.groups import (
    respondent_dimension_scores,
    respondent_index,
    respondent_scores,
    respondents_with_scores,
    score_partition,
    score_partitions,
)
from scoring.instrument import Instrument
from scoring.keying import key_answers
from tests.unit.test_scoring_group_properties import INSTRUMENT, answers_strategy


def stored(value: dict[str, Any]) -> str:
    """As a snapshot stores it, key order included; a NaN anywhere is refused."""
    return json.dumps(value, allow_nan=False)


def labels_of(data: st.DataObject, rows: int, n_groups: int) -> np.ndarray:
    drawn = st.lists(st.integers(-1, n_groups - 1), min_size=rows, max_size=rows)
    return np.array(data.draw(drawn), dtype=int)


@settings(max_examples=60, deadline=None)
@given(answers_strategy)
def test_who_has_a_score_is_exactly_where_the_scores_are_not_missing(answers: np.ndarray) -> None:
    dimensions = respondent_dimension_scores(key_answers(answers, INSTRUMENT), INSTRUMENT)
    has_dimension, has_index = respondents_with_scores(answers, INSTRUMENT)
    np.testing.assert_array_equal(has_dimension, ~np.isnan(dimensions))
    np.testing.assert_array_equal(has_index, ~np.isnan(respondent_index(dimensions, INSTRUMENT)))


def test_without_core_dimensions_nobody_has_an_index() -> None:
    no_core = Instrument(**{**vars(INSTRUMENT), "core_dimensions": ()})
    has_dimension, has_index = respondents_with_scores(np.full((3, 7), 3.0), no_core)
    assert has_dimension.all() and has_index.shape == (3,) and not has_index.any()


@settings(max_examples=40, deadline=None)
@given(answers_strategy, st.data())
def test_groups_scored_from_given_respondent_scores_are_the_same_to_the_last_bit(
    answers: np.ndarray, data: st.DataObject,
) -> None:
    labelings = [(labels_of(data, len(answers), 2), 2), (labels_of(data, len(answers), 4), 4)]
    unsure = data.draw(hnp.arrays(bool, answers.shape)) & np.isnan(answers)
    each = respondent_scores(answers, INSTRUMENT)
    alone = score_partitions(answers, INSTRUMENT, labelings, unsure)
    shortcut = score_partitions(answers, INSTRUMENT, labelings, unsure, respondents=each)
    for (_, n_groups), plain, given_ in zip(labelings, alone, shortcut):
        for g in range(n_groups):
            assert stored(given_.to_dict(g)) == stored(plain.to_dict(g))


def test_respondent_scores_of_other_answers_are_refused() -> None:
    answers = np.full((4, 7), 3.0)
    with pytest.raises(ValueError, match="scores of these answers"):
        score_partitions(answers, INSTRUMENT, [(np.zeros(4, dtype=int), 1)],
                         respondents=respondent_scores(answers[:3], INSTRUMENT))


@settings(max_examples=40, deadline=None)
@given(answers_strategy, st.data())
def test_stored_dicts_are_the_result_objects_field_for_field(answers: np.ndarray, data: st.DataObject) -> None:
    """``GroupTables.to_dict`` is built from the lists without objects; ``GroupScore.to_dict`` from the objects."""
    n_groups = data.draw(st.integers(1, 4))
    labels = labels_of(data, len(answers), n_groups)
    counted = data.draw(st.booleans())
    unsure = data.draw(hnp.arrays(bool, answers.shape)) & np.isnan(answers) if counted else None
    tables = score_partition(answers, INSTRUMENT, labels, n_groups, unsure)
    for g in range(n_groups):
        assert stored(tables.to_dict(g)) == stored(tables.group(g).to_dict())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_drivers_from_given_respondent_scores_are_the_same_to_the_last_bit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(200, 1))
    answers = np.clip(np.rint(3 + trait + rng.normal(size=(200, 7))), 1, 5)
    answers[rng.random(answers.shape) < 0.1] = np.nan
    groups = [np.ones(200, dtype=bool), np.arange(200) < 120, np.flatnonzero(np.arange(200) % 2)]
    alone = outcome_drivers(answers, INSTRUMENT, groups)
    assert all(found is not None for found in alone)
    assert outcome_drivers(answers, INSTRUMENT, groups, respondent_scores(answers, INSTRUMENT)) == alone
