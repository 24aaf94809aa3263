"""What a consultant meets at the command line with README.md and docs/ in hand: a period written in lower case,
options before the cycle, a notice with nobody to read it, a close that could not publish, a mistyped
DATABASE_URL, a date in the wrong year. Each says one thing, in one line."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskCliRunner

from assessment.cli import main
from assessment.lookup import cycle_by_name


def ok(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def this_quarter() -> str:
    today = dt.date.today()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@pytest.fixture()
def solo(runner: FlaskCliRunner, tmp_path: Path) -> str:
    """A client with one team, no executive and no team lead, and an open cycle of this quarter."""
    ok(runner, "org", "create", "Solo Ltd", "--slug", "solo")
    roster = tmp_path / "roster.csv"
    roster.write_text("email,team,function\np1@solo.example,field-sales,sales\n")
    ok(runner, "roster", "import", "solo", str(roster))
    ok(runner, "cycle", "open", "solo", "--period", this_quarter(), "--min-group", "3")
    return f"solo/{this_quarter()}"


def answered(runner: FlaskCliRunner, cycle: str, tmp_path: Path, people: int = 3) -> None:
    template = tmp_path / "template.csv"
    ok(runner, "responses", "template", cycle, "-o", str(template))
    columns = template.read_text().strip().split(",")
    # Every statement answered (2, 3 or 4), the open questions left blank.
    rows = [",".join("field-sales" if c == "team" else "sales" if c == "function"
                     else "" if c in ("one_thing", "keep_doing") else str(2 + n % 3) for c in columns)
            for n in range(people)]
    path = tmp_path / "answers.csv"
    path.write_text("\n".join([",".join(columns), *rows]) + "\n")
    ok(runner, "responses", "import", cycle, str(path))


def test_a_period_in_lower_case_opens_the_cycle_as_the_cycle_names_read_it(runner: FlaskCliRunner) -> None:
    """`2026-q4` names 2026-Q4 everywhere else (ORG/PERIOD, the funnel file): refusing it as "not a period" misled."""
    ok(runner, "org", "create", "Acme Corp", "--slug", "acme")
    opened = ok(runner, "cycle", "open", "acme", "--period", f" {this_quarter().lower()} ")
    assert opened.startswith(f"opened acme/{this_quarter()} with ")
    assert cycle_by_name(f"acme/{this_quarter()}").period == this_quarter()


def test_planning_a_reminder_names_the_date_as_people_write_it(runner: FlaskCliRunner) -> None:
    helped = ok(runner, "invitations", "plan", "--help")
    assert "--remind-on YYYY-MM-DD" in helped and "%Y" not in helped
    wrong = runner.invoke(args=["invitations", "plan", "northwind/2026-Q4", "--remind-on", "2026-31-12"])
    assert wrong.exit_code == 2
    assert wrong.stderr.splitlines()[-1] == ("Error: Invalid value for '--remind-on': '2026-31-12' is not a date: "
                                             "write it as YYYY-MM-DD, such as 2026-12-18")


def test_scores_take_their_options_before_the_cycle_too(runner: FlaskCliRunner) -> None:
    before = json.loads(ok(runner, "scores", "--format", "json", "northwind/2026-Q3"))
    after = json.loads(ok(runner, "scores", "northwind/2026-Q3", "--format", "json"))
    assert before == after and before["cycle"]["period"] == "2026-Q3"
    assert "Commands:" in ok(runner, "scores", "--help")   # the group's own help still
    missing = runner.invoke(args=["scores", "--format", "json"])
    assert missing.exit_code == 2 and "Missing argument 'ORG/PERIOD'" in missing.stderr
    assert "json or csv for machines" in ok(runner, "scores", "northwind/2026-Q3", "--help")


def test_a_notice_with_nobody_to_read_it_says_so_and_how_to_add_a_reader(
    runner: FlaskCliRunner, solo: str, tmp_path: Path
) -> None:
    answered(runner, solo, tmp_path)
    closed = ok(runner, "cycle", "close", solo, "--publish", "--yes")
    nobody = (f"mailed the notice to nobody: solo has no active executive or team lead yet (`alignment user create "
              f"EMAIL --role executive --org solo` adds one; `alignment cycle notify {solo}` then mails them)")
    assert closed.splitlines()[-2:] == [f"published {solo}", nobody]
    assert ok(runner, "cycle", "notify", solo).splitlines() == [nobody]


def test_a_close_that_cannot_publish_says_the_cycle_is_still_open(runner: FlaskCliRunner, solo: str) -> None:
    refused = runner.invoke(args=["cycle", "close", solo, "--publish"])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"Error: nobody answered Solo Ltd {this_quarter()}, so it has no results to publish; it is published with the "
        f"next cycle that has them, whose trends show its quarter as unanswered. {solo} is still open: "
        f"`alignment cycle close {solo}` closes it without publishing"]
    assert cycle_by_name(solo).status.value == "open"


def test_exporting_the_answers_of_an_open_cycle_gives_that_one_reason(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["responses", "export", "northwind/2026-Q4", "-o", str(tmp_path / "rows.csv")])
    assert result.exit_code == 1
    assert result.stderr == "Error: northwind/2026-Q4 is open; its responses are exported once it is closed\n"


def test_an_output_under_a_file_is_named_as_a_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    (tmp_path / "plan.pdf").write_bytes(b"%PDF")
    result = runner.invoke(args=["roster", "export", "northwind", "-o", str(tmp_path / "plan.pdf" / "roster.csv")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"Error: Invalid value for '-o' / '--output': {tmp_path / 'plan.pdf'} "
                                              "is a file, not a folder")


def test_responses_dated_after_today_are_refused(runner: FlaskCliRunner, solo: str, tmp_path: Path) -> None:
    """A year mistyped (2027 for 2026) would be stored on every response without a word."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    path = tmp_path / "answers.csv"
    path.write_text("team,function\n")
    result = runner.invoke(args=["responses", "import", solo, str(path), "--date", tomorrow.isoformat()])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"Error: Invalid value for '--date': {tomorrow} is after today: "
                                              "a response is recorded on the day it was given")


