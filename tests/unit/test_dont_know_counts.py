""""Don't know" counted per statement and group: against counts made here with pandas, never the code's own."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assessment.answers import DONT_KNOW, decode_answers, decode_dont_know, encode_answers
from questionnaires.builtin import load_builtin
from scoring.groups import score_group, score_groups, score_partitions
from scoring.results import GroupScore
from tests.unit.test_scoring_groups import INSTRUMENT, survey


def with_dont_know(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Answers with skips, and about one answer in six a "Don't know" (NaN in the answers, as decoded)."""
    answers = survey(seed, n, missing=0.05)
    unsure = np.random.default_rng(seed + 100).random(answers.shape) < 0.17
    answers[unsure] = np.nan
    return answers, unsure


def reference_counts(answers: np.ndarray, unsure: np.ndarray, labels: np.ndarray) -> pd.DataFrame:
    """Per group and item: "Don't know"s and answers on the scale, by pandas over the rows of each group."""
    items = list(INSTRUMENT.item_ids)
    said = pd.DataFrame(unsure, columns=items).assign(group=labels)
    answered = pd.DataFrame(~np.isnan(answers), columns=items).assign(group=labels)
    said, answered = said[said.group >= 0], answered[answered.group >= 0]
    return pd.concat({"dont_know": said.groupby("group").sum(), "n": answered.groupby("group").sum()}, axis=1)


def test_each_group_counts_the_dont_knows_of_its_own_people_in_every_grouping() -> None:
    answers, unsure = with_dont_know(5, 400)
    rng = np.random.default_rng(6)
    teams = rng.integers(0, 12, 400)
    teams[rng.random(400) < 0.05] = -1  # people whose team was removed: in no team
    labelings = [(np.zeros(400, dtype=np.int64), 1), (rng.integers(0, 3, 400), 3), (teams, 12)]
    for (labels, n_groups), tables in zip(labelings, score_partitions(answers, INSTRUMENT, labelings, unsure)):
        reference = reference_counts(answers, unsure, labels)
        for g in range(n_groups):
            items, stored = tables.group(g).items, tables.to_dict(g)["items"]
            for item in INSTRUMENT.item_ids:
                expected = int(reference.loc[g, ("dont_know", item)])
                assert items[item].dont_know == stored[item]["dont_know"] == expected
                base = expected + int(reference.loc[g, ("n", item)])
                assert items[item].dont_know_share == pytest.approx(100 * expected / base)


def test_score_groups_and_score_group_count_alike() -> None:
    answers, unsure = with_dont_know(8, 120)
    labels = np.random.default_rng(9).integers(0, 4, 120)
    for g, result in enumerate(score_groups(answers, INSTRUMENT, labels, 4, unsure)):
        alone = score_group(answers[labels == g], INSTRUMENT, unsure[labels == g])
        assert [i.dont_know for i in result.items.values()] == [i.dont_know for i in alone.items.values()]
        assert [i.dont_know for i in alone.items.values()] == unsure[labels == g].sum(axis=0).tolist()


def test_a_count_changes_no_score() -> None:
    answers, unsure = with_dont_know(11, 60)
    counted, uncounted = score_group(answers, INSTRUMENT, unsure).to_dict(), score_group(answers, INSTRUMENT).to_dict()
    for item in counted["items"].values():
        item.pop("dont_know")
    for item in uncounted["items"].values():
        assert item.pop("dont_know") is None  # not asked: not counted, rather than zero
    assert counted == uncounted


def test_a_snapshot_stored_before_the_count_reads_as_not_counted() -> None:
    answers, unsure = with_dont_know(12, 30)
    stored = score_group(answers, INSTRUMENT, unsure).to_dict()
    assert GroupScore.from_dict(stored).items["g1"].dont_know == int(unsure[:, 0].sum())
    for item in stored["items"].values():
        del item["dont_know"]
    old = GroupScore.from_dict(stored).items["g1"]
    assert old.dont_know is None and old.dont_know_share is None


def test_a_mask_of_the_wrong_shape_is_refused() -> None:
    answers, unsure = with_dont_know(13, 10)
    with pytest.raises(ValueError, match="one answer per respondent and item"):
        score_group(answers, INSTRUMENT, unsure[:, :3])


def test_decoding_marks_exactly_the_dont_knows_and_nothing_for_version_1() -> None:
    v2 = load_builtin("alignment-core", 2)
    rng = np.random.default_rng(14)
    choices = [None, DONT_KNOW, *v2.scale.values]
    rows = [{item.id: choices[rng.integers(len(choices))] for item in v2.items} for _ in range(25)]
    packed = [encode_answers(row, v2) for row in rows]
    mask = decode_dont_know(packed, v2)
    assert mask is not None
    assert mask.tolist() == [[row[item.id] == DONT_KNOW for item in v2.items] for row in rows]
    assert int(mask.sum()) == sum(blob.count(b"\xff") for blob in packed)  # the byte -1, counted apart
    assert np.isnan(decode_answers(packed, v2)[mask]).all()
    v1 = load_builtin("alignment-core", 1)
    assert decode_dont_know([encode_answers({item.id: 3 for item in v1.items}, v1)], v1) is None
