"""What scoring needs to know of a questionnaire, as plain values."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    """The shape of an answer matrix: one column per item, in this order.

    ``item_dimensions[i]`` is the dimension id of column ``i``, or ``None`` for
    the outcome item (which feeds driver analysis, not any dimension).
    """

    item_ids: tuple[str, ...]
    item_dimensions: tuple[str | None, ...]
    reverse: tuple[bool, ...]
    scale_min: int
    scale_max: int
    dimensions: tuple[str, ...]
    core_dimensions: tuple[str, ...]
    outcome_item: str | None = None
    favorable_points: int = 2  # the top N scale points count as favorable

    @property
    def favorable_from(self) -> int:
        """The lowest (keyed) answer that counts as favorable."""
        return self.scale_max - self.favorable_points + 1

    def columns_of(self, dimension: str) -> list[int]:
        return [i for i, d in enumerate(self.item_dimensions) if d == dimension]
