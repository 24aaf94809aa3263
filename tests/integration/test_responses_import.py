"""``alignment responses import``: a bad file is refused whole in one line naming where; a file is imported once."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Invitation, Organization, Participant, Response, Team
from assessment.tokens import new_token

ITEMS = ("a1", "a2", "b1", "b2")
HEADER = "team,function,a1,a2,b1,b2,one_thing"
ROW = "field-sales,sales,1,2,3,4,"
QUESTIONNAIRE = {
    "key": "import-check", "version": 1, "title": "Import check",
    "scale": {"points": 4, "labels": ["Strongly disagree", "Disagree", "Agree", "Strongly agree"],
              "favorable_points": 2},
    "dimensions": [{"id": "d_one", "name": "Dimension one"}, {"id": "d_two", "name": "Dimension two"}],
    "items": [{"id": item, "dimension": f"d_{'one' if item[0] == 'a' else 'two'}", "text": f"Item {item}"}
              for item in ITEMS],
    "open_questions": [{"id": "one_thing", "text": "One thing?"}],
}


@pytest.fixture()
def cycle(runner: FlaskCliRunner, tmp_path: Path) -> str:
    """An open cycle of a four-item questionnaire, with no responses yet."""
    questionnaire = tmp_path / "check.yaml"
    questionnaire.write_text(yaml.safe_dump(QUESTIONNAIRE))
    for args in (["questionnaire", "add", str(questionnaire)], ["org", "create", "Acme Corp", "--slug", "acme"],
                 ["cycle", "open", "acme", "--period", "2026-Q4", "--questionnaire", "import-check@1",
                  "--min-group", "3"], ["cycle", "open", "acme", "--period", "2027-Q1", "--questionnaire",
                                        "import-check@1", "--min-group", "3"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return "acme/2026-Q4"


def responses() -> int:
    return db.session.execute(select(func.count()).select_from(Response)).scalar_one()


def run_import(runner: FlaskCliRunner, tmp_path: Path, content: str | bytes, cycle: str = "acme/2026-Q4",
               name: str = "answers.csv") -> Result:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return runner.invoke(args=["responses", "import", cycle, str(path)])


def refusal(runner: FlaskCliRunner, tmp_path: Path, content: str | bytes) -> list[str]:
    """What the command printed for a refused file; nothing was imported and no traceback shown."""
    before = responses()
    result = run_import(runner, tmp_path, content)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert result.stdout == ""   # all of it on standard error
    assert responses() == before
    return result.output.strip().splitlines()


def refused(runner: FlaskCliRunner, tmp_path: Path, content: str | bytes) -> str:
    """The file's problems, one a line as the roster's are, then the count: "nothing imported: 2 problems"."""
    *problems, last = refusal(runner, tmp_path, content)
    assert problems and all(problem.startswith("line ") for problem in problems), problems
    assert last == f"Error: nothing imported: {len(problems)} problem{'s' if len(problems) > 1 else ''} in the file"
    return "\n".join(problems)


def test_a_good_file_is_imported_with_its_comments(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    before = responses()
    result = run_import(runner, tmp_path, f"{HEADER}\n{ROW}\nField-Sales,Sales,4,,2,1,\"Talk more,\nplease\"\n")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"imported 2 responses into {cycle}",
        "created 1 team the roster did not have: field-sales (sales); a misspelt slug makes a team of its own"]
    assert responses() == before + 2
    stored = select(Response.team_id, Response.function, Response.comments).where(
        Response.cycle_id == cycle_by_name(cycle).id)
    rows = db.session.execute(stored).all()
    assert [(function, comments) for _, function, comments in sorted(rows, key=lambda r: len(r[2]))] == [
        ("sales", {}), ("sales", {"one_thing": "Talk more,\nplease"})]
    assert len({team for team, _, _ in rows}) == 1  # Field-Sales is field-sales


def test_a_column_named_twice_is_refused(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    line = refused(runner, tmp_path, "team,function,a1,a2,b1,b2,a1\nfield-sales,sales,1,2,3,4,4\n")
    assert line == "line 1, column a1: appears twice"


@pytest.mark.parametrize(("row", "expected"), [
    (ROW + ",EXTRA,MORE", "line 3: more cells than the header has columns (9 cells, expected 7)"),
    ("field-sales,sales,1,2,3", "line 3: fewer cells than the header has columns (5 cells, expected 7)"),
], ids=["more", "fewer"])
def test_a_row_of_another_width_is_refused_with_its_count(
    runner: FlaskCliRunner, tmp_path: Path, cycle: str, row: str, expected: str
) -> None:
    assert expected in refused(runner, tmp_path, f"{HEADER}\n{ROW}\n{row}\n")


@pytest.mark.parametrize(("body", "line"), [
    (f"{ROW}\n\n\n{ROW.replace(',4,', ',9,')}\n", 5),  # blank lines are skipped, and counted
    (f"{ROW}\"two\nlines\"\n{ROW.replace(',4,', ',9,')}\n", 4),  # a quoted comment spans lines 2 and 3
    (f"\"field-\nsales\",sales,1,2,3,4,\n{ROW}\n", 2),  # the bad record starts on line 2, ends on 3
], ids=["blank-lines", "multi-line-cell-before", "multi-line-cell-itself"])
def test_the_line_is_where_the_record_starts_in_the_file(
    runner: FlaskCliRunner, tmp_path: Path, cycle: str, body: str, line: int
) -> None:
    assert refused(runner, tmp_path, f"{HEADER}\n{body}").startswith(f"line {line}, column ")


def test_blank_lines_alone_are_no_problem(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    result = run_import(runner, tmp_path, f"\n{HEADER}\n\n{ROW}\n\n")
    assert result.exit_code == 0 and "imported 1 response into" in result.output, result.output


def test_a_file_is_imported_once_however_it_was_saved_again(
    runner: FlaskCliRunner, tmp_path: Path, cycle: str
) -> None:
    first_file = f"{HEADER}\n{ROW}\nsolutions,joint,2,2,,3,Fine\n"
    assert run_import(runner, tmp_path, first_file).exit_code == 0
    imported = responses()
    today = dt.date.today().isoformat()
    resaved = ("\ufeff" + first_file.replace(",", ";").replace("\n", "\r\n")).encode()
    reordered = f"{HEADER}\nsolutions,joint,2,2,,3,Fine\n{ROW}\n"
    for again in (first_file, resaved, reordered):
        assert refusal(runner, tmp_path, again) == [
            f"Error: nothing imported: the same 2 responses were imported into Acme Corp 2026-Q4 on {today}; "
            "importing the file again would count its respondents twice"]
    assert responses() == imported
    # Other responses, or the same file for another cycle, are new.
    assert run_import(runner, tmp_path, f"{HEADER}\n{ROW}\n").exit_code == 0
    assert run_import(runner, tmp_path, first_file, cycle="acme/2027-Q1").exit_code == 0
    assert responses() == imported + 3


def test_many_problems_are_listed_one_a_line_up_to_twenty_then_counted(
    runner: FlaskCliRunner, tmp_path: Path, cycle: str
) -> None:
    """A column of words instead of points: each cell its own line, readable, not one line of a thousand characters."""
    body = "".join("field-sales,sales,Agree,2,3,4,\n" for _ in range(25))
    *problems, more, last = refusal(runner, tmp_path, f"{HEADER}\n{body}")
    assert problems == [f"line {n}, column a1: 'Agree' is not on the scale 1-4" for n in range(2, 22)]
    assert (more, last) == ("... and 5 more", "Error: nothing imported: 25 problems in the file")


def test_a_file_that_is_not_utf8_is_refused_by_line(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    latin1 = f"{HEADER}\n{ROW}\nfield-sales,sales,1,2,3,4,café\n".encode("latin-1")
    assert refused(runner, tmp_path, latin1) == (
        "line 3: the file is not UTF-8 text (\"café\" is written in another encoding); in Excel, save it as "
        "\"CSV UTF-8 (comma delimited)\"")
    utf16 = f"{HEADER}\n{ROW}\n".encode("utf-16")
    assert "line 1: the file is UTF-16 text, not UTF-8; in Excel, save it as" in refused(runner, tmp_path, utf16)


def test_semicolons_are_read_as_european_excel_writes_them(runner: FlaskCliRunner, tmp_path: Path,
                                                           cycle: str) -> None:
    result = run_import(runner, tmp_path, f"{HEADER}\n{ROW}\n".replace(",", ";"))
    assert result.exit_code == 0 and "imported 1 response into" in result.output, result.output


def test_problems_quote_the_cells_as_the_file_has_them(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    line = refused(runner, tmp_path, f"{HEADER}\nChannel Sales,Finance,1,2,3,4,\n")
    assert "line 2, column team: 'Channel Sales' is not a team slug" in line
    assert "line 2, column function: must be one of sales, marketing, joint, not 'Finance'" in line
    assert "line 2, column function: empty; write sales, marketing or joint" in refused(
        runner, tmp_path, f"{HEADER}\nchannel-sales,,1,2,3,4,\n")
    acme_teams = select(func.count()).select_from(Team).join(Organization).where(Organization.slug == "acme")
    assert db.session.execute(acme_teams).scalar_one() == 0


def test_a_new_team_answering_from_both_sides_is_created_joint(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    content = f"{HEADER}\nrevops,marketing,1,2,3,4,\nrevops,sales,2,2,3,3,\ncontent,marketing,4,4,4,4,\n"
    assert run_import(runner, tmp_path, content).exit_code == 0
    teams = json.loads(runner.invoke(args=["org", "list", "--format", "json"]).output)
    acme = next(org for org in teams if org["slug"] == "acme")
    assert {t["slug"]: t["function"] for t in acme["teams"]} == {"revops": "joint", "content": "marketing"}


def test_imported_answers_beyond_the_invitations_give_no_rate_above_100_percent(
        runner: FlaskCliRunner, tmp_path: Path, cycle: str, client, login) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "roster.csv"
    roster.write_text("email,team,function\n" + "".join(f"p{n}@acme.example,field-sales,sales\n" for n in range(3)))
    assert runner.invoke(args=["roster", "import", "acme", str(roster)]).exit_code == 0
    opened = cycle_by_name(cycle)
    for person in db.session.execute(select(Participant)).scalars():
        if person.organization_id == opened.organization_id:
            db.session.add(Invitation(cycle_id=opened.id, participant=person, token_hash=new_token()[1],
                                      sent_on=dt.date(2026, 10, 1)))
    db.session.commit()
    assert run_import(runner, tmp_path, f"{HEADER}\n" + f"{ROW}\n" * 6).exit_code == 0
    login(client, "admin")
    page = " ".join(client.get("/manage/acme/2026-Q4").get_data(as_text=True).split())
    row = page[page.index('<th scope="row">Field Sales</th>'):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">3</td> <td class="num">6</td>' in row and "%" not in row and "—" in row
    assert "no rate is given" in page and "the answers include responses imported from another survey" in page
    overview = " ".join(client.get("/manage/").get_data(as_text=True).split())
    assert "200%" not in overview and "(200" not in overview
    rates = client.get("/api/v1/organizations/acme/cycles/2026-Q4/response-rates")
    assert rates.status_code == 404  # an open cycle has no rates in the API: they come with its results
    assert runner.invoke(args=["cycle", "close", cycle]).exit_code == 0
    document = client.get("/api/v1/organizations/acme/cycles/2026-Q4/response-rates").get_json()
    assert [(t["invited"], t["answered"], t["rate"]) for t in document["teams"]] == [(3, 6, None)]


def test_a_scheduled_cycle_takes_a_file_and_the_output_says_it_is_not_open_yet(
        runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    """Paper answers gathered before the opening day are kept; the note makes a file meant elsewhere noticed."""
    opens = dt.date.today() + dt.timedelta(days=4)
    scheduled = runner.invoke(args=["cycle", "open", "acme", "--period", "2027-Q2", "--questionnaire",
                                    "import-check@1", "--min-group", "3", "--opens", opens.isoformat()])
    assert scheduled.exit_code == 0, scheduled.output
    before = responses()
    result = run_import(runner, tmp_path, f"{HEADER}\n" + f"{ROW}\n" * 3, cycle="acme/2027-Q2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "imported 3 responses into acme/2027-Q2"
    assert result.stderr.strip() == (f"note: acme/2027-Q2 is scheduled: its survey links take answers, and "
                                     f"invitations can be sent, from {opens}; these responses count with theirs")
    assert responses() == before + 3
    assert "note:" not in run_import(runner, tmp_path, f"{HEADER}\n{ROW}\n").output  # acme/2026-Q4 is open


def test_the_template_names_every_column_the_cycle_takes(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    """Item ids live in the questionnaire's file; the template gives them, in the order the import reads."""
    template = tmp_path / "template.csv"
    result = runner.invoke(args=["responses", "template", cycle, "-o", str(template)])
    assert result.exit_code == 0, result.output
    assert template.read_text() == HEADER + "\n"
    assert f"wrote the columns of {cycle} (import-check@1: 4 items, 1 open question) to {template}" in result.output
    with template.open("a") as handle:
        handle.write(ROW + "\n")
    assert run_import(runner, tmp_path, template.read_bytes()).exit_code == 0


