"""A consultant's own instrument is not ranked against a benchmark of another instrument's scores."""
from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner

from tests.integration.test_answer_scales import open_cycle_with
from tests.integration.test_scores_cli import write_csv

FOUR_POINT = """
key: own-four
version: 1
title: Four point check
scale: {points: 4, labels: [Never, Rarely, Often, Always], favorable_points: 1}
dimensions:
  - {id: trust, name: Trust between teams}
  - {id: cadence, name: Operating cadence}
items:
  - {id: tr_rely, dimension: trust, text: Sales and marketing rely on each other.}
  - {id: tr_doubt, dimension: trust, text: Sales and marketing doubt each other's numbers., reverse: true}
  - {id: ca_weekly, dimension: cadence, text: Sales and marketing meet every week.}
  - {id: ca_skip, dimension: cadence, text: Joint meetings get skipped., reverse: true}
"""


def test_an_own_instruments_index_gets_no_percentile_from_a_builtin_benchmark(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "own-four.yaml"
    path.write_text(FOUR_POINT)
    cycle = open_cycle_with(runner, path, "own-four@1")
    rows = [["field-sales", "sales", 4, 1, 2, 3], ["field-sales", "sales", 3, 2, 1, 4], ["field-sales", "sales", 1, 4, 4, 1]]
    csv_path = write_csv(tmp_path / "a.csv", ["team", "function", "tr_rely", "tr_doubt", "ca_weekly", "ca_skip"], rows)
    assert runner.invoke(args=["responses", "import", cycle, str(csv_path)]).exit_code == 0
    assert runner.invoke(args=["cycle", "close", cycle]).exit_code == 0

    own = json.loads(runner.invoke(args=["scores", cycle, "--format", "json"]).output)
    builtin = json.loads(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"]).output)

    # The demo pool holds alignment-core's dimensions: northwind is placed in it, the own instrument is not.
    assert builtin["benchmark"] is not None
    assert own["benchmark"] is None
    assert all(g["index"]["benchmark"] is None for g in own["groups"] if not g["suppressed"])
    text = runner.invoke(args=["scores", cycle]).output
    assert "Benchmark: none applies" in text and "quartile" not in text


def test_a_pooled_benchmark_holds_one_questionnaires_cycles(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """An organization closing a cycle of its own instrument adds nothing to the built-in instrument's pool."""
    path = tmp_path / "own-four.yaml"
    path.write_text(FOUR_POINT)
    cycle = open_cycle_with(runner, path, "own-four@1")
    rows = [["field-sales", "sales", 4, 1, 2, 3]] * 5
    csv_path = write_csv(tmp_path / "a.csv", ["team", "function", "tr_rely", "tr_doubt", "ca_weekly", "ca_skip"], rows)
    assert runner.invoke(args=["responses", "import", cycle, str(csv_path)]).exit_code == 0
    assert runner.invoke(args=["cycle", "close", cycle]).exit_code == 0

    built = runner.invoke(args=["benchmark", "build", "--name", "Core pool"])
    assert built.exit_code == 0 and "built Core pool: 8 organizations" in built.output  # the demo's eight, not nine
    # The index is no dimension: the count says what the set holds as the questionnaire names it.
    assert built.output.strip() == "built Core pool: 8 organizations; the alignment index and 6 dimensions"
    own = runner.invoke(args=["benchmark", "build", "--name", "Own pool", "--questionnaire", "own-four"])
    assert own.exit_code == 1
    assert "needs at least 5 organizations with a closed cycle of the own-four questionnaire; there are 1" in own.output
