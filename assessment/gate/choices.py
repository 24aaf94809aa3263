"""Which values a results filter may offer, decided by the gate like any figure."""
from __future__ import annotations

from assessment.gate.family import DIMENSIONS
from assessment.gate.results import CycleView
from assessment.models import Cycle


def filter_choices(cycle: Cycle) -> dict[str, list[str]]:
    """Per dimension, the values whose own group the gate shows for this cycle.

    A value held by fewer than the minimum group is never named, not even in a
    drop-down: "region = Nordics" with one respondent would already say who answered.
    """
    if not cycle.has_results:
        return {}
    choices: dict[str, set[str]] = {d: set() for d in DIMENSIONS}
    for group in CycleView(cycle).shown:
        if len(group) == 1:
            ((dimension, value),) = group
            choices[dimension].add(value)
    return {d: sorted(values) for d, values in choices.items() if values}
