"""Scores as documents for machines (JSON, CSV), built only from what the gate allows."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from assessment.gate import GroupResult, group_results
from assessment.gate.analysis import GroupAnalysis, group_analysis
from assessment.gate.comments import response_rates
from assessment.operations.benchmarks import benchmark_for_cycle
from assessment.operations.csv_files import spreadsheet_csv
from assessment.models import BenchmarkSet, Cycle, Role, User
from assessment.models.snapshot import GROUP_KINDS
from scoring.benchmarks import compare_to_benchmark, table_end_passed
from scoring.results import DimensionScore, GroupScore

DIMENSION_FIELDS = ("n", "mean", "score", "sd", "ci", "favorable", "favorable_ci", "alpha", "alpha_ci")
#: Groups every staff member of the organization may see, team leads included.
ORGANIZATION_LEVEL = ("organization", "function")
CSV_COLUMNS = (
    "kind", "key", "suppressed", "dimension", "n", "mean", "score", "sd", "ci_low", "ci_high",
    "favorable", "favorable_ci_low", "favorable_ci_high", "alpha", "alpha_ci_low", "alpha_ci_high",
    "benchmark_percentile", "change_diff", "change_q", "change_meaningful", "benchmark_beyond",
    "item", "dont_know", "dont_know_share",
    # Added last, so that a spreadsheet reading the columns above by position keeps reading them.
    "benchmark_set", "change_since",
)


def benchmark_provenance(benchmark: BenchmarkSet | None) -> dict[str, Any] | None:
    return _provenance(benchmark)


def scores_document(cycle: Cycle) -> dict[str, Any]:
    """The documented JSON shape of ``alignment scores --format json`` (see docs/scores.md)."""
    questionnaire = cycle.questionnaire
    responses, _ = response_rates(cycle)  # the gate's count: withheld, like the figures, below the minimum
    benchmark = benchmark_for_cycle(cycle)
    results = [result for kind in GROUP_KINDS for result in group_results(cycle, kind)]
    groups = [_group(result, group_analysis(cycle, result), benchmark) for result in results]
    overall = group_analysis(cycle, next((r for r in results if r.kind == "organization"), None))
    return {
        "cycle": {
            "organization": cycle.organization.slug, "period": cycle.period, "status": cycle.status.value,
            "questionnaire": {"key": questionnaire.key, "version": questionnaire.version},
            "responses": responses, "min_group_size": cycle.min_group_size,
        },
        "benchmark": _provenance(benchmark),
        "groups": groups,
        "gaps": [{**asdict(gap), "q": overall.gap_q.get(gap.dimension)} for gap in overall.gaps],
        "drivers": asdict(overall.drivers) if overall.drivers else None,
    }


def previous_index_scores(cycle: Cycle) -> dict[str, float]:
    """Each shown group's index in the cycle its change is against, by "kind:key".

    The readable table prints a change as the difference of the two rounded scores, as the pages do; the document
    keeps only the exact change, and this score less that change can land on the other side of a half (62.5 as
    62.49999999999999), so the table takes the earlier score itself, as the gate gives it to the pages.
    """
    found = {}
    for kind in GROUP_KINDS:
        for result in group_results(cycle, kind):
            previous = group_analysis(cycle, result).previous_scores.get("index")
            if previous is not None:
                found[f"{kind}:{result.key}"] = previous
    return found


def scores_for(cycle: Cycle, user: User) -> dict[str, Any]:
    """``scores_document`` as ``user`` may have it: a team lead's holds only organization-level groups and their own team's."""
    document = scores_document(cycle)
    if user.role == Role.team_lead:
        document["groups"] = [g for g in document["groups"] if _lead_may_see(g, user)]
    return document


def _lead_may_see(group: dict[str, Any], lead: User) -> bool:
    if group["kind"] in ORGANIZATION_LEVEL:
        return True
    own = lead.team.slug if lead.team is not None else None
    team_key = group["key"].split("/")[0] if group["kind"] == "team_function" else group["key"]
    return own is not None and team_key == own


def group_document(cycle: Cycle, result: GroupResult, benchmark: BenchmarkSet | None) -> dict[str, Any]:
    """One group exactly as it appears in ``scores_document``'s ``groups`` (the API's team answer)."""
    return _group(result, group_analysis(cycle, result), benchmark)


def _provenance(benchmark: BenchmarkSet | None) -> dict[str, Any] | None:
    if benchmark is None:
        return None
    return {"name": benchmark.name, "source": benchmark.source, "as_of": benchmark.as_of.isoformat(),
            "organizations": benchmark.organizations}


def _group(result: GroupResult, analysis: GroupAnalysis, benchmark: BenchmarkSet | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": result.kind, "key": result.key, "suppressed": result.suppressed}
    if result.scores is None:
        return {**entry, "n": None}
    dimensions = {"index": result.scores.index, **result.scores.dimensions}
    shown = {key: _dimension(key, score, analysis, benchmark) for key, score in dimensions.items()}
    return {**entry, "n": result.scores.n, "index": shown.pop("index"), "dimensions": shown,
            "dont_know": dont_know_counts(result.scores) if result.dont_know_counted else None}


def dont_know_counts(scores: GroupScore) -> dict[str, dict[str, Any] | None]:
    """Per statement, how many chose "Don't know", of how many who took a position, and the share in percent.

    Given where the gate counted them (``GroupResult.dont_know_counted``: not for a questionnaire without the
    choice, nor scores stored before it was counted); a statement the gate withholds, or that fewer than the
    minimum group chose, is ``None``.
    """
    items = scores.items.values()
    return {
        item.item: None if item.dont_know is None else
        {"count": item.dont_know, "base": item.n + item.dont_know, "share": item.dont_know_share}
        for item in items
    }


def _dimension(key: str, score: DimensionScore, analysis: GroupAnalysis, benchmark: BenchmarkSet | None) -> dict[str, Any]:
    data = asdict(score)
    change = analysis.changes.get(key)
    return {
        **{name: data[name] for name in DIMENSION_FIELDS},
        "benchmark": benchmark_position(key, score, benchmark),
        "change": {**asdict(change), "since": analysis.previous_period} if change else None,
    }


def benchmark_position(key: str, score: DimensionScore, benchmark: BenchmarkSet | None) -> dict[str, Any] | None:
    """Where one score stands in the set: percentile, distance to the median, quartile."""
    distribution = benchmark.distribution(key) if benchmark else None
    comparison = compare_to_benchmark(score.score, distribution) if distribution else None
    if comparison is None:
        return None
    return {**asdict(comparison), "median": distribution.median, "set": benchmark.name,
            "beyond": table_end_passed(comparison, distribution.quantiles)}


def scores_csv(document: dict[str, Any]) -> str:
    """One row per group and dimension (the index as dimension ``index``), then one per statement counting "Don't know"."""
    rows: list[dict[str, Any]] = []
    for group in document["groups"]:
        base = {"kind": group["kind"], "key": group["key"], "suppressed": _yes_no(group["suppressed"])}
        if group["suppressed"]:
            rows.append(base)
            continue
        rows += [{**base, "dimension": dimension, **_flat(values)}
                 for dimension, values in [("index", group["index"]), *group["dimensions"].items()]]
        rows += [{**base, "item": item, **_dont_know_cells(counted)}
                 for item, counted in (group.get("dont_know") or {}).items()]
    return spreadsheet_csv(CSV_COLUMNS, rows)


def _dont_know_cells(counted: dict[str, Any] | None) -> dict[str, Any]:
    """A statement's row: answered on the scale (``n``), "Don't know" and its share; empty where withheld."""
    if counted is None:
        return {}
    return {"n": counted["base"] - counted["count"], "dont_know": counted["count"], "dont_know_share": counted["share"]}


def _flat(values: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in values.items() if not isinstance(v, dict)}
    for name in ("ci", "favorable_ci", "alpha_ci"):
        interval = values.get(name) or {}
        flat[f"{name}_low"], flat[f"{name}_high"] = interval.get("low"), interval.get("high")
    benchmark, change = values.get("benchmark") or {}, values.get("change") or {}
    flat["benchmark_percentile"] = benchmark.get("percentile")
    flat["benchmark_beyond"] = benchmark.get("beyond")
    flat["benchmark_set"] = benchmark.get("set")  # what the percentile ranks in, and the change is against: a row
    flat["change_since"] = change.get("since")    # copied into another sheet keeps both
    flat["change_diff"], flat["change_q"] = change.get("diff"), change.get("q")
    flat["change_meaningful"] = _yes_no(change.get("meaningful"))
    return flat


def _yes_no(value: bool | None) -> str | None:
    """``true``/``false`` as the JSON writes them, not Python's ``True``: a script reads both formats alike."""
    return None if value is None else ("true" if value else "false")
