"""Benchmark sets: pooled from this instance, or imported from a published table."""
from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest
from flask.testing import FlaskCliRunner

from assessment.extensions import db
from assessment.models import BenchmarkSet

TABLE = """key,organizations,mean,sd,p10,p25,p50,p75,p90
index,120,58,11,44,51,59,66,72
shared_goals,120,60,12,45,52,61,68,74
"""


def test_the_demo_pools_a_benchmark_that_keeps_only_summaries(app) -> None:  # type: ignore[no-untyped-def]
    pooled = db.session.execute(db.select(BenchmarkSet).filter_by(pooled=True)).scalar_one()
    assert pooled.organizations == 8
    assert {"index", "shared_goals", "culture"} <= set(pooled.distributions)
    assert all(d["scores"] == [] for d in pooled.distributions.values()), "no group's own score is kept"
    # The source says how many scores make the spread: an organization's index is placed among team scores.
    from assessment.gate import group_results
    from assessment.operations.benchmarks import latest_closed_cycles

    shown = sum(1 for cycle in latest_closed_cycles("alignment-core") for team in group_results(cycle, "team")
                if team.scores is not None)
    assert pooled.source.startswith(f"{shown} team scores from each organization's latest closed")


def test_scores_are_placed_in_the_benchmark_by_their_percentile(runner: FlaskCliRunner) -> None:
    document = json.loads(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"]).output)
    assert document["benchmark"]["name"] == "Synthetic demo pool"
    assert document["benchmark"]["organizations"] == 8
    pooled = db.session.execute(db.select(BenchmarkSet).filter_by(pooled=True)).scalar_one()
    quantiles = {int(k): v for k, v in pooled.distributions["index"]["quantiles"].items()}
    team = next(g for g in document["groups"] if g["kind"] == "team" and not g["suppressed"])
    score, placed = team["index"]["score"], team["index"]["benchmark"]
    # Linear interpolation between the published quantiles, done independently with NumPy.
    points = sorted(quantiles.items())
    expected = np.interp(score, [0, *[v for _, v in points], 100], [0, *[p for p, _ in points], 100])
    assert placed["percentile"] == pytest.approx(expected)
    assert placed["diff_to_median"] == pytest.approx(score - quantiles[50])


def test_building_needs_five_organizations_with_closed_cycles(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["benchmark", "build", "--name", "Again"])
    assert result.exit_code == 0, result.output
    assert "8 organizations" in result.output
    duplicate = runner.invoke(args=["benchmark", "build", "--name", "Again"])
    assert duplicate.exit_code == 1 and "exists already" in duplicate.output


def test_an_imported_table_is_used_once_chosen(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "published.csv"
    path.write_text(TABLE)
    result = runner.invoke(args=["benchmark", "import", str(path), "--name", "Industry 2026",
                                 "--source", "Sales Alignment Study 2026", "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["benchmark", "use", "northwind", "Industry 2026"]).exit_code == 0
    document = json.loads(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"]).output)
    assert document["benchmark"] == {"name": "Industry 2026", "source": "Sales Alignment Study 2026",
                                     "as_of": "2026-06-30", "organizations": 120}
    overall = next(g for g in document["groups"] if g["kind"] == "organization")
    assert overall["dimensions"]["shared_goals"]["benchmark"]["set"] == "Industry 2026"
    assert overall["dimensions"]["culture"]["benchmark"] is None  # not in the table


def test_the_table_in_the_docs_is_the_one_the_command_reads() -> None:
    """docs/benchmarks.md shows the table this file's tests import, and the refusal they see."""
    docs = (Path(__file__).parents[2] / "docs" / "benchmarks.md").read_text()
    assert f"```\n{TABLE}```" in docs
    assert "line 4: culture: quantiles must not decrease from p10 to p90" in docs


def test_a_malformed_table_is_refused_whole_with_its_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(TABLE + "culture,120,55,10,40,50,45,60,70\nmetrics_accountability,120,fifty,10,1,2,3,4,5\n"
                    "information_sharing,12.5,50,10,1,2,3,4,5\n")
    before = db.session.execute(db.select(db.func.count()).select_from(BenchmarkSet)).scalar_one()
    result = runner.invoke(args=["benchmark", "import", str(path), "--name", "Bad", "--source", "x",
                                 "--as-of", "2026-06-30"])
    assert result.exit_code == 1
    assert "line 4: culture: quantiles must not decrease" in result.output
    assert "line 5: metrics_accountability: mean is not a number: 'fifty'" in result.output
    # It was stored as 12.
    assert "line 6: information_sharing: organizations 12.5 is not a whole number; it counts organizations" in result.output
    assert result.stderr.splitlines()[-1] == "Error: nothing imported: 3 problems in the file"
    assert all(line.startswith("line ") for line in result.stderr.splitlines()[:-1])   # one problem a line
    assert db.session.execute(db.select(db.func.count()).select_from(BenchmarkSet)).scalar_one() == before


def test_a_key_that_matches_no_dimension_is_imported_with_a_note(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """A typo would otherwise leave every dimension without its benchmark, and nobody told why."""
    path = tmp_path / "typo.csv"
    path.write_text(TABLE.replace("shared_goals,", "shared_goal,"))
    result = runner.invoke(args=["benchmark", "import", str(path), "--name", "Typo", "--source", "x",
                                 "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported Typo: 2 rows\n"
    assert result.stderr == ("note: no registered questionnaire has a dimension 'shared_goal'; no score is "
                             "compared with those rows (keys are `index` or a dimension id)\n")
    path.write_text(TABLE)
    clean = runner.invoke(args=["benchmark", "import", str(path), "--name", "Clean", "--source", "x",
                                "--as-of", "2026-06-30"])
    assert (clean.exit_code, clean.stderr) == (0, "")


def test_a_key_given_twice_is_refused_not_overwritten_by_its_last_row(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(TABLE + "index,80,40,11,20,30,40,50,60\n")
    result = runner.invoke(args=["benchmark", "import", str(path), "--name", "Twice", "--source", "x",
                                 "--as-of", "2026-06-30"])
    assert result.exit_code == 1
    assert result.stderr == "line 4: index: given on line 2 already\nError: nothing imported: 1 problem in the file\n"
    assert db.session.execute(db.select(BenchmarkSet).filter_by(name="Twice")).scalar_one_or_none() is None


def test_a_table_that_is_not_utf8_is_refused_naming_the_line_and_the_fix(runner: FlaskCliRunner, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes((TABLE + "culture,120,55,10,40,45,50,60,70\n").replace("culture", "culturé").encode("latin-1"))
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes(TABLE.encode("utf-16"))
    for path, reason in ((latin, "line 4: the file is not UTF-8 text"), (utf16, "line 1: the file is UTF-16 text")):
        result = runner.invoke(args=["benchmark", "import", str(path), "--name", path.stem, "--source", "x",
                                     "--as-of", "2026-06-30"])
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: nothing imported: {reason}")
        assert 'save it as "CSV UTF-8 (comma delimited)"' in result.output and "codec" not in result.output


def test_a_table_saved_by_european_excel_imports_as_the_comma_one(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """Semicolons, headers in capitals, a blank line and a notes column, as a person's export comes."""
    lines = TABLE.strip().splitlines()
    excel = ";".join(c.upper() for c in lines[0].split(",")) + ";Notes\n\n" + "".join(
        ";".join(line.split(",")) + ";from the study\n" for line in lines[1:])
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + excel.encode())
    result = runner.invoke(args=["benchmark", "import", str(path), "--name", "Excel table",
                                 "--source", "A study", "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    imported = db.session.execute(db.select(BenchmarkSet).filter_by(name="Excel table")).scalar_one()
    assert set(imported.distributions) == {"index", "shared_goals"}
    assert imported.distributions["shared_goals"]["mean"] == 60


def test_decimal_commas_of_european_excel_are_read_as_decimals(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """European Excel writes 58,5 in the semicolon file it saves: a score on 0-100 with a comma is a decimal."""
    path = tmp_path / "decimals.csv"
    path.write_text("key;organizations;mean;sd;p10;p25;p50;p75;p90\n"
                    "index;120;58,5;11,25;44;51,5;59;66;72,75\n")
    result = runner.invoke(args=["benchmark", "import", str(path), "--name", "Decimal commas",
                                 "--source", "A study", "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    index = db.session.execute(db.select(BenchmarkSet).filter_by(name="Decimal commas")).scalar_one().distributions["index"]
    assert (index["mean"], index["sd"]) == (58.5, 11.25)
    assert [index["quantiles"][p] for p in ("25", "90")] == [51.5, 72.75]


def test_a_row_of_another_width_and_a_name_too_long_are_refused_in_one_line(
        runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(TABLE + "culture,120,55,10,40\n")
    short = runner.invoke(args=["benchmark", "import", str(path), "--name", "Short", "--source", "S",
                                "--as-of", "2026-06-30"])
    assert short.exit_code == 1 and "line 4: fewer cells than the header has columns (5 cells, expected 9)" in short.output
    path.write_text(TABLE)
    long = runner.invoke(args=["benchmark", "import", str(path), "--name", "N" * 121, "--source", "S",
                               "--as-of", "2026-06-30"])
    assert long.exit_code == 1 and long.output.strip().endswith("the name is longer than 120 characters")
    blank = runner.invoke(args=["benchmark", "import", str(path), "--name", " ", "--source", "S", "--as-of", "2026-06-30"])
    assert blank.exit_code == 1 and blank.output.strip().endswith("the name is empty: every comparison, page and "
                                                                  "report names it")
    assert "Traceback" not in long.output
    org = runner.invoke(args=["org", "create", "O" * 201, "--slug", "long-name"])
    assert org.exit_code == 1 and "the name is longer than 200 characters" in org.output
    assert db.session.execute(db.select(BenchmarkSet).filter_by(name="Short")).scalar_one_or_none() is None


def test_a_score_past_the_tables_end_is_given_as_past_it_not_as_a_guessed_rank(runner: FlaskCliRunner) -> None:
    """The demo pool keeps its 10th to 90th percentiles only: below the 10th, "9" would be invented."""
    pooled = db.session.execute(db.select(BenchmarkSet).filter_by(pooled=True)).scalar_one()
    quantiles = {int(k): v for k, v in pooled.distributions["index"]["quantiles"].items()}
    document = json.loads(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"]).output)
    teams = [g for g in document["groups"] if g["kind"] == "team" and not g["suppressed"]]
    below = [g for g in teams if g["index"]["score"] < quantiles[min(quantiles)]]
    inside = [g for g in teams if quantiles[min(quantiles)] <= g["index"]["score"] <= quantiles[max(quantiles)]]
    assert below and inside, "the demo holds a team below the pool's 10th percentile and one within it"

    table = runner.invoke(args=["scores", "northwind/2026-Q3"]).output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "csv"]).output)))
    for group, beyond in [(g, min(quantiles)) for g in below] + [(g, None) for g in inside]:
        assert group["index"]["benchmark"]["beyond"] == beyond
        line = next(line for line in table.splitlines() if line.startswith(f"team:{group['key']} "))
        # A whole percentile rounded down, as the quartile bands are cut (61.8: the 61st, upper-middle).
        shown = f"<{beyond}" if beyond else str(math.floor(group["index"]["benchmark"]["percentile"]))
        assert f" {shown}  " in line, line
        row = next(r for r in rows if (r["kind"], r["key"], r["dimension"]) == ("team", group["key"], "index"))
        assert row["benchmark_beyond"] == ("" if beyond is None else str(beyond))
