"""The ``alignment`` command line, as a consultant uses it."""
from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Invitation, Participant
from questionnaires.builtin import builtin_path


def test_questionnaire_validate_accepts_the_builtin(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["questionnaire", "validate", str(builtin_path())])
    assert result.exit_code == 0, result.output
    assert "valid (alignment-core@3" in result.output


def test_questionnaire_validate_names_file_item_and_field(runner: FlaskCliRunner, tmp_path: Path) -> None:
    broken = builtin_path().read_text().replace("reverse: true", "reverse: maybe", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(broken)
    result = runner.invoke(args=["questionnaire", "validate", str(path)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.output and 'field "reverse"' in result.output and "item" in result.output


@pytest.mark.parametrize("command", ["validate", "add"])
def test_a_questionnaire_with_several_mistakes_lists_each_on_its_own_line(
        runner: FlaskCliRunner, tmp_path: Path, command: str) -> None:
    """All of them from one run, each naming its item and field, then their count as the one-line reason."""
    broken = (builtin_path().read_text().replace("reverse: true", "reverse: maybe", 1)
              .replace("version: 3", "version: 0", 1).replace("dimension: culture", "dimension: cultur", 1))
    path = tmp_path / "broken.yaml"
    path.write_text(broken)
    result = runner.invoke(args=["questionnaire", command, str(path)])
    assert result.exit_code == 1
    *problems, reason = result.stderr.strip().splitlines()
    assert len(problems) == 3 and all(line.startswith("broken.yaml: ") for line in problems)
    assert 'field "version"' in problems[0]
    assert any('field "reverse"' in line for line in problems) and any('field "dimension"' in line and "cultur" in line
                                                                        for line in problems)
    assert reason.startswith("Error: broken.yaml: 3 mistakes")
    listed = runner.invoke(args=["questionnaire", "list"])
    assert "@0" not in listed.stdout   # nothing of it was registered


def test_org_list_json_gives_teams_with_functions_and_roster_sizes(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["org", "list", "--format", "json"])
    assert result.exit_code == 0
    orgs = json.loads(result.output)
    assert len(orgs) >= 8
    northwind = next(o for o in orgs if o["slug"] == "northwind")
    assert {t["function"] for t in northwind["teams"]} == {"sales", "marketing", "joint"}
    assert all(t["participants"] > 0 for t in northwind["teams"])
    assert sum(t["participants"] for t in northwind["teams"]) == _roster_size("northwind")


def _roster_size(slug: str) -> int:
    from assessment.models import Organization

    return db.session.execute(
        db.select(db.func.count()).select_from(Participant).join(Organization)
        .where(Organization.slug == slug)
    ).scalar_one()


def test_cycle_list_json_has_four_published_quarters_and_one_open(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["cycle", "list", "northwind", "--format", "json"])
    cycles = json.loads(result.output)
    assert [c["status"] for c in cycles] == ["published"] * 4 + ["open"]
    assert [c["period"] for c in cycles] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert all(c["organization"] == "northwind" and c["responses"] > 0 for c in cycles)


def test_invitation_export_issues_fresh_links_and_retires_old_ones(
    runner: FlaskCliRunner, client: FlaskClient, open_invitation, tmp_path: Path
) -> None:
    invitation, old_token = open_invitation()
    assert client.get(f"/s/{old_token}").status_code == 200
    output = tmp_path / "links.csv"
    result = runner.invoke(args=["invitations", "export", "northwind/2026-Q4", "-o", str(output)])
    assert result.exit_code == 0, result.output
    with output.open() as handle:
        rows = list(csv.DictReader(handle))
    roster = db.session.execute(   # everyone, those who answered too: the file tells nobody who has
        db.select(db.func.count()).select_from(Participant)
        .where(Participant.organization_id == invitation.cycle.organization_id)
    ).scalar_one()
    assert len(rows) == roster and list(rows[0]) == ["email", "url"]
    assert invitation.participant.email in {r["email"] for r in rows}
    replaced = client.get(f"/s/{old_token}")   # opens nothing, but says why (tests/web/test_respond_replaced_links.py)
    assert replaced.status_code == 410 and "This link was replaced" in replaced.get_data(as_text=True)
    new_url = next(r["url"] for r in rows if r["email"] == invitation.participant.email)
    assert new_url.startswith("http://survey.test/s/")
    assert client.get(new_url.removeprefix("http://survey.test")).status_code == 200


def test_invitation_export_writes_an_address_that_starts_like_a_formula_as_text(
    runner: FlaskCliRunner, open_invitation, tmp_path: Path
) -> None:
    invitation, _ = open_invitation()
    invitation.participant.email = "=cmd|calc@northwind.example"   # an address the roster import accepts
    db.session.commit()
    output = tmp_path / "links.csv"
    assert runner.invoke(args=["invitations", "export", "northwind/2026-Q4", "-o", str(output)]).exit_code == 0
    with output.open() as handle:
        emails = [r["email"] for r in csv.DictReader(handle)]
    assert "'=cmd|calc@northwind.example" in emails, "a spreadsheet would run it as a formula"
    assert "=cmd|calc@northwind.example" not in emails


def test_invitation_export_of_a_closed_cycle_fails_in_one_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    output = tmp_path / "links.csv"
    result = runner.invoke(args=["invitations", "export", "northwind/2026-Q3", "-o", str(output)])
    assert result.exit_code == 1
    assert "is published; links are issued only while it is open" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not output.exists()


def test_an_open_cycles_closing_date_moves_and_a_past_one_is_refused(runner: FlaskCliRunner) -> None:
    cycle = cycle_by_name("northwind/2026-Q4")
    planned = cycle.closes_on
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    refused = runner.invoke(args=["cycle", "closing-date", "northwind/2026-Q4", past])
    assert refused.exit_code == 1 and "in the past" in refused.output
    assert cycle_by_name("northwind/2026-Q4").closes_on == planned
    later = dt.date.today() + dt.timedelta(days=40)
    moved = runner.invoke(args=["cycle", "closing-date", "northwind/2026-Q4", later.isoformat()])
    assert moved.exit_code == 0, moved.output
    assert moved.output.strip() == f"northwind/2026-Q4 now closes on {later.isoformat()}"
    assert cycle_by_name("northwind/2026-Q4").closes_on == later
    closed = runner.invoke(args=["cycle", "closing-date", "northwind/2026-Q3", later.isoformat()])
    assert closed.exit_code == 1 and "only an open cycle" in closed.output


def test_unknown_names_fail_with_a_reason(runner: FlaskCliRunner, tmp_path: Path) -> None:
    for args in (["cycle", "close", "nowhere/2026-Q3"], ["cycle", "close", "northwind"],
                 ["report", "team", "northwind/2026-Q3", "no-such-team", "-o", str(tmp_path / "x.pdf")]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert result.output.startswith("Error: ")


def test_report_team_renders_the_action_plan(runner: FlaskCliRunner, tmp_path: Path) -> None:
    team = _largest_team("northwind")
    output = tmp_path / "plan.pdf"
    result = runner.invoke(args=["report", "team", "northwind/2026-Q3", team.slug, "-o", str(output)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(output), "-"], capture_output=True, text=True, check=True).stdout
    assert team.name in text and "Northwind Traders" in text and "2026-Q3" in text
    assert "Information sharing" in text
    assert "Synthetic" in text or "synthetic" in text


def _largest_team(slug: str):  # type: ignore[no-untyped-def]
    from assessment.lookup import organization_by_slug

    org = organization_by_slug(slug)
    return max(org.teams, key=lambda t: len(t.participants))


def test_closing_a_cycle_twice_is_refused(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["cycle", "close", "northwind/2026-Q4"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=["cycle", "close", "northwind/2026-Q4"])
    assert again.exit_code == 1 and "closed" in again.output


def test_a_period_that_would_not_sort_in_time_is_refused_in_one_line(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["cycle", "open", "northwind", "--period", "garbage"])
    assert result.exit_code == 1
    assert "'garbage' is not a period: name it by a year from 2000 to 2099, then a quarter, half or month" in result.output
    assert "Traceback" not in result.output
    listed = json.loads(runner.invoke(args=["cycle", "list", "northwind", "--format", "json"]).output)
    assert "garbage" not in [c["period"] for c in listed]


def test_an_output_in_a_missing_folder_is_refused_before_any_work(
    runner: FlaskCliRunner, client: FlaskClient, open_invitation, tmp_path: Path
) -> None:
    _, token = open_invitation()
    missing = tmp_path / "no-such-folder"
    for args in (["report", "team", "northwind/2026-Q3", _largest_team("northwind").slug, "-o", str(missing / "p.pdf")],
                 ["report", "exec", "northwind/2026-Q3", "-o", str(missing / "s.pdf")],
                 ["responses", "export", "northwind/2026-Q3", "-o", str(missing / "rows.csv")],
                 ["invitations", "export", "northwind/2026-Q4", "-o", str(missing / "links.csv")]):
        result = runner.invoke(args=args)
        assert result.exit_code == 2, result.output
        assert f"the folder {missing} does not exist" in result.output
        assert "Traceback" not in result.output
    assert not missing.exists()
    assert client.get(f"/s/{token}").status_code == 200     # no fresh links were issued


def test_an_output_that_cannot_be_written_fails_in_one_line_and_changes_nothing(
    runner: FlaskCliRunner, client: FlaskClient, open_invitation
) -> None:
    _, token = open_invitation()
    links = runner.invoke(args=["invitations", "export", "northwind/2026-Q4", "-o", "/proc/links.csv"])
    assert links.exit_code == 1
    assert links.output.strip().splitlines() == ["Error: could not write /proc/links.csv: No such file or directory"]
    assert client.get(f"/s/{token}").status_code == 200     # the old links still work: nothing was issued
    folder = runner.invoke(args=["report", "batch", "northwind/2026-Q3", "-o", "/proc/plans"])
    assert folder.exit_code == 1
    assert folder.output.strip().splitlines() == ["Error: could not create the folder /proc/plans: "
                                                  "No such file or directory"]


def test_a_report_logo_that_is_no_png_or_jpeg_is_refused_as_org_brand_refuses_it(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"/>')
    text = tmp_path / "logo.png"
    text.write_text("not an image at all")
    output = tmp_path / "summary.pdf"
    for logo, reason in ((svg, "SVG logos are not accepted"), (text, "not a PNG or JPEG image")):
        result = runner.invoke(args=["report", "exec", "northwind/2026-Q3", "-o", str(output), "--logo", str(logo)])
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1 and reason in result.output
    assert not output.exists()


def test_a_questionnaire_version_that_is_no_number_is_refused_not_taken_as_the_newest(runner: FlaskCliRunner) -> None:
    for ref in ("alignment-core@x", "alignment-core@"):
        result = runner.invoke(args=["cycle", "open", "northwind", "--period", "2027-Q1", "--questionnaire", ref])
        assert result.exit_code == 1
        assert result.output.strip() == f"Error: {ref!r}: name a version by its number, as in alignment-core@1"
    listed = json.loads(runner.invoke(args=["cycle", "list", "northwind", "--format", "json"]).output)
    assert "2027-Q1" not in [c["period"] for c in listed]


def test_numbers_out_of_range_are_refused_by_the_command_not_by_the_database(runner: FlaskCliRunner) -> None:
    for args, option in ((["audit", "list", "--limit", "-1"], "--limit"),
                         (["cycle", "open", "northwind", "--period", "2027-Q1", "--min-group", "100000000000"],
                          "--min-group"),
                         (["cycle", "open", "northwind", "--period", "2027-Q1", "--min-comment-group", "10000000000"],
                          "--min-comment-group")):
        result = runner.invoke(args=args)
        assert result.exit_code == 2, result.output
        assert f"Invalid value for '{option}'" in result.output and "Traceback" not in result.output
    below = runner.invoke(args=["cycle", "open", "northwind", "--period", "2027-Q1", "--min-group", "2"])
    assert below.exit_code == 1 and "can't be below 3, for anonymity" in below.output   # the reason, still


def test_cycle_open_help_names_group_sizes_in_people_and_the_default_questionnaires_version(runner: FlaskCliRunner) -> None:
    """It showed click's "INTEGER RANGE [default: 5; x<=100000]", and "KEY or KEY@VERSION" without which version."""
    text = " ".join(runner.invoke(args=["cycle", "open", "--help"]).output.split())
    assert "--min-group N" in text and "--min-comment-group N" in text and "x<=" not in text
    assert "KEY alone for its newest version" in text
    refused = runner.invoke(args=["cycle", "open", "northwind", "--period", "2027-Q1", "--min-group", "250000"])
    assert "250000 is more people than any organization has (at most 100,000)" in refused.output


def test_every_file_argument_is_named_as_the_readme_names_it(runner: FlaskCliRunner) -> None:
    for args, usage in ((["responses", "import"], "ORG/PERIOD FILE.csv"), (["benchmark", "import"], "FILE.csv"),
                        (["roster", "import"], "ORG FILE.csv"), (["funnel", "import"], "ORG FILE.csv"),
                        (["questionnaire", "validate"], "FILE.yaml"), (["questionnaire", "add"], "FILE.yaml")):
        result = runner.invoke(args=[*args, "--help"])
        assert result.exit_code == 0
        assert f"{' '.join(args)} [OPTIONS] {usage}\n" in result.output, result.output


def test_a_cycle_cannot_open_with_a_closing_date_already_past(runner: FlaskCliRunner) -> None:
    """As on the console: invitations would name a day gone by."""
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    result = runner.invoke(args=["cycle", "open", "northwind", "--period", "2027-Q1", "--closes", past])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the closing date can't be in the past" in result.output
    listed = json.loads(runner.invoke(args=["cycle", "list", "northwind", "--format", "json"]).output)
    assert "2027-Q1" not in [c["period"] for c in listed]


def test_cycle_list_lines_up_whatever_the_organizations_slugs(runner: FlaskCliRunner) -> None:
    lines = runner.invoke(args=["cycle", "list"]).output.splitlines()
    assert len(lines) > 5 and len({line.index(" responses") for line in lines}) == 1


def test_opening_a_cycle_beside_one_still_open_says_so(runner: FlaskCliRunner) -> None:
    """As the console's form warns: the people of both would hold two survey links at once."""
    result = runner.invoke(args=["cycle", "open", "northwind", "--period", "2027-Q1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "opened northwind/2027-Q1 with alignment-core@3"
    assert result.stderr.strip() == ("note: northwind/2026-Q4 is still open: people invited to both would hold "
                                     "two survey links at once")


@pytest.mark.parametrize("args", [
    ["cycle", "open", "northwind", "--period", "2027-Q2", "--opens", "03/01/2027"],
    ["cycle", "closing-date", "northwind/2026-Q4", "2026-13-01"],
    ["responses", "import", "northwind/2026-Q4", "README.md", "--date", "26.11.2026"],
    ["benchmark", "import", "README.md", "--name", "N", "--source", "S", "--as-of", "2026"],
], ids=["opens", "closing-date", "response-date", "as-of"])
def test_a_date_written_otherwise_is_refused_saying_how_to_write_it(runner: FlaskCliRunner, args: list[str]) -> None:
    """A consultant reads YYYY-MM-DD in help and errors, not Python's '%Y-%m-%d'."""
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert f"{args[-1]!r} is not a date: write it as YYYY-MM-DD, such as 2026-12-18" in result.output
    assert "%Y" not in result.output
    assert "%Y" not in runner.invoke(args=args[:2] + ["--help"]).output


def test_a_short_name_too_long_is_refused_saying_how_long_it_may_be(runner: FlaskCliRunner) -> None:
    """Eighty lowercase letters follow every rule but the length: the message must name the length."""
    result = runner.invoke(args=["org", "create", "Long Name Ltd", "--slug", "a" * 80])
    assert result.exit_code == 1
    assert "use lowercase letters, digits and dashes, at most 64 characters" in result.output, result.output


def test_an_organization_that_exists_is_not_created_again_and_the_refusal_names_it(runner: FlaskCliRunner) -> None:
    """The operator sees every organization: the refusal names the one in the way, by name and by short name."""
    before = runner.invoke(args=["org", "list", "--format", "json"]).output
    twice = runner.invoke(args=["org", "create", " northwind  traders", "--slug", "northwind-traders"])
    assert twice.exit_code == 1
    assert ("Northwind Traders is a client already (short name northwind): use that, or give the new one a name of "
            "its own") in twice.output
    taken = runner.invoke(args=["org", "create", "Northwind Labs", "--slug", "northwind"])
    assert taken.exit_code == 1
    assert "Northwind Traders has 'northwind' as its short name already; choose another --slug" in taken.output
    assert runner.invoke(args=["org", "list", "--format", "json"]).output == before
