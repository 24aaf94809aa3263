"""Scores of any instrument, responses from elsewhere, and the JSON a machine reads."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from flask.testing import FlaskCliRunner
from scipy import stats

from assessment.extensions import db
from assessment.models import Response
from questionnaires.builtin import builtin_path


def seven_point_questionnaire(tmp_path: Path) -> Path:
    document = yaml.safe_load(builtin_path().read_text())
    document.update(key="paper-survey", version=3, title="Paper survey")
    document["scale"] = {"points": 7, "labels": [f"level {i}" for i in range(1, 8)], "favorable_points": 2}
    path = tmp_path / "paper.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n")
    return path


@pytest.fixture()
def paper_cycle(runner: FlaskCliRunner, tmp_path: Path) -> tuple[list[str], str]:
    questionnaire = seven_point_questionnaire(tmp_path)
    for args in (["questionnaire", "add", str(questionnaire)], ["org", "create", "Acme Corp", "--slug", "acme"],
                 ["cycle", "open", "acme", "--period", "2026-Q4", "--questionnaire", "paper-survey@3",
                  "--min-group", "3"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    items = [item["id"] for item in yaml.safe_load(questionnaire.read_text())["items"]]
    return items, "acme/2026-Q4"


def test_imported_responses_on_a_seven_point_scale_are_scored(
    runner: FlaskCliRunner, tmp_path: Path, paper_cycle: tuple[list[str], str]
) -> None:
    items, cycle = paper_cycle
    rng = np.random.default_rng(4)
    answers = rng.integers(1, 8, (12, len(items)))
    rows = [["field-sales" if i < 6 else "content", "sales" if i < 6 else "marketing", *row]
            for i, row in enumerate(answers)]
    rows[0][2] = ""  # a blank cell: not answered
    path = write_csv(tmp_path / "paper.csv", ["team", "function", *items], rows)
    result = runner.invoke(args=["responses", "import", cycle, str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 12 responses" in result.output
    assert runner.invoke(args=["cycle", "close", cycle]).exit_code == 0

    document = json.loads(runner.invoke(args=["scores", cycle, "--format", "json"]).output)
    assert document["cycle"]["questionnaire"] == {"key": "paper-survey", "version": 3}
    assert document["cycle"]["responses"] == 12
    groups = {(g["kind"], g["key"]): g for g in document["groups"]}
    assert {("team", "field-sales"), ("team", "content"), ("function", "sales")} <= set(groups)
    overall = groups[("organization", "all")]
    first_dimension = next(iter(overall["dimensions"]))
    # Check one favorable share by hand: top two of seven points, after reverse keying.
    parsed = yaml.safe_load((tmp_path / "paper.yaml").read_text())
    columns = [i for i, item in enumerate(parsed["items"]) if item.get("dimension") == first_dimension]
    keyed = answers[:, columns].astype(float)
    keyed[0, [c for c in range(len(columns)) if columns[c] == 0]] = np.nan
    for j, column in enumerate(columns):
        if parsed["items"][column].get("reverse"):
            keyed[:, j] = 8 - keyed[:, j]
    answered = ~np.isnan(keyed)
    expected = 100 * (keyed[answered] >= 6).sum() / answered.sum()
    assert overall["dimensions"][first_dimension]["favorable"] == pytest.approx(expected)
    assert overall["dimensions"][first_dimension]["change"] is None


def test_a_file_with_one_bad_cell_is_refused_whole(
    runner: FlaskCliRunner, tmp_path: Path, paper_cycle: tuple[list[str], str]
) -> None:
    items, cycle = paper_cycle
    good = ["field-sales", "sales", *([4] * len(items))]
    bad = ["field-sales", "sales", *([4] * (len(items) - 1)), 9]
    path = write_csv(tmp_path / "bad.csv", ["team", "function", *items], [good, good, bad])
    before = db.session.execute(db.select(db.func.count()).select_from(Response)).scalar_one()
    result = runner.invoke(args=["responses", "import", cycle, str(path)])
    assert result.exit_code == 1
    assert f"line 4, column {items[-1]}: '9' is not on the scale 1-7" in result.output
    assert db.session.execute(db.select(db.func.count()).select_from(Response)).scalar_one() == before

    # One item misspelt: the file is still responses, so the column is named (with none, it is another kind of file).
    unknown = write_csv(tmp_path / "typo.csv", ["team", "function", "sg_typo", *items[1:]],
                        [["a", "sales", *([3] * len(items))]])
    result = runner.invoke(args=["responses", "import", cycle, str(unknown)])
    assert result.exit_code == 1 and "column sg_typo: not an item of this questionnaire" in result.output
    assert result.output.startswith(f"line 1: missing column {items[0]}\n")
    # Most often a file made for another version of the questionnaire: the refusal says which one the cycle asks.
    assert ("this cycle asks paper-survey version 3: `alignment responses template ORG/PERIOD` writes the columns "
            "a file for it needs") in result.output
    assert "this cycle asks" not in runner.invoke(args=["responses", "import", cycle, str(path)]).output


def test_scores_json_holds_changes_that_match_welch_on_raw_scores(runner: FlaskCliRunner) -> None:
    from assessment.answers import decode_answers
    from assessment.instrument import instrument_for
    from assessment.lookup import cycle_by_name
    from scoring.groups import respondent_dimension_scores, respondent_index
    from scoring.keying import key_answers

    document = json.loads(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"]).output)
    overall = next(g for g in document["groups"] if g["kind"] == "organization")
    change = overall["index"]["change"]

    def index_scores(name: str) -> np.ndarray:
        cycle = cycle_by_name(name)
        instrument = instrument_for(cycle.questionnaire.parsed())
        blobs = db.session.execute(db.select(Response.answers).where(Response.cycle_id == cycle.id)).scalars()
        keyed = key_answers(decode_answers(blobs, cycle.questionnaire.parsed()), instrument)
        return respondent_index(respondent_dimension_scores(keyed, instrument), instrument)

    reference = stats.ttest_ind(index_scores("northwind/2026-Q3"), index_scores("northwind/2026-Q2"), equal_var=False)
    assert change["p"] == pytest.approx(reference.pvalue)
    assert change["q"] >= change["p"]
    suppressed = [g for g in document["groups"] if g["suppressed"]]
    assert suppressed and all(g["n"] is None and "index" not in g for g in suppressed)


def test_scores_csv_and_text(runner: FlaskCliRunner) -> None:
    csv_out = runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "csv"]).output
    header = csv_out.splitlines()[0].split(",")
    assert header[:4] == ["kind", "key", "suppressed", "dimension"]
    assert "organization,all,false,index" in csv_out


def test_the_readable_table_names_what_it_shows(runner: FlaskCliRunner) -> None:
    document = json.loads(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"]).output)
    text = runner.invoke(args=["scores", "northwind/2026-Q3"]).output
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line[:1].isalpha()}
    overall = next(g for g in document["groups"] if g["kind"] == "organization")
    n, index = rows["organization:all"][:2]
    assert (int(n), int(index)) == (overall["n"], round(overall["index"]["score"]))
    assert rows["team:brand-content"] == ["withheld"] and "Withheld: fewer than 5 responses" in text
    assert "D1  Shared goals and strategy (shared_goals)" in text
    assert f"Benchmark: {document['benchmark']['name']}" in text and "against 2026-Q2" in text
    largest = document["gaps"][0]
    gap_line = next(line for line in text.splitlines() if line.startswith("  Metrics and accountability"))
    # The gap is the difference of the two function scores printed in the table above it.
    sales, marketing = (rows[f"function:{f}"][6] for f in ("sales", "marketing"))  # D3: after n, index, change, pctl, D1, D2
    assert largest["dimension"] == "metrics_accountability"
    assert gap_line.split()[3] == f"{int(sales) - int(marketing):+d}"
    shares = [int(line.split()[-1].rstrip("%")) for line in text.split("What drives")[1].splitlines()[1:]]
    assert len(shares) == len(document["drivers"]["relative"]) and 98 <= sum(shares) <= 102


def test_scores_of_an_open_cycle_fail_in_one_line(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["scores", "northwind/2026-Q4", "--format", "json"])
    assert result.exit_code == 1 and "open" in result.output


def test_a_closed_cycle_takes_no_late_responses(runner: FlaskCliRunner, tmp_path: Path) -> None:
    from assessment.demo.load import DEMO_VERSION
    from questionnaires.builtin import load_builtin

    items = [item.id for item in load_builtin("alignment-core", DEMO_VERSION).items]
    path = write_csv(tmp_path / "late.csv", ["team", "function", *items], [["late-team", "sales", *([3] * len(items))]])
    result = runner.invoke(args=["responses", "import", "northwind/2026-Q3", str(path)])
    assert result.exit_code == 1
    assert "Northwind Traders 2026-Q3 is published; responses are imported while a cycle is open" in result.output


def test_the_respondent_export_is_k_anonymous(runner: FlaskCliRunner, tmp_path: Path) -> None:
    import csv
    from collections import Counter

    output = tmp_path / "rows.csv"
    result = runner.invoke(args=["responses", "export", "northwind/2026-Q3", "-o", str(output)])
    assert result.exit_code == 0, result.output
    with output.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == json.loads(runner.invoke(args=["cycle", "list", "northwind", "--format", "json"]).output)[3]["responses"]
    descriptors = ["function", "team", "role_level", "tenure_band", "region"]
    combinations = Counter(tuple(row[c] for c in descriptors) for row in rows)
    assert min(combinations.values()) >= 5
    assert "submitted_on" not in rows[0] and "one_thing" not in rows[0]
    assert runner.invoke(args=["responses", "export", "northwind/2026-Q4", "-o", str(output)]).exit_code == 1


def test_a_closed_cycle_refuses_a_file_of_other_columns_in_one_line_too(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """A file written for another version listed ten problems with its columns, which no fix would get in."""
    path = write_csv(tmp_path / "other.csv", ["team", "function", "not_an_item"], [["late-team", "sales", "3"]])
    result = runner.invoke(args=["responses", "import", "northwind/2026-Q3", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: nothing imported: Northwind Traders 2026-Q3 is published; responses are "
                                     "imported while a cycle is open")
