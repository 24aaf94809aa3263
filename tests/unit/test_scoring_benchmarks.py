"""Benchmark distributions and comparisons."""
from __future__ import annotations

import json
import statistics

import numpy as np
import pytest

from scoring.benchmarks import BenchmarkDistribution, build_distribution, compare_to_benchmark

TABLE = BenchmarkDistribution(
    dimension="goals", mean=60.0, sd=10.0, n_orgs=120,
    quantiles={10: 45.0, 25: 52.0, 50: 60.0, 75: 68.0, 90: 75.0},
)


def test_build_distribution_matches_statistics_module() -> None:
    rng = np.random.default_rng(3)
    scores = rng.uniform(30, 90, size=57)
    dist = build_distribution("goals", np.append(scores, np.nan))
    cuts = statistics.quantiles(scores.tolist(), n=100, method="inclusive")  # R type 7
    assert dist.n_orgs == 57
    assert dist.mean == pytest.approx(statistics.fmean(scores))
    assert dist.sd == pytest.approx(statistics.stdev(scores))
    assert sorted(dist.quantiles) == [10, 25, 50, 75, 90]
    for percentile, value in dist.quantiles.items():
        assert value == pytest.approx(cuts[percentile - 1], rel=1e-12)


def test_percentile_from_raw_scores_is_the_mean_rank() -> None:
    scores = [40.0, 50.0, 50.0, 60.0, 70.0, 80.0, 90.0, 95.0]
    dist = build_distribution("goals", np.array(scores))
    for score in (50.0, 65.0, 10.0, 95.0, 99.0):
        strictly = sum(s < score for s in scores)
        weakly = sum(s <= score for s in scores)
        comparison = compare_to_benchmark(score, dist)
        assert comparison.percentile == pytest.approx(100 * (strictly + weakly) / 2 / len(scores))
        assert comparison.diff_to_median == pytest.approx(score - statistics.median(scores))
        assert comparison.extrapolated is False


@pytest.mark.parametrize(
    ("score", "percentile", "quartile", "label", "extrapolated"),
    [
        (48.5, 10 + 3.5 / 7 * 15, 1, "bottom quartile", False),
        (52.0, 25.0, 2, "lower-middle quartile", False),
        (56.0, 37.5, 2, "lower-middle quartile", False),
        (60.0, 50.0, 3, "upper-middle quartile", False),
        (70.0, 75 + 2 / 7 * 15, 4, "top quartile", False),
        (22.5, 5.0, 1, "bottom quartile", True),
        (87.5, 95.0, 4, "top quartile", True),
        (100.0, 100.0, 4, "top quartile", True),
    ],
)
def test_percentile_from_a_published_table_interpolates_linearly(
    score: float, percentile: float, quartile: int, label: str, extrapolated: bool
) -> None:
    comparison = compare_to_benchmark(score, TABLE)
    assert comparison.percentile == pytest.approx(percentile)
    assert comparison.quartile == quartile and comparison.label == label
    assert comparison.extrapolated is extrapolated
    assert comparison.diff_to_median == pytest.approx(score - 60.0)


def test_tied_quantiles_give_the_middle_rank() -> None:
    flat = BenchmarkDistribution("g", 60.0, 5.0, 30, {10: 45.0, 25: 60.0, 50: 60.0, 75: 60.0, 90: 75.0})
    assert compare_to_benchmark(60.0, flat).percentile == pytest.approx(50.0)


def test_no_score_no_comparison() -> None:
    assert compare_to_benchmark(None, TABLE) is None


def test_single_group_benchmark_has_no_sd() -> None:
    dist = build_distribution("goals", np.array([55.0]))
    assert dist.sd is None and dist.quantiles[50] == 55.0
    assert compare_to_benchmark(55.0, dist).percentile == 50.0


def test_invalid_benchmarks_are_refused() -> None:
    with pytest.raises(ValueError):
        build_distribution("goals", np.array([np.nan]))
    with pytest.raises(ValueError):
        BenchmarkDistribution("g", 50.0, 1.0, 3, {25: 40.0, 75: 60.0})
    with pytest.raises(ValueError):
        BenchmarkDistribution("g", 50.0, 1.0, 3, {25: 60.0, 50: 50.0})


def test_round_trip_through_json() -> None:
    dist = build_distribution("goals", np.array([40.0, 55.0, 61.0, 70.0]))
    assert BenchmarkDistribution.from_dict(json.loads(json.dumps(dist.to_dict()))) == dist
    assert BenchmarkDistribution.from_dict(json.loads(json.dumps(TABLE.to_dict()))) == TABLE
