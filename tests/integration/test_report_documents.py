"""Report inputs come from the gate and only from it; the CLI renders every document, skipping what is current."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from assessment.batch import organization_documents
from assessment.documents import CycleDocuments
from assessment.extensions import db
from assessment.gate import group_result
from assessment.gate.analysis import group_analysis
from assessment.gate.comments import visible_comments
from assessment.lookup import cycle_by_name
from assessment.models import Cycle
from assessment.operations.benchmarks import benchmark_for
from assessment.rendering import run_in_pool
from reports.inputs import QuestionComments
from reports.organization_inputs import OrganizationInput
from scoring.benchmarks import compare_to_benchmark

CYCLE = "adventureworks/2026-Q3"   # five teams: the smallest batch of the demo


@pytest.fixture(scope="module")
def inputs(session_app: Flask) -> OrganizationInput:
    with session_app.app_context():
        found = CycleDocuments(cycle_by_name(CYCLE)).organization_input()
        db.session.remove()
        return found


def test_team_inputs_hold_what_the_gate_shows_and_nothing_it_withholds(app: Flask, inputs: OrganizationInput) -> None:
    cycle = cycle_by_name(CYCLE)
    benchmark = benchmark_for(cycle.organization)
    assert benchmark is not None and inputs.benchmark is not None
    assert (inputs.benchmark.name, inputs.benchmark.size) == (benchmark.name, benchmark.organizations)
    for team in inputs.teams:
        result = group_result(cycle, "team", team.slug)
        assert result is not None
        assert team.scores == result.scores
        if result.scores is None:
            assert team.benchmark is None and not team.changes and not team.drivers
            assert team.comments == ()
            assert inputs.responses[team.slug].completed is None
            continue
        analysis = group_analysis(cycle, result)
        assert team.changes == analysis.changes
        assert team.previous_period == analysis.previous_period
        assert team.trend[-1] == (cycle.period, result.scores.index.score)
        distribution = benchmark.distribution("index")
        assert distribution is not None and team.benchmark is not None
        expected = compare_to_benchmark(result.scores.index.score, distribution)
        assert expected is not None
        assert team.benchmark.positions["index"].percentile == expected.percentile
        assert released(team.comments) == gated(cycle, {"team": team.slug})
    assert inputs.overall == group_result(cycle, "organization", "all").scores  # type: ignore[union-attr]
    assert released(inputs.comments) == gated(cycle, {})
    assert inputs.drivers and inputs.gaps and len(inputs.trend) == 4


def gated(cycle: Cycle, group: dict[str, str]) -> list[tuple[str, list[str] | None]]:
    """Each open question's comments as the results page asks the gate for them, in the questionnaire's order."""
    return [(q.text, sorted(found) if (found := visible_comments(cycle, group, q.id)) is not None else None)
            for q in cycle.questionnaire.parsed().open_questions]


def released(groups: tuple[QuestionComments, ...]) -> list[tuple[str, list[str] | None]]:
    return [(g.question, sorted(g.comments) if g.comments is not None else None) for g in groups]


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def test_batch_renders_every_document_once_then_skips_until_forced(
        runner: FlaskCliRunner, inputs: OrganizationInput, tmp_path: Path) -> None:
    result = runner.invoke(args=["report", "batch", CYCLE, "-o", str(tmp_path), "--consultancy", "Brightline"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert len(pdfs) == len(inputs.teams) + 2
    assert "adventureworks-2026-Q3-diagnostic.pdf" in pdfs and "adventureworks-2026-Q3-executive-summary.pdf" in pdfs
    assert not list(tmp_path.glob(".*.part"))
    # Piped, standard output is the summary alone: the progress bar's label went to standard error.
    assert result.stdout == f"{len(pdfs)} written, 0 unchanged (skipped) in {tmp_path}\n"
    summary = pdf_text(tmp_path / "adventureworks-2026-Q3-executive-summary.pdf")
    assert inputs.overall is not None
    assert f"Adventure Works Cycles scores {inputs.overall.index.score:.0f} out of 100" in summary
    assert "Brightline" in summary and "Where to act first" in summary

    again = runner.invoke(args=["report", "batch", CYCLE, "-o", str(tmp_path), "--consultancy", "Brightline"])
    assert again.exit_code == 0 and f"0 written, {len(pdfs)} unchanged" in again.output
    (tmp_path / ".adventureworks-2026-Q3-executive-summary.pdf.sha256").unlink()
    once_more = runner.invoke(args=["report", "batch", CYCLE, "-o", str(tmp_path), "--consultancy", "Brightline"])
    assert f"1 written, {len(pdfs) - 1} unchanged" in once_more.output


def test_force_renders_a_current_document_again(app: Flask, inputs: OrganizationInput, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    summary_doc = organization_documents(cycle, inputs)[1]
    assert run_in_pool([summary_doc], tmp_path).written == [summary_doc.filename]
    assert run_in_pool([summary_doc], tmp_path).skipped == [summary_doc.filename]
    assert run_in_pool([summary_doc], tmp_path, force=True).written == [summary_doc.filename]


def test_single_documents_from_the_command_line(runner: FlaskCliRunner, tmp_path: Path, inputs: OrganizationInput) -> None:
    shown = next(t for t in inputs.teams if t.scores is not None)
    result = runner.invoke(args=["report", "team", CYCLE, shown.slug, "-o", str(tmp_path / "plan.pdf"),
                                 "--accent", "#7a3b69"])
    assert result.exit_code == 0, result.output
    assert f"{shown.team} scores" in pdf_text(tmp_path / "plan.pdf")
    bad = runner.invoke(args=["report", "exec", CYCLE, "-o", str(tmp_path / "x.pdf"), "--accent", "red"])
    assert bad.exit_code != 0 and "the accent colour must look like #1f5f8b, not 'red'" in bad.output
    draft = runner.invoke(args=["report", "org", "northwind/2026-Q4", "-o", str(tmp_path / "y.pdf")])
    assert draft.exit_code != 0 and "documents exist once it is closed" in draft.output
