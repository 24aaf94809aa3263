"""Benchmark comparison: where a group's score falls among other organizations'.

A benchmark holds, per dimension, the distribution of group scores (0-100).
Built from raw group scores it keeps them, and a percentile rank is exact
(``scipy.stats.percentileofscore``, kind='mean'). Imported from a published
table it only has quantiles, mean and SD; the percentile rank is then read
off the table by linear interpolation between the published quantiles, with
the ends of the score scale (0 and 100) as the 0th and 100th percentile.
Outside the published range that is a rough guess, and the comparison says
so (``extrapolated``) so a report can print "below the 10th percentile".
"""
from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np

DEFAULT_PERCENTILES = (10, 25, 50, 75, 90)
# Named from where they sit, not by an ordinal: "second quartile" read as 3 from the top and 2 from the bottom.
QUARTILE_LABELS = {4: "top quartile", 3: "upper-middle quartile", 2: "lower-middle quartile", 1: "bottom quartile"}


@dataclass(frozen=True)
class BenchmarkDistribution:
    """The distribution of one dimension's group scores (0-100) across organizations."""

    dimension: str
    mean: float
    sd: float | None
    n_orgs: int
    quantiles: dict[int, float]                 # percentile -> score; must include 50
    scores: tuple[float, ...] = field(default=(), repr=False)  # raw group scores, if known

    def __post_init__(self) -> None:
        if 50 not in self.quantiles:
            raise ValueError(f"benchmark for {self.dimension!r} needs its median (50)")
        keys = sorted(self.quantiles)
        if keys[0] <= 0 or keys[-1] >= 100:
            raise ValueError("benchmark percentiles must lie strictly between 0 and 100")
        values = [self.quantiles[k] for k in keys]
        if any(b < a for a, b in zip(values, values[1:])):
            raise ValueError(f"benchmark quantiles for {self.dimension!r} must not decrease")

    @property
    def median(self) -> float:
        return self.quantiles[50]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension, "mean": self.mean, "sd": self.sd, "n_orgs": self.n_orgs,
            "quantiles": {str(k): v for k, v in sorted(self.quantiles.items())},
            "scores": list(self.scores),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BenchmarkDistribution:
        """Read back ``to_dict`` output (JSON turns the percentile keys into strings)."""
        return cls(
            dimension=data["dimension"], mean=data["mean"], sd=data.get("sd"),
            n_orgs=data["n_orgs"],
            quantiles={int(k): float(v) for k, v in data["quantiles"].items()},
            scores=tuple(data.get("scores", ())),
        )


@dataclass(frozen=True)
class BenchmarkComparison:
    percentile: float        # 0-100, rank of the score within the benchmark
    diff_to_median: float    # score points above (+) or below (-) the benchmark median
    quartile: int            # 1 (bottom) to 4 (top)
    label: str               # e.g. "top quartile"
    extrapolated: bool = False  # outside the published quantiles of a table-only benchmark


def build_distribution(
    dimension: str, group_scores: np.ndarray, percentiles: tuple[int, ...] = DEFAULT_PERCENTILES
) -> BenchmarkDistribution:
    """Pool group scores (0-100, NaN ignored) into a benchmark distribution.

    Quantiles use linear interpolation between order statistics (NumPy's
    default, R's type 7). The median is always included.
    """
    data = np.asarray(group_scores, dtype=float).ravel()
    data = np.sort(data[np.isfinite(data)])
    if data.size == 0:
        raise ValueError(f"no group scores to build the {dimension!r} benchmark from")
    wanted = sorted(set(percentiles) | {50})
    values = np.percentile(data, wanted)
    values = np.maximum.accumulate(values)  # guard rounding: quantiles never decrease
    sd = float(data.std(ddof=1)) if data.size >= 2 else None
    return BenchmarkDistribution(
        dimension=dimension,
        mean=float(data.mean()),
        sd=sd,
        n_orgs=int(data.size),
        quantiles={int(p): float(v) for p, v in zip(wanted, values)},
        scores=tuple(data.tolist()),
    )


def _percentile_from_table(score: float, quantiles: dict[int, float]) -> tuple[float, bool]:
    """Linear interpolation of the percentile rank in a quantile table.

    Where several percentiles share one value, a score equal to it gets the
    middle of them (like kind='mean' on raw scores).
    """
    keys = sorted(quantiles)
    ranks = [0.0, *map(float, keys), 100.0]
    values = [min(0.0, quantiles[keys[0]]), *(quantiles[k] for k in keys),
              max(100.0, quantiles[keys[-1]])]
    extrapolated = score < quantiles[keys[0]] or score > quantiles[keys[-1]]
    score = min(max(score, values[0]), values[-1])
    first = int(np.searchsorted(values, score, side="left"))   # first value >= score
    after = int(np.searchsorted(values, score, side="right"))  # first value > score
    if first < after:  # the score is one of the table's values (perhaps several)
        return (ranks[first] + ranks[after - 1]) / 2, extrapolated
    low, high = values[first - 1], values[first]
    share = (score - low) / (high - low)
    return ranks[first - 1] + share * (ranks[first] - ranks[first - 1]), extrapolated


def compare_to_benchmark(score: float | None, dist: BenchmarkDistribution) -> BenchmarkComparison | None:
    """Percentile rank, difference to the median and quartile band of a 0-100 score.

    ``None`` when the group has no score.
    """
    if score is None or not np.isfinite(score):
        return None
    if dist.scores:
        # Imported here, by the one computation that needs it: scipy.stats takes some 0.3 s to
        # import, and the models (``BenchmarkSet``), hence every command and the app, import this module.
        from scipy import stats

        percentile = float(stats.percentileofscore(np.asarray(dist.scores), score, kind="mean"))
        extrapolated = False
    else:
        percentile, extrapolated = _percentile_from_table(float(score), dist.quantiles)
    percentile = min(100.0, max(0.0, percentile))
    quartile = 4 if percentile >= 75 else 3 if percentile >= 50 else 2 if percentile >= 25 else 1
    return BenchmarkComparison(
        percentile=percentile,
        diff_to_median=float(score) - dist.median,
        quartile=quartile,
        label=QUARTILE_LABELS[quartile],
        extrapolated=extrapolated,
    )


def table_end_passed(comparison: BenchmarkComparison, published: Collection[int]) -> int | None:
    """The end of a published table an extrapolated score lies past (its 10th or 90th percentile, say).

    Past a table's ends the rank is a guess: a reader should read "below the 10th", not "9th".
    """
    if not comparison.extrapolated or not published:
        return None
    return min(published) if comparison.percentile < 50 else max(published)


def shown_percentile(percentile: float) -> int:
    """The whole percentile a page prints: rounded down, as the quartile bands are cut.

    Rounded to nearest, 24.6 (bottom quartile) would print as the 25th and read as the next band.
    """
    return math.floor(percentile)
