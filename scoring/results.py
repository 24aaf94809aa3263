"""The frozen results that scoring hands to snapshots, pages and reports.

Every figure is either a finite float or ``None`` (not available); NaN never
leaves this package. Scores are on 0-100; favorable shares are percentages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class DimensionScore:
    """One group's result on one dimension (or on the alignment index)."""

    dimension: str
    n: int                              # respondents with a score
    mean: float | None = None           # on the raw scale
    score: float | None = None          # 0-100
    sd: float | None = None             # of respondent scores, raw scale
    ci: Interval | None = None          # t-based 95% CI, 0-100
    favorable: float | None = None      # % of answered item responses in the top points
    favorable_ci: Interval | None = None  # Wilson 95%, in %
    alpha: float | None = None          # Cronbach's alpha (pairwise complete)
    alpha_ci: Interval | None = None    # Feldt 95%
    favorable_count: int = 0            # answered item responses in the top points
    responses: int = 0                  # answered item responses (the favorable base)


@dataclass(frozen=True)
class ItemScore:
    item: str
    n: int
    mean: float | None = None           # keyed, raw scale
    score: float | None = None          # 0-100
    sd: float | None = None
    favorable: float | None = None
    favorable_ci: Interval | None = None
    favorable_count: int = 0            # answers in the top points (n is the base)
    # Respondents who chose the scale's "Don't know". None: not counted (the questionnaire offers no
    # such choice, the gate withholds the item, or the scores were stored before it was counted).
    dont_know: int | None = None

    @property
    def dont_know_share(self) -> float | None:
        """Percent of those who took a position on the statement (a point or "Don't know") who chose "Don't know"."""
        if self.dont_know is None or self.n + self.dont_know == 0:
            return None
        return 100.0 * self.dont_know / (self.n + self.dont_know)


@dataclass(frozen=True)
class GroupScore:
    """Everything computed for one group of respondents in one cycle."""

    n: int
    index: DimensionScore
    dimensions: dict[str, DimensionScore] = field(default_factory=dict)
    items: dict[str, ItemScore] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values; the same shape as ``dataclasses.asdict``, without its deep copies.

        A close serializes hundreds of groups of dozens of items each, where
        ``asdict`` alone took seconds.
        """
        return {
            "n": self.n,
            "index": plain_score(self.index),
            "dimensions": {k: plain_score(v) for k, v in self.dimensions.items()},
            "items": {k: plain_score(v) for k, v in self.items.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, items: bool = True) -> GroupScore:
        """``items=False`` skips item results when only dimensions are needed (comparisons)."""
        return cls(
            n=data["n"],
            index=_dimension_from_dict(data["index"]),
            dimensions={k: _dimension_from_dict(v) for k, v in data["dimensions"].items()},
            items={k: item_from_dict(v) for k, v in data.get("items", {}).items()} if items else {},
        )


def plain_score(score: DimensionScore | ItemScore) -> dict[str, Any]:
    """One result as plain JSON-ready values (``asdict`` without its deep copies)."""
    values = dict(score.__dict__)
    for name, value in values.items():
        if isinstance(value, Interval):
            values[name] = {"low": value.low, "high": value.high}
    return values


def _interval(value: dict[str, float] | None) -> Interval | None:
    return Interval(**value) if value else None


def _dimension_from_dict(data: dict[str, Any]) -> DimensionScore:
    return DimensionScore(**{
        **data,
        "ci": _interval(data.get("ci")),
        "favorable_ci": _interval(data.get("favorable_ci")),
        "alpha_ci": _interval(data.get("alpha_ci")),
    })


def item_from_dict(data: dict[str, Any]) -> ItemScore:
    return ItemScore(**{**data, "favorable_ci": _interval(data.get("favorable_ci"))})
