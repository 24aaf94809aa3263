"""Reverse keying and answer validation."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scoring.instrument import Instrument
from scoring.keying import check_answers, key_answers


def instrument(reverse: tuple[bool, ...], scale: tuple[int, int] = (1, 5)) -> Instrument:
    k = len(reverse)
    return Instrument(
        item_ids=tuple(f"q{i}" for i in range(k)),
        item_dimensions=("goals",) * k,
        reverse=reverse,
        scale_min=scale[0],
        scale_max=scale[1],
        dimensions=("goals",),
        core_dimensions=("goals",),
    )


def test_reverse_keyed_columns_are_mirrored_and_others_untouched() -> None:
    answers = np.array([[1, 1, 2], [5, 5, np.nan], [3, 2, 4]], dtype=float)
    keyed = key_answers(answers, instrument((False, True, True)))
    expected = np.array([[1, 5, 4], [5, 1, np.nan], [3, 4, 2]], dtype=float)
    np.testing.assert_array_equal(keyed, expected)


def test_seven_point_scale_uses_its_own_bounds() -> None:
    keyed = key_answers(np.array([[1.0, 7.0, 4.0]]), instrument((True, True, True), (1, 7)))
    np.testing.assert_array_equal(keyed, [[7.0, 1.0, 4.0]])


def test_input_is_not_modified() -> None:
    answers = np.array([[1.0, 2.0]])
    key_answers(answers, instrument((True, True)))
    np.testing.assert_array_equal(answers, [[1.0, 2.0]])


def test_integer_input_gives_float_copy() -> None:
    keyed = key_answers(np.array([[1, 2]]), instrument((True, False)))
    assert keyed.dtype == float


@pytest.mark.parametrize(
    "answers",
    [np.array([[0.0, 3.0]]), np.array([[6.0, 3.0]]), np.array([1.0, 2.0]), np.ones((2, 3))],
)
def test_values_off_the_scale_or_wrong_shape_are_refused(answers: np.ndarray) -> None:
    with pytest.raises(ValueError):
        check_answers(answers, instrument((False, False)))


answer_matrices = hnp.arrays(
    float,
    st.tuples(st.integers(0, 8), st.just(4)),
    elements=st.one_of(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0]), st.just(np.nan)),
)


@given(answer_matrices, st.lists(st.booleans(), min_size=4, max_size=4))
def test_keying_twice_is_identity(answers: np.ndarray, reverse: list[bool]) -> None:
    inst = instrument(tuple(reverse))
    np.testing.assert_array_equal(key_answers(key_answers(answers, inst), inst), answers)


@given(answer_matrices)
def test_keyed_answers_stay_on_the_scale(answers: np.ndarray) -> None:
    keyed = key_answers(answers, instrument((True, False, True, False)))
    answered = keyed[~np.isnan(keyed)]
    assert ((answered >= 1) & (answered <= 5)).all()
    np.testing.assert_array_equal(np.isnan(keyed), np.isnan(answers))
