"""``alignment user``: accounts from the command line, the password never an argument."""
from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner
from werkzeug.security import check_password_hash

from assessment import create_app
from assessment.demo.accounts import DEMO_ACCOUNTS
from assessment.extensions import db
from assessment.models import Role
from assessment.operations.accounts import find_user
from tests.conftest import app_config


def test_create_reads_the_password_from_a_hidden_prompt_twice(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["user", "create", "Chief@Client.example", "--role", "executive", "--org", "contoso"],
                           input="a long passphrase\na long passphrase\n")
    assert result.exit_code == 0, result.output
    assert "created executive chief@client.example" in result.output
    assert "a long passphrase" not in result.output  # hidden input is not echoed
    user = find_user("chief@client.example")
    assert user is not None and user.role == Role.executive and user.organization.slug == "contoso"  # type: ignore[union-attr]
    assert user.password_hash and user.password_hash.startswith("scrypt:")
    assert check_password_hash(user.password_hash, "a long passphrase")


def test_create_reads_one_line_of_standard_input_for_scripts(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["user", "create", "lead2@client.example", "--role", "team_lead", "--org", "northwind",
                                 "--team", find_user("lead@demo.example").team.slug,  # type: ignore[union-attr]
                                 "--password-stdin"], input="piped passphrase\n")
    assert result.exit_code == 0, result.output
    user = find_user("lead2@client.example")
    assert user is not None and user.team is not None and user.organization.slug == "northwind"  # type: ignore[union-attr]


def test_a_consultant_takes_several_organizations(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["user", "create", "c@firm.example", "--role", "consultant", "--org", "contoso",
                                 "--org", "fabrikam", "--password-stdin"], input="piped passphrase\n")
    assert result.exit_code == 0, result.output
    user = find_user("c@firm.example")
    assert user is not None and sorted(o.slug for o in user.consulted) == ["contoso", "fabrikam"]


def test_there_is_no_way_to_pass_the_password_as_an_argument(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["user", "create", "x@client.example", "--role", "admin", "--password", "secret123456"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_wrong_combinations_fail_in_one_line_and_create_nothing(runner: FlaskCliRunner) -> None:
    cases = [
        (["--role", "executive"], "an executive needs an organization"),
        (["--role", "team_lead", "--org", "northwind"], "a team lead needs a team"),
        (["--role", "team_lead", "--org", "northwind", "--team", "no-such-team"], "northwind has no team 'no-such-team'"),
        (["--role", "executive", "--org", "nowhere"], "no organization 'nowhere'"),
        (["--role", "admin", "--org", "northwind"], "an admin is not tied to one organization"),
        (["--role", "admin", "--org", "northwind", "--org", "contoso"], "an admin has one organization at most"),
        (["--role", "executive", "--org", "northwind", "--team", "channel-sales"],
         "only a team lead has a team, not an executive"),
    ]
    for options, reason in cases:
        result = runner.invoke(args=["user", "create", "x@client.example", *options, "--password-stdin"],
                               input="long enough password\n")
        assert result.exit_code == 1, options
        assert reason in result.output and len(result.output.strip().splitlines()) == 1, result.output
    short = runner.invoke(args=["user", "create", "x@client.example", "--role", "admin", "--password-stdin"],
                          input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    assert find_user("x@client.example") is None


def test_list_and_deactivate(runner: FlaskCliRunner) -> None:
    listed = json.loads(runner.invoke(args=["user", "list", "--format", "json"]).output)
    by_email = {u["email"]: u for u in listed}
    assert by_email["consultant@demo.example"]["organizations"] == ["contoso", "northwind"]
    assert by_email["lead@demo.example"]["team"] and by_email["lead@demo.example"]["organizations"] == ["northwind"]
    result = runner.invoke(args=["user", "deactivate", "lead@demo.example"])
    assert result.exit_code == 0 and "deactivated lead@demo.example" in result.output
    assert find_user("lead@demo.example").active is False  # type: ignore[union-attr]
    assert runner.invoke(args=["user", "deactivate", "ghost@demo.example"]).exit_code == 1


def test_the_demo_prints_one_account_of_each_role_with_its_password(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'demo.sqlite'}"))
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["demo", "--organizations", "2", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    for account in DEMO_ACCOUNTS:
        assert f"{account.email:<26} {account.password}" in result.output
    with app.app_context():
        lead = find_user("lead@demo.example")
        assert lead is not None and lead.team is not None and lead.team.function == "sales"
        assert lead.organization is not None and lead.organization.slug == "northwind"
        db.engine.dispose()


def test_account_commands_leave_their_trace_in_the_audit_trail(runner: FlaskCliRunner) -> None:
    created = runner.invoke(args=["user", "create", "new.exec@client.example", "--role", "admin", "--password-stdin"],
                            input="long enough password\n")
    assert created.exit_code == 0, created.output
    token = runner.invoke(args=["user", "token", "new.exec@client.example", "--days", "7"])
    assert token.exit_code == 0
    assert runner.invoke(args=["user", "deactivate", "new.exec@client.example"]).exit_code == 0
    trail = runner.invoke(args=["audit", "list"]).output
    for line in ("user.create", "new.exec@client.example as admin", "user.token", "new.exec@client.example, for 7 days",
                 "new.exec@client.example: deactivated"):
        assert line in trail, line
    assert token.output.strip() not in trail, "the token itself is never kept"