def test_a_dry_run_checks_everything_and_writes_nothing(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    """A slug misspelt in the file would make a team of its own: the dry run shows it before anything is stored."""
    path = tmp_path / "answers.csv"
    path.write_text(f"{HEADER}\n{ROW}\nfield-sale,sales,1,2,3,4,\n")
    before = responses()
    dry = runner.invoke(args=["responses", "import", cycle, str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines() == [
        f"would import 2 responses into {cycle}",
        "would create 2 teams the roster does not have: field-sale (sales), field-sales (sales); a misspelt slug "
        "makes a team of its own",
        "dry run: nothing was written"]
    assert responses() == before
    assert not db.session.execute(select(Team).filter_by(slug="field-sale")).first()
    assert run_import(runner, tmp_path, path.read_bytes()).exit_code == 0   # not taken for a file imported already


def test_a_team_written_by_its_name_is_answered_with_its_slug(runner: FlaskCliRunner, tmp_path: Path, cycle: str) -> None:
    """A transcriber of paper surveys writes the team as people say it; the refusal names the slug to write."""
    from assessment.lookup import organization_by_slug
    from assessment.operations.organizations import ensure_team

    team = ensure_team(organization_by_slug("acme"), "field-sales", "sales")
    team.name = "Field Sales"
    db.session.commit()
    problems = refused(runner, tmp_path, f"{HEADER}\nField Sales,sales,1,2,3,4,\nNew Team,sales,1,2,3,4,\n")
    assert problems == ("line 2, column team: 'Field Sales' is not a team slug (lowercase letters, digits and dashes); "
                        "the team named so has the slug 'field-sales'\n"
                        "line 3, column team: 'New Team' is not a team slug (lowercase letters, digits and dashes)")


def test_a_comment_longer_than_the_survey_takes_is_refused_and_control_characters_are_dropped(
    runner: FlaskCliRunner, tmp_path: Path, cycle: str
) -> None:
    """One comment of 130,000 characters made the diagnostic PDF take minutes; the survey stops at 2,000."""
    assert refused(runner, tmp_path, f"{HEADER}\n{ROW}\n{ROW}{'x' * 2001}\n") == (
        "line 3, column one_thing: a comment of 2,001 characters; the survey takes 2,000 at most, and so does an import")
    result = run_import(runner, tmp_path, f"{HEADER}\n{ROW}{'y' * 1999}\x1b\n{ROW}\"Bell\x07 and\r\nbreak\"\n"
                                          f"{ROW}\"  \x07 \"\n")
    assert result.exit_code == 0, result.output
    stored = db.session.execute(select(Response.comments).where(Response.cycle_id == cycle_by_name(cycle).id)
                                ).scalars().all()
    # As the survey keeps them: cleaned, trimmed, and a comment of blanks and control characters not at all.
    assert {} in stored and sorted(c.get("one_thing", "") for c in stored) == ["", "Bell and\nbreak", "y" * 1999]
