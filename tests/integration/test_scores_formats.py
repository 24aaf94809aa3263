"""The three formats of ``alignment scores`` agree with each other and with what they print."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from flask.testing import FlaskCliRunner

from questionnaires.builtin import load_builtin


def test_csv_spells_yes_and_no_as_the_json_does(runner: FlaskCliRunner) -> None:
    document = json.loads(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "json"]).output)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(args=["scores", "northwind/2026-Q3", "--format", "csv"]).output)))
    groups = {(g["kind"], g["key"]): g for g in document["groups"]}
    assert {row["suppressed"] for row in rows} == {"true", "false"}
    for row in rows:
        group = groups[(row["kind"], row["key"])]
        assert row["suppressed"] == json.dumps(group["suppressed"])
        if not group["suppressed"] and not row["item"]:  # a statement's row counts "Don't know" only
            figure = group["index"] if row["dimension"] == "index" else group["dimensions"][row["dimension"]]
            change = figure["change"]
            assert row["change_meaningful"] == ("" if change is None else json.dumps(change["meaningful"]))
    assert any(row["change_meaningful"] == "false" for row in rows)


def _respondents(team: str, function: str, people: int, twos: dict[str, int], items: list) -> list[list[object]]:
    """``people`` rows answering every item 3, but for ``twos[dimension]`` 2s on that dimension's plain items."""
    plain = {d: [i.id for i in items if i.dimension == d and not i.reverse] for d in twos}
    lowered = {(person, item) for d, count in twos.items()
               for person, item in [(c // len(plain[d]), plain[d][c % len(plain[d])]) for c in range(count)]}
    assert max(person for person, _ in lowered) < people
    return [[team, function, *(2 if (person, i.id) in lowered else 3 for i in items)] for person in range(people)]


def close_a_cycle_whose_gaps_round_out_of_order(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """gapco/2026-Q4, closed. Shared goals: sales 49.2 vs marketing 43.6, exactly 5.6 apart but printed
    49 - 44 = +5. Information sharing: 46.7 vs 41.4, exactly 5.2 apart but printed 47 - 41 = +6."""
    items = [item for item in load_builtin().items if item.dimension or item.outcome]
    for args in (["org", "create", "Gapco", "--slug", "gapco"], ["cycle", "open", "gapco", "--period", "2026-Q4"]):
        assert runner.invoke(args=args).exit_code == 0
    rows = (_respondents("field", "sales", 6, {"shared_goals": 1, "information_sharing": 4}, items)
            + _respondents("brand", "marketing", 7, {"shared_goals": 9, "information_sharing": 12}, items))
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(",".join(map(str, row)) for row in [["team", "function", *(i.id for i in items)], *rows]) + "\n")
    result = runner.invoke(args=["responses", "import", "gapco/2026-Q4", str(path)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["cycle", "close", "gapco/2026-Q4"]).exit_code == 0


def test_gaps_are_listed_in_the_order_of_the_differences_printed(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """Shared goals: sales 49.2 vs marketing 43.6, exactly 5.6 apart but printed 49 - 44 = +5.
    Information sharing: 46.7 vs 41.4, exactly 5.2 apart but printed 47 - 41 = +6: it comes first."""
    close_a_cycle_whose_gaps_round_out_of_order(runner, tmp_path)

    document = json.loads(runner.invoke(args=["scores", "gapco/2026-Q4", "--format", "json"]).output)
    exact = {g["dimension"]: g["diff"] for g in document["gaps"]}
    assert exact["shared_goals"] > exact["information_sharing"] > 5   # the exact order the JSON keeps
    text = runner.invoke(args=["scores", "gapco/2026-Q4"]).output
    gaps = [re.match(r"  (.+?) +(\S+)  g ", line) for line in text.split("Sales minus marketing")[1].splitlines()[1:]]
    printed = [gap.groups() for gap in gaps if gap][:2]
    assert printed == [("Information sharing and communication", "+6"), ("Shared goals and strategy", "+5")]


def _table_rows(text: str) -> dict[str, list[str]]:
    """The readable table's rows by group: n, index, change, pctl, then the dimensions."""
    return {line.split()[0]: line.split()[1:] for line in text.splitlines()
            if re.match(r"(organization|function|team|team_function):\S+ ", line)}


def test_the_readable_tables_change_is_the_difference_of_the_two_printed_scores(runner: FlaskCliRunner) -> None:
    """Channel Sales' index rose from 56.5 to 62.4, 5.9 points: the table printed +6 beside 62 where the pages, the
    PDFs and the home page print 62 - 57 = +5, as every surface prints a difference of two printed scores."""
    now = _table_rows(runner.invoke(args=["scores", "northwind/2026-Q3"]).output)
    then = _table_rows(runner.invoke(args=["scores", "northwind/2026-Q2"]).output)
    assert now["team:channel-sales"][1:3] == ["62", "+5"] and then["team:channel-sales"][1] == "57"
    compared = [group for group, cells in now.items()
                if cells[0] != "withheld" and then.get(group, ["withheld"])[0] != "withheld"]
    assert len(compared) >= 10
    for group in compared:
        change = int(now[group][1]) - int(then[group][1])
        assert now[group][2].rstrip("*") == (f"{change:+d}" if change else "0"), group
