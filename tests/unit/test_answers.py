"""Packed answers: every scale the loader accepts keeps every answer, its lowest point included."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.answers import DONT_KNOW, Answer, decode_answers, encode_answers
from questionnaires.model import Dimension, Item, Questionnaire, Scale


def questionnaire(minimum: int, points: int, n_items: int = 6, dont_know: str | None = "Don't know") -> Questionnaire:
    return Questionnaire(
        key="q", version=1, title="Q",
        scale=Scale(points=points, labels=tuple(str(p) for p in range(points)), minimum=minimum, dont_know=dont_know),
        dimensions=(Dimension("d", "D", "d"),),
        items=tuple(Item(f"i{n}", "d", f"Item {n}.") for n in range(n_items)),
    )


@st.composite
def scale_and_answers(draw: st.DrawFn) -> tuple[Questionnaire, list[dict[str, Answer]]]:
    minimum, points = draw(st.integers(-10, 200)), draw(st.integers(4, 11))
    form = questionnaire(minimum, points)
    answer = st.one_of(st.none(), st.just(DONT_KNOW), st.integers(minimum, minimum + points - 1))
    rows = draw(st.lists(st.fixed_dictionaries({item.id: answer for item in form.items}), min_size=1, max_size=8))
    return form, rows


@given(scale_and_answers())
def test_every_answer_reads_back_as_given_and_blanks_and_dont_knows_as_missing(
    case: tuple[Questionnaire, list[dict[str, Answer]]]
) -> None:
    form, rows = case
    matrix = decode_answers([encode_answers(row, form) for row in rows], form)
    expected = np.array([[np.nan if row[item.id] in (None, DONT_KNOW) else row[item.id] for item in form.items]
                         for row in rows])
    np.testing.assert_array_equal(matrix, expected)


def test_zero_on_a_zero_to_ten_scale_is_an_answer() -> None:
    form = questionnaire(minimum=0, points=11, n_items=3)
    matrix = decode_answers([encode_answers({"i0": 0, "i1": 10, "i2": None}, form)], form)
    assert matrix[0, 0] == 0 and matrix[0, 1] == 10 and np.isnan(matrix[0, 2])


def test_an_answer_off_the_scale_is_refused_rather_than_stored_wrong() -> None:
    form = questionnaire(minimum=1, points=5, n_items=1)
    with pytest.raises(ValueError, match="outside the scale 1-5"):
        encode_answers({"i0": 6}, form)


def test_a_dont_know_is_stored_apart_from_a_blank_and_refused_where_the_scale_offers_none() -> None:
    form = questionnaire(minimum=1, points=5, n_items=2)
    assert encode_answers({"i0": DONT_KNOW, "i1": None}, form) != encode_answers({"i0": None, "i1": None}, form)
    with pytest.raises(ValueError, match="offers no \"don't know\""):
        encode_answers({"i0": DONT_KNOW}, questionnaire(minimum=1, points=5, n_items=1, dont_know=None))
