"""JSON columns go through orjson, and read what the standard library wrote before."""
from __future__ import annotations

import json
import math

import numpy as np

from assessment.extensions import dump_json, load_json


def test_written_text_reads_back_as_the_standard_library_would_write_it() -> None:
    value = {"index": {"n": 12, "mean": 3.25, "ci": None}, "teams": ["a", "b"], 7: "seven"}
    text = dump_json(value)
    assert json.loads(text) == json.loads(json.dumps(value))
    assert load_json(text) == json.loads(json.dumps(value))


def test_numpy_numbers_are_written_as_numbers() -> None:
    assert json.loads(dump_json({"n": np.int64(5), "mean": np.float64(0.1)})) == {"n": 5, "mean": 0.1}


def test_text_only_the_standard_library_accepts_still_reads() -> None:
    """Older versions wrote with ``json.dumps``, which spells NaN as a bare ``NaN``."""
    assert math.isnan(load_json('{"alpha": NaN}')["alpha"])