@pytest.mark.parametrize("url", ["nonsense", "foo://host/db", "mysql://u:secret@host/db", "postgresql://u@host:abc/db"])
def test_a_database_url_that_is_no_address_is_one_line(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the console script's own app factory, as a consultant's shell meets it: no traceback, and the
    value, which may hold a password, is not repeated."""
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(main, ["cycle", "list"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: DATABASE_URL must be the address of a SQLite or PostgreSQL database, written as "
                             "sqlite:////path/to/alignment.sqlite or postgresql://user:password@host:5432/database\n")


def test_an_account_without_a_password_given_says_how_to_give_one(runner: FlaskCliRunner) -> None:
    """A script that forgot --password-stdin met the prompt at end of input, and a bare "Aborted!"."""
    result = runner.invoke(args=["user", "create", "x@client.example", "--role", "admin"], input="")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == ("Error: no password given, so no account was created: type it at the "
                                              "prompt, or pipe it in with --password-stdin")
    assert "x@client.example" not in ok(runner, "user", "list")


def test_every_option_of_the_product_commands_says_what_it_is(app: Flask) -> None:
    """`--help` is what a consultant reads: an option listed with its type alone (`--name TEXT`) says nothing."""
    bare: list[str] = []

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
            return
        bare.extend(f"{' '.join(path)} {param.opts[0]}" for param in command.params
                    if isinstance(param, click.Option) and not param.help)

    product = ("questionnaire", "org", "roster", "funnel", "cycle", "invitations", "responses", "scores", "benchmark",
               "report", "demo", "user", "participant", "audit")
    for name in product:
        walk(app.cli.commands[name], [name])
    assert bare == []


@pytest.mark.parametrize("command", [["benchmark", "build", "--name", "Pool"],
                                     ["benchmark", "import", "README.md", "--name", "Study", "--source", "S"]])
def test_a_benchmark_dated_after_today_is_refused(runner: FlaskCliRunner, command: list[str]) -> None:
    """The as-of date is printed beside every comparison: a year typed wrong would date them all wrong."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    result = runner.invoke(args=[*command, "--as-of", tomorrow.isoformat()])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"Error: Invalid value for '--as-of': {tomorrow} is after today: "
                                              "figures describe a day that has been")
    assert "Pool" not in ok(runner, "benchmark", "list") and "Study" not in ok(runner, "benchmark", "list")


def test_help_under_a_setting_to_fix_says_it_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`alignment --help` is the first thing run when a command fails: it lists what it can, and says why not all."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.setenv("SMTP_PORT", "twenty-five")
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert result.stderr == "Error: SMTP_PORT must be a whole number, not 'twenty-five'\n\n"
    assert "  run " in result.stdout and "  shell " in result.stdout
