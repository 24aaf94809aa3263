""""Don't know" per statement in the stored scores, `alignment scores` and the PDFs, through the gate.

Expected counts are made here from the stored answer bytes (-1 is "Don't know"), not by the code under test.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
from collections import Counter
from pathlib import Path

from flask.testing import FlaskCliRunner

from assessment.extensions import db
from assessment.gate import group_result
from assessment.lookup import cycle_by_name
from assessment.models import Response, ScoreSnapshot, Team
from questionnaires.builtin import load_builtin
from tests.integration.test_dont_know import links_of_a_new_client
from tests.integration.test_scores_cli import write_csv

V2 = load_builtin("alignment-core", 2)
ITEMS = [item.id for item in V2.items]
CYCLE = "northwind/2026-Q3"


def counted_by_hand(cycle_name: str) -> dict[tuple[str, str], tuple[Counter[str], Counter[str]]]:
    """Per (kind, key) group: "Don't know"s per item, and people who chose a point or "Don't know"."""
    cycle = cycle_by_name(cycle_name)
    slugs = dict(db.session.execute(db.select(Team.id, Team.slug)).all())
    rows = db.session.execute(
        db.select(Response.team_id, Response.function, Response.answers).where(Response.cycle_id == cycle.id)
    ).all()
    groups: dict[tuple[str, str], tuple[Counter[str], Counter[str]]] = {}
    for team_id, function, answers in rows:
        keys = [("organization", "all"), ("function", function)]
        if team_id in slugs:
            keys += [("team", slugs[team_id]), ("team_function", f"{slugs[team_id]}/{function}")]
        for key in keys:
            unsure, base = groups.setdefault(key, (Counter(), Counter()))
            for item, byte in zip(ITEMS, answers):
                unsure[item] += byte == 0xFF
                base[item] += byte != 0
    return groups


def scores_json(runner: FlaskCliRunner, cycle: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(args=["scores", cycle, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_and_csv_count_each_groups_dont_knows_as_the_answers_hold_them(runner: FlaskCliRunner) -> None:
    document = scores_json(runner, CYCLE)
    by_hand = counted_by_hand(CYCLE)
    shown = [g for g in document["groups"] if not g["suppressed"]]
    assert sum(c["count"] for g in shown for c in g["dont_know"].values() if c) > 0  # the demo says some
    minimum = cycle_by_name(CYCLE).min_group_size
    for group in shown:
        unsure, base = by_hand[(group["kind"], group["key"])]
        for item, counted in group["dont_know"].items():
            if unsure[item] < minimum:
                assert counted is None, (group["key"], item)
            if counted is not None:
                assert counted == {"count": unsure[item], "base": base[item],
                                   "share": 100 * unsure[item] / base[item]}, (group["key"], item)
    for group in document["groups"]:
        assert "dont_know" not in group if group["suppressed"] else len(group["dont_know"]) == len(ITEMS)

    rows = list(csv.DictReader(io.StringIO(runner.invoke(args=["scores", CYCLE, "--format", "csv"]).output)))
    for row in (r for r in rows if r["item"]):
        counted = next(g for g in shown if (g["kind"], g["key"]) == (row["kind"], row["key"]))["dont_know"][row["item"]]
        assert row["dimension"] == "" and row["score"] == ""
        if counted is None:
            assert row["n"] == row["dont_know"] == row["dont_know_share"] == ""
        else:
            assert (int(row["n"]), int(row["dont_know"])) == (counted["base"] - counted["count"], counted["count"])
            assert float(row["dont_know_share"]) == counted["share"]
    assert len([r for r in rows if r["item"]]) == len(shown) * len(ITEMS)


def test_a_statement_or_group_the_gate_withholds_shows_no_count(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """Field sales: 6 people, 4 of them "Don't know" on one statement, so 2 answered it: too few to show."""
    links_of_a_new_client(runner, 0, "alignment-core@2")  # quiet/2026-Q4, minimum group 3
    unsure_item = "ma_contribution"
    rows = [["field-sales", "sales", *["Don't know" if i == unsure_item and p < 4 else "3" for i in ITEMS]]
            for p in range(6)]
    rows += [["brand", "marketing", *(["4"] * len(ITEMS))] for _ in range(5)]
    rows += [["events", "marketing", *(["2"] * len(ITEMS))] for _ in range(2)]
    db.session.add_all([Team(organization_id=cycle_by_name("quiet/2026-Q4").organization_id, slug=slug, name=slug,
                             function="marketing") for slug in ("brand", "events")])
    db.session.commit()
    result = runner.invoke(args=["responses", "import", "quiet/2026-Q4",
                                 str(write_csv(tmp_path / "paper.csv", ["team", "function", *ITEMS], rows))])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["cycle", "close", "quiet/2026-Q4"]).exit_code == 0

    groups = {(g["kind"], g["key"]): g for g in scores_json(runner, "quiet/2026-Q4")["groups"]}
    field_sales = groups[("team", "field-sales")]
    assert not field_sales["suppressed"] and field_sales["dont_know"][unsure_item] is None
    # Nobody chose it: a count below the minimum group is withheld, so that a zero says no more than a one.
    assert field_sales["dont_know"]["sg_same_targets"] is None
    assert groups[("team", "events")] == {"kind": "team", "key": "events", "suppressed": True, "n": None}
    cycle = cycle_by_name("quiet/2026-Q4")
    for (kind, key), group in groups.items():
        if not group["suppressed"]:
            withheld = group_result(cycle, kind, key).scores.items[unsure_item].n == 0
            assert (group["dont_know"][unsure_item] is None) == withheld, key


def test_version_1_and_scores_stored_before_the_count_say_nothing(runner: FlaskCliRunner, tmp_path: Path) -> None:
    links_of_a_new_client(runner, 0, questionnaire="alignment-core@1")
    rows = [["field-sales", "sales", *(["3"] * len(ITEMS))] for _ in range(4)]
    assert runner.invoke(args=["responses", "import", "quiet/2026-Q4",
                               str(write_csv(tmp_path / "paper.csv", ["team", "function", *ITEMS], rows))]).exit_code == 0
    assert runner.invoke(args=["cycle", "close", "quiet/2026-Q4"]).exit_code == 0
    assert all(g["dont_know"] is None for g in scores_json(runner, "quiet/2026-Q4")["groups"] if not g["suppressed"])
    output = runner.invoke(args=["scores", "quiet/2026-Q4", "--format", "csv"]).output
    assert all(not row["item"] and not row["dont_know"] for row in csv.DictReader(io.StringIO(output)))

    for snapshot in db.session.execute(db.select(ScoreSnapshot).filter_by(cycle_id=cycle_by_name(CYCLE).id)).scalars():
        if "items" in snapshot.scores:  # as written before "Don't know" was counted
            items = {k: {f: v for f, v in item.items() if f != "dont_know"} for k, item in snapshot.scores["items"].items()}
            snapshot.scores = {**snapshot.scores, "items": items}
    db.session.commit()
    assert all(g["dont_know"] is None for g in scores_json(runner, CYCLE)["groups"] if not g["suppressed"])


def pdf_text(runner: FlaskCliRunner, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", *args, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def test_a_team_plan_names_the_statement_with_its_share(runner: FlaskCliRunner, tmp_path: Path) -> None:
    unsure, base = counted_by_hand(CYCLE)[("team", "mid-market-sales")]
    count, of = unsure["ma_contribution"], base["ma_contribution"]
    assert count / of >= 0.1
    text = pdf_text(runner, tmp_path, "team", CYCLE, "mid-market-sales")
    assert f"{100 * count / of:.0f}% said Don’t know ({count} of {of})" in text
    assert "How marketing and sales each contribute to revenue is measured in a way both teams trust." in text
    assert "said Don’t know" not in pdf_text(runner, tmp_path, "team", "northwind/2026-Q2", "mid-market-sales")


def test_no_count_withheld_can_be_had_by_subtracting_the_ones_given(runner: FlaskCliRunner) -> None:
    """A review subtracted the sales count (19) from the organization's (19): marketing's and joint's, each
    withheld as below the minimum, were then both known to be zero. In every split of one group into others
    (the organization into functions or teams, a function or a team into its team x function cells), what is
    withheld adds up to the minimum group or more, counted here from the stored answers."""
    checked = 0
    for name in ("northwind/2026-Q3", "northwind/2026-Q2", "contoso/2026-Q3"):
        minimum = cycle_by_name(name).min_group_size
        by_hand = counted_by_hand(name)
        given = {(g["kind"], g["key"]): g["dont_know"] for g in scores_json(runner, name)["groups"]
                 if not g["suppressed"] and g["dont_know"]}
        teams = {key for kind, key in by_hand if kind == "team"}
        functions = {key for kind, key in by_hand if kind == "function"}
        splits = [(("organization", "all"), [("function", f) for f in functions]),
                  (("organization", "all"), [("team", t) for t in teams])]
        splits += [(("function", f), [("team_function", f"{t}/{f}") for t in teams]) for f in functions]
        splits += [(("team", t), [("team_function", f"{t}/{f}") for f in functions]) for t in teams]
        for item in ITEMS:
            def shown(group: tuple[str, str]) -> int | None:
                counted = given.get(group, {}).get(item)
                return None if counted is None else counted["count"]
            for parent, children in splits:
                children = [c for c in children if c in by_hand]   # a cell nobody is in is no secret
                if shown(parent) is None or all(shown(c) is not None for c in children):
                    continue
                remainder = shown(parent) - sum(shown(c) or 0 for c in children)
                assert remainder == sum(by_hand[c][0][item] for c in children if shown(c) is None) + \
                    by_hand[parent][0][item] - sum(by_hand[c][0][item] for c in children)
                assert remainder >= minimum, (name, item, parent)
                checked += 1
    assert checked, "some split leaves a count withheld beside one given"
