"""Reverse keying: turn every item so that a higher answer means better alignment.

Scores, favorable shares and reliability all assume one direction per item, so
keying happens once, first, and everything downstream reads keyed answers.
"""
from __future__ import annotations

import numpy as np

from scoring.instrument import Instrument


def check_answers(answers: np.ndarray, instrument: Instrument) -> np.ndarray:
    """Return ``answers`` as a float matrix, refusing shapes or values the scale cannot hold.

    A value outside the scale would silently bend every score, so it is an
    error here rather than a surprise in a report. NaN means "not answered".
    """
    matrix = np.asarray(answers, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"answers must be respondents x items, got {matrix.ndim} dimension(s)")
    if matrix.shape[1] != len(instrument.item_ids):
        raise ValueError(
            f"answers have {matrix.shape[1]} columns, the instrument has "
            f"{len(instrument.item_ids)} items"
        )
    answered = matrix[~np.isnan(matrix)]
    if answered.size and (
        answered.min() < instrument.scale_min or answered.max() > instrument.scale_max
    ):
        raise ValueError(
            f"answers must lie within the scale {instrument.scale_min}-{instrument.scale_max}"
        )
    return matrix


def key_answers(answers: np.ndarray, instrument: Instrument) -> np.ndarray:
    """A float copy of ``answers`` with reverse-keyed columns as ``min + max - value``.

    Missing answers (NaN) stay missing. The input is never modified.
    """
    keyed = np.array(check_answers(answers, instrument), dtype=float, copy=True)
    reverse = np.asarray(instrument.reverse, dtype=bool)
    if reverse.shape != (keyed.shape[1],):
        raise ValueError("instrument.reverse must have one flag per item")
    keyed[:, reverse] = instrument.scale_min + instrument.scale_max - keyed[:, reverse]
    return keyed
