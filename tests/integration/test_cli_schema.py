"""A fresh or out-of-date database, as the console script meets it: one line that says what to do."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner

from assessment.cli import main
from assessment.paths import MIGRATIONS_DIR

NEWEST = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


@pytest.fixture()
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The console script's own app, on a database file nobody has upgraded yet."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.mark.parametrize("args", [["org", "list"], ["org", "create", "Acme Corp", "--slug", "acme"],
                                  ["cycle", "list"]])
def test_a_database_without_tables_asks_for_the_upgrade(fresh_database: str, args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: the database {fresh_database} has no tables yet; this version needs {NEWEST}: "
        "run `alignment db upgrade` first"], result.output


def test_after_the_upgrade_the_same_command_works(fresh_database: str) -> None:
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    result = CliRunner().invoke(main, ["org", "list"])
    assert (result.exit_code, result.output) == (0, "no organizations yet\n")


def test_a_database_one_migration_behind_names_where_it_stands(fresh_database: str) -> None:
    assert CliRunner().invoke(main, ["db", "upgrade", "611ecdf315a9"]).exit_code == 0
    result = CliRunner().invoke(main, ["user", "list"])
    assert result.exit_code == 1
    assert (f"Error: the database {fresh_database} is at migration 611ecdf315a9; this version needs"
            in result.output), result.output


def test_a_database_that_cannot_be_reached_is_named_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing listens on port 1: one line naming the server, not a psycopg traceback, and no password shown."""
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://alignment:s3cret@127.0.0.1:1/alignment")
    result = CliRunner().invoke(main, ["cycle", "list"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: could not use the database postgresql+psycopg://alignment:***@127.0.0.1:1/alignment: "), lines
    assert "Connection refused" in lines[0] and "s3cret" not in result.output


def test_a_fresh_install_lists_no_questionnaire_and_says_where_one_comes_from(fresh_database: str) -> None:
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    result = CliRunner().invoke(main, ["questionnaire", "list"])
    assert result.exit_code == 0
    assert result.output == ("none registered yet; `alignment cycle open` registers the built-in alignment-core "
                             "by itself, and `alignment questionnaire add FILE.yaml` registers your own\n")
    assert CliRunner().invoke(main, ["org", "create", "Acme Corp", "--slug", "acme"]).exit_code == 0
    assert CliRunner().invoke(main, ["cycle", "open", "acme", "--period", "2026-Q4"]).exit_code == 0
    listed = CliRunner().invoke(main, ["questionnaire", "list"]).output
    assert listed == ("alignment-core@1  Sales and marketing alignment\n"
                      "alignment-core@2  Sales and marketing alignment\n"
                      "alignment-core@3  Sales and marketing alignment\n")
