"""The packed form of a response's answers (see ``Response``), and its inverse.

Each item takes one byte: the answer's position on the scale, 1 for its
lowest point, and 0 where the item was not answered. Positions rather than
values, so that a scale starting at 0 (a 0-10 scale) or anywhere else keeps
its lowest answer apart from "not answered" and always fits a byte; on the
usual 1-based scale position and value are the same, so answers stored
before the change read unchanged. A "don't know" (offered by scales that
say so, for the statements that offer it) is stored apart from both, as -1,
and read as not answered.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from questionnaires.model import Item, Questionnaire

MISSING = 0
#: The answer of a person who chose the scale's "don't know", in a form, a draft and ``encode_answers``.
DONT_KNOW = "dont_know"
_DONT_KNOW_BYTE = -1

Answer = int | str | None  # a value on the scale, DONT_KNOW, or None: not answered


def encode_answers(values: Mapping[str, Answer], questionnaire: Questionnaire) -> bytes:
    """One byte per item in questionnaire order, as the module says."""
    scale = questionnaire.scale
    positions = [_position(values.get(item.id), item, questionnaire) for item in questionnaire.items]
    if any(not 0 <= p <= scale.points for p in positions if p != _DONT_KNOW_BYTE):
        raise ValueError(f"an answer outside the scale {scale.minimum}-{scale.maximum}")
    return np.array(positions, dtype=np.int8).tobytes()


def _position(value: Answer, item: Item, questionnaire: Questionnaire) -> int:
    if value is None:
        return MISSING
    if value == DONT_KNOW:
        if questionnaire.dont_know_for(item) is None:
            raise ValueError(f"{questionnaire.ref} offers no \"don't know\" for {item.id}")
        return _DONT_KNOW_BYTE
    assert isinstance(value, int)
    return value - questionnaire.scale.minimum + 1


def decode_answers(rows: Iterable[bytes], questionnaire: Questionnaire) -> np.ndarray:
    """Stack packed answers into a respondents x items matrix of scale values, NaN = not answered."""
    matrix = _positions(rows, questionnaire).astype(float)
    matrix[matrix <= MISSING] = np.nan  # not answered, or "don't know"
    return matrix + (questionnaire.scale.minimum - 1)


def decode_dont_know(rows: Iterable[bytes], questionnaire: Questionnaire) -> np.ndarray | None:
    """Respondents x items, True where the answer was "don't know"; ``None`` when the scale offers none.

    ``None`` rather than all False: a version 1 cycle did not ask, which is not the same as nobody saying so.
    """
    if questionnaire.scale.dont_know is None:
        return None
    return _positions(rows, questionnaire) == _DONT_KNOW_BYTE


def _positions(rows: Iterable[bytes], questionnaire: Questionnaire) -> np.ndarray:
    return np.frombuffer(b"".join(rows), dtype=np.int8).reshape(-1, len(questionnaire.items))
