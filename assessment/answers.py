"""The packed form of a response's answers (see ``Response``), and its inverse.

Each item takes one byte: the answer's position on the scale, 1 for its
lowest point, and 0 where the item was not answered. Positions rather than
values, so that a scale starting at 0 (a 0-10 scale) or anywhere else keeps
its lowest answer apart from "not answered" and always fits a byte; on the
usual 1-based scale position and value are the same, so answers stored
before the change read unchanged.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from questionnaires.model import Questionnaire

MISSING = 0


def encode_answers(values: Mapping[str, int | None], questionnaire: Questionnaire) -> bytes:
    """One byte per item in questionnaire order, as the module says."""
    scale = questionnaire.scale
    positions = [MISSING if (v := values.get(item.id)) is None else v - scale.minimum + 1
                 for item in questionnaire.items]
    if any(not 0 <= p <= scale.points for p in positions):
        raise ValueError(f"an answer outside the scale {scale.minimum}-{scale.maximum}")
    return np.array(positions, dtype=np.int8).tobytes()


def decode_answers(rows: Iterable[bytes], questionnaire: Questionnaire) -> np.ndarray:
    """Stack packed answers into a respondents x items matrix of scale values, NaN = not answered."""
    buffer = b"".join(rows)
    matrix = np.frombuffer(buffer, dtype=np.int8).reshape(-1, len(questionnaire.items)).astype(float)
    matrix[matrix == MISSING] = np.nan
    return matrix + (questionnaire.scale.minimum - 1)
