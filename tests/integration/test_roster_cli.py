"""``alignment roster import``: a summary on success, every problem and a non-zero exit on a bad file."""
from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import AuditEntry, Organization, Participant, Response, Team

GOOD = (
    "email,team,function,team_name,region\n"
    "ana@acme.example,acme-sales,sales,Acme Sales,north\n"
    "ben@acme.example,acme-marketing,marketing,,south\n"
)


def count(model: type, *where: object) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()  # type: ignore[arg-type]


def write(folder: Path, text: str, name: str = "roster.csv") -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def acme_people() -> int:
    org = db.session.execute(select(Organization).filter_by(slug="acme")).scalar_one()
    return count(Participant, Participant.organization_id == org.id)


def test_import_prints_a_summary_and_a_second_import_changes_nothing(runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert runner.invoke(args=["org", "create", "Acme", "--slug", "acme"]).exit_code == 0
    path = write(tmp_path, GOOD)
    result = runner.invoke(args=["roster", "import", "acme", path])
    assert result.exit_code == 0, result.output
    assert "imported the roster of acme:" in result.output
    assert "2 added" in result.output and "2 teams created: acme-sales, acme-marketing" in result.output
    assert acme_people() == 2
    again = runner.invoke(args=["roster", "import", "acme", path, "--format", "json"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.output)
    assert summary["added"] == [] and summary["unchanged"] == 2 and summary["teams_created"] == []
    assert summary["dry_run"] is False



def test_a_dry_run_of_a_case_only_change_says_nothing_changes(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    assert runner.invoke(args=["roster", "import", "acme", write(tmp_path, GOOD)]).exit_code == 0
    shouted = GOOD.replace(",north", ",NORTH ").replace(",south", ", South")
    result = runner.invoke(args=["roster", "import", "acme", write(tmp_path, shouted, "again.csv"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "0 moved or changed" in result.output and "2 unchanged" in result.output

def test_dry_run_writes_nothing(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    teams, entries = count(Team), count(AuditEntry)
    result = runner.invoke(args=["roster", "import", "acme", write(tmp_path, GOOD), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would import" in result.output and "dry run: nothing was written" in result.output
    assert acme_people() == 0 and count(Team) == teams and count(AuditEntry) == entries


def test_a_control_character_in_a_cell_refuses_the_file_naming_line_and_column(
    runner: FlaskCliRunner, tmp_path: Path,
) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    teams = count(Team)
    path = write(tmp_path, GOOD + "cy@acme.example,acme-ops,joint,Revenue\x1b]0;Ops\x07,east\n")
    result = runner.invoke(args=["roster", "import", "acme", path])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 4, column team_name: holds a control character (U+001B, an escape), which no name can show; retype it",
        "Error: nothing imported: 1 problem in the file",
    ]
    assert acme_people() == 0 and count(Team) == teams


def test_a_bad_file_exits_non_zero_listing_each_problem(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    path = write(tmp_path, GOOD + "ana@acme.example,acme-sales,sales,,\nnobody,,sales,,\n")
    result = runner.invoke(args=["roster", "import", "acme", path])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 4, column email: ana@acme.example is on line 2 already",
        "line 5, column email: 'nobody' is not an email address",
        "line 5, column team: empty; everyone needs a team",
        "Error: nothing imported: 3 problems in the file",
    ]
    assert acme_people() == 0
    as_json = runner.invoke(args=["roster", "import", "acme", path, "--format", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"imported": False, "problems": result.stderr.splitlines()[:3]}


def test_a_long_list_of_problems_is_cut_short_on_screen(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    path = write(tmp_path, "email,team,function\n" + "".join(f"bad{i},t,sales\n" for i in range(25)))
    result = runner.invoke(args=["roster", "import", "acme", path])
    assert result.exit_code == 1
    assert "... and 5 more (--format json lists all)" in result.stderr
    assert "25 problems" in result.stderr


def test_remove_missing_erases_only_when_asked_and_keeps_responses(runner: FlaskCliRunner, tmp_path: Path) -> None:
    org = db.session.execute(select(Organization).filter_by(slug="northwind")).scalar_one()
    people = db.session.execute(
        select(Participant).where(Participant.organization_id == org.id).order_by(Participant.id)
    ).scalars().all()
    kept = people[1:]
    text = "email,team,function\n" + "".join(f"{p.email},{p.team.slug},{p.function}\n" for p in kept)
    path, responses = write(tmp_path, text), count(Response)
    plain = runner.invoke(args=["roster", "import", "northwind", path])
    assert plain.exit_code == 0, plain.output
    assert "1 missing from the file, kept" in plain.output and people[0].email in plain.output
    assert count(Participant, Participant.organization_id == org.id) == len(people)
    removing = runner.invoke(args=["roster", "import", "northwind", path, "--remove-missing", "--format", "json"])
    assert removing.exit_code == 0, removing.output
    assert json.loads(removing.output)["removed"] == [people[0].email]
    assert count(Participant, Participant.organization_id == org.id) == len(people) - 1
    assert count(Response) == responses


def test_a_dry_run_of_remove_missing_names_who_would_be_erased(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """Erasure cannot be undone: the dry run a consultant checks first lists the people, as it does those kept."""
    org = db.session.execute(select(Organization).filter_by(slug="northwind")).scalar_one()
    people = db.session.execute(
        select(Participant).where(Participant.organization_id == org.id).order_by(Participant.id)).scalars().all()
    path = write(tmp_path, "email,team,function\n" + "".join(f"{p.email},{p.team.slug},{p.function}\n" for p in people[2:]))
    dry = runner.invoke(args=["roster", "import", "northwind", path, "--remove-missing", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "  2 to be erased" in dry.output
    listed = dry.output.split("not in the file, to be erased with --remove-missing (their anonymous responses stay):\n")[1]
    assert set(listed.splitlines()[:2]) == {f"  {people[0].email}", f"  {people[1].email}"}
    done = runner.invoke(args=["roster", "import", "northwind", path, "--remove-missing"])
    assert "  2 erased" in done.output
    listed = done.output.split("erased (not in the file; their anonymous responses stay):\n")[1]
    assert set(listed.splitlines()[:2]) == {f"  {people[0].email}", f"  {people[1].email}"}


def test_an_unknown_organization_is_one_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["roster", "import", "nowhere", write(tmp_path, GOOD)])
    assert result.exit_code == 1
    assert "no organization 'nowhere'" in result.output


def test_problems_quote_the_file_and_name_the_line_a_row_starts_on(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    path = write(tmp_path, GOOD + "\ncara@acme.example,acme-sales,sales,\"Acme\nSales Team\",north\n"
                 "dan@acme.example,Channel Sales,Sales,,west\neve@acme.example,acme-sales,sales,,,south\n")
    result = runner.invoke(args=["roster", "import", "acme", path])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 5, column team_name: team acme-sales has team_name 'Acme Sales' on line 2",
        "line 7, column team: 'Channel Sales' is not a team slug (lowercase letters, digits and dashes): "
        "write channel-sales, and Channel Sales in team_name",
        "line 8: more cells than the header has columns (6 cells, expected 5); a separator too many or too few "
        "shifts every cell after it",
        "Error: nothing imported: 3 problems in the file",
    ]
    assert acme_people() == 0


def test_a_utf16_file_is_refused_in_one_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    path = tmp_path / "roster.csv"
    path.write_bytes(GOOD.encode("utf-16"))
    result = runner.invoke(args=["roster", "import", "acme", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == ("line 1: the file is UTF-16 text, not UTF-8; in Excel, save it as "
                                             "\"CSV UTF-8 (comma delimited)\"")
    assert acme_people() == 0


def test_a_quote_never_closed_refuses_the_file_instead_of_erasing_the_people_after_it(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """Read leniently, the open quote took every later row into one team name, and --remove-missing erased them."""
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    three = GOOD + "cy@acme.example,acme-sales,sales,,north\n"
    assert runner.invoke(args=["roster", "import", "acme", write(tmp_path, three)]).exit_code == 0
    unclosed = three.replace("ben@acme.example,acme-marketing,marketing,,south",
                             'ben@acme.example,acme-marketing,marketing,"Acme Marketing,south')

    result = runner.invoke(args=["roster", "import", "acme", write(tmp_path, unclosed, "bad.csv"), "--remove-missing"])

    assert result.exit_code == 1
    assert 'line 3: a cell here opens a double quote (") that is never closed' in result.output
    assert acme_people() == 3


def test_text_after_a_closing_quote_is_refused_by_its_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    stray = GOOD.replace("Acme Sales", '"Acme" Sales')

    result = runner.invoke(args=["roster", "import", "acme", write(tmp_path, stray)])

    assert result.exit_code == 1
    assert 'line 2: a cell here has text right after its closing double quote (")' in result.output
    assert acme_people() == 0


def test_the_summary_counts_in_words_that_fit_the_count(runner: FlaskCliRunner, tmp_path: Path) -> None:
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    one_team = GOOD.replace("acme-marketing,marketing", "acme-sales,sales")

    result = runner.invoke(args=["roster", "import", "acme", write(tmp_path, one_team), "--remove-missing"])

    assert result.exit_code == 0, result.output
    assert "  1 team created: acme-sales" in result.output
    assert "  0 missing from the file\n" in result.output and "kept" not in result.output


def test_names_whose_letters_a_legacy_encoding_lost_refuse_the_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    """Excel's plain "CSV" writes 東京営業 as ????: imported, the team was renamed ???? and the region ?."""
    runner.invoke(args=["org", "create", "Acme", "--slug", "acme"])
    lost = GOOD.replace("Acme Sales,north", "????,?")

    result = runner.invoke(args=["roster", "import", "acme", write(tmp_path, lost)])

    assert result.exit_code == 1
    assert ("line 2, column team_name: '????' reads as letters lost when the file was saved (a spreadsheet's plain "
            '"CSV" writes each letter it cannot encode as ?): save it as "CSV UTF-8" and import that file') in result.output
    assert "line 2, column region: '?' reads as letters lost" in result.output
    assert acme_people() == 0
