"""The gate's figures: who stands behind each, and "Don't know" counts decided when an item is first read.

Which counts may be given is worked out over a whole cycle, so it waits until some page reads an item's
result; until then, and after, nothing reads a count the gate withholds.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings

from assessment.gate.figures import DontKnowsReleased, contributors, dont_knows_withheld
from scoring.groups import INDEX, respondent_dimension_scores, respondent_index, score_group
from scoring.keying import key_answers
from tests.unit.test_scoring_close_shortcuts import INSTRUMENT, answers_strategy


@settings(max_examples=60, deadline=None)
@given(answers_strategy)
def test_each_figure_is_computed_from_those_with_an_answer_or_a_score(answers: np.ndarray) -> None:
    dimensions = respondent_dimension_scores(key_answers(answers, INSTRUMENT), INSTRUMENT)
    expected = {item: ~np.isnan(answers[:, i]) for i, item in enumerate(INSTRUMENT.item_ids)}
    expected |= {d: ~np.isnan(dimensions[:, j]) for j, d in enumerate(INSTRUMENT.dimensions)}
    expected[INDEX] = ~np.isnan(respondent_index(dimensions, INSTRUMENT))
    found = contributors(answers, INSTRUMENT)
    assert list(found) == list(expected)
    for figure, who in expected.items():
        np.testing.assert_array_equal(found[figure], who, err_msg=figure)


def scored_with_dont_know() -> tuple[object, np.ndarray]:
    rng = np.random.default_rng(4)
    answers = np.clip(np.rint(3 + rng.normal(size=(40, 7))), 1, 5)
    unsure = rng.random(answers.shape) < 0.2
    answers[unsure] = np.nan
    return score_group(answers, INSTRUMENT, unsure), unsure


def test_the_release_is_asked_only_when_an_item_is_read_and_only_once() -> None:
    scores, unsure = scored_with_dont_know()
    asked = []

    def released() -> frozenset[str]:
        asked.append(True)
        return frozenset({"g1", "i2"})

    shown = dont_knows_withheld(scores, released)
    assert (shown.n, shown.index, shown.dimensions) == (scores.n, scores.index, scores.dimensions)
    assert list(shown.items) == list(scores.items) and len(shown.items) == len(scores.items) and not asked
    counts = {item: score.dont_know for item, score in shown.items.items()}
    assert counts == {item: int(unsure[:, i].sum()) if item in {"g1", "i2"} else None
                      for i, item in enumerate(INSTRUMENT.item_ids)}
    assert shown.items["g2"] == replace(scores.items["g2"], dont_know=None)
    assert shown.items["g1"] == scores.items["g1"] and shown.to_dict()["items"]["i2"]["dont_know"] is not None
    assert asked == [True]


def test_a_release_reads_as_the_dict_it_stands_for() -> None:
    scores, _ = scored_with_dont_know()
    items = DontKnowsReleased(scores.items, lambda: frozenset({"m1"}))
    eager = {k: v if k == "m1" else replace(v, dont_know=None) for k, v in scores.items.items()}
    assert items == eager and dict(items) == eager and {**items} == eager
    assert items.get("nowhere") is None and "m1" in items
    assert replace(scores, items=items) == replace(scores, items=eager)


def test_scores_without_dont_know_counts_are_given_back_as_they_are() -> None:
    scores = score_group(np.full((6, 7), 3.0), INSTRUMENT)

    def never() -> frozenset[str]:
        raise AssertionError("nothing to release")

    assert dont_knows_withheld(scores, never) is scores
