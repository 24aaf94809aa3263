"""Scores as documents for machines (JSON, CSV), built only from what the gate allows."""
from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from assessment.extensions import db
from assessment.gate import GroupResult, group_results
from assessment.models import Cycle, Response
from assessment.models.snapshot import GROUP_KINDS
from scoring.results import DimensionScore

DIMENSION_FIELDS = ("n", "mean", "score", "sd", "ci", "favorable", "favorable_ci", "alpha", "alpha_ci")
CSV_COLUMNS = (
    "kind", "key", "suppressed", "dimension", "n", "mean", "score", "sd", "ci_low", "ci_high",
    "favorable", "favorable_ci_low", "favorable_ci_high", "alpha", "alpha_ci_low", "alpha_ci_high",
    "benchmark_percentile", "change_diff", "change_q", "change_meaningful",
)


def scores_document(cycle: Cycle) -> dict[str, Any]:
    """The documented JSON shape of ``alignment scores --format json`` (see docs/scores.md)."""
    questionnaire = cycle.questionnaire
    responses = db.session.execute(
        db.select(db.func.count()).select_from(Response).where(Response.cycle_id == cycle.id)
    ).scalar_one()
    groups = [_group(result) for kind in GROUP_KINDS for result in group_results(cycle, kind)]
    return {
        "cycle": {
            "organization": cycle.organization.slug, "period": cycle.period, "status": cycle.status.value,
            "questionnaire": {"key": questionnaire.key, "version": questionnaire.version},
            "responses": responses, "min_group_size": cycle.min_group_size,
        },
        "groups": groups,
        "gaps": [],
        "drivers": None,
    }


def _group(result: GroupResult) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": result.kind, "key": result.key, "suppressed": result.suppressed}
    if result.scores is None:
        return {**entry, "n": None}
    return {
        **entry,
        "n": result.scores.n,
        "index": _dimension(result.scores.index),
        "dimensions": {key: _dimension(score) for key, score in result.scores.dimensions.items()},
    }


def _dimension(score: DimensionScore) -> dict[str, Any]:
    data = asdict(score)
    return {**{name: data[name] for name in DIMENSION_FIELDS}, "benchmark": None, "change": None}


def scores_csv(document: dict[str, Any]) -> str:
    """One row per group and dimension (the index as dimension ``index``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for group in document["groups"]:
        base = {"kind": group["kind"], "key": group["key"], "suppressed": group["suppressed"]}
        if group["suppressed"]:
            writer.writerow(base)
            continue
        for dimension, values in [("index", group["index"]), *group["dimensions"].items()]:
            writer.writerow({**base, "dimension": dimension, **_flat(values)})
    return buffer.getvalue()


def _flat(values: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in values.items() if not isinstance(v, dict)}
    for name in ("ci", "favorable_ci", "alpha_ci"):
        interval = values.get(name) or {}
        flat[f"{name}_low"], flat[f"{name}_high"] = interval.get("low"), interval.get("high")
    benchmark, change = values.get("benchmark") or {}, values.get("change") or {}
    flat["benchmark_percentile"] = benchmark.get("percentile")
    flat["change_diff"], flat["change_q"] = change.get("diff"), change.get("q")
    flat["change_meaningful"] = change.get("meaningful")
    return flat
