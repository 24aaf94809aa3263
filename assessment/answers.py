"""The packed form of a response's answers (see ``Response``), and its inverse."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

MISSING = 0


def encode_answers(values: Mapping[str, int | None], item_ids: Sequence[str]) -> bytes:
    """One signed byte per item in questionnaire order; 0 where not answered."""
    packed = np.array([values.get(i) or MISSING for i in item_ids], dtype=np.int8)
    return packed.tobytes()


def decode_answers(rows: Iterable[bytes], n_items: int) -> np.ndarray:
    """Stack packed answers into a respondents x items float matrix, NaN = missing."""
    buffer = b"".join(rows)
    matrix = np.frombuffer(buffer, dtype=np.int8).reshape(-1, n_items).astype(float)
    matrix[matrix == MISSING] = np.nan
    return matrix


def answers_as_dict(packed: bytes, item_ids: Sequence[str]) -> dict[str, int]:
    return {i: int(v) for i, v in zip(item_ids, np.frombuffer(packed, dtype=np.int8)) if v != MISSING}
