"""The collector pause used around bulk reads and the close leaves the collector as it found it."""
from __future__ import annotations

import gc

import pytest

from assessment.collector import no_cycle_collection


def test_the_collector_is_off_inside_and_back_on_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), no_cycle_collection():
        assert not gc.isenabled()
        raise RuntimeError("a failed close")
    assert gc.isenabled()


def test_a_nested_pause_does_not_turn_the_collector_back_on_early() -> None:
    with no_cycle_collection():
        with no_cycle_collection():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
