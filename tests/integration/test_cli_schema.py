"""A command on a database that `alignment db upgrade` has not prepared says to run it, in one line."""
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
        f"Error: the database has no tables yet; this version needs {NEWEST}: run `alignment db upgrade` first"], result.output


def test_after_the_upgrade_the_same_command_works(fresh_database: str) -> None:
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    result = CliRunner().invoke(main, ["org", "list"])
    assert (result.exit_code, result.output) == (0, "no organizations yet\n")


def test_a_database_one_migration_behind_names_where_it_stands(fresh_database: str) -> None:
    assert CliRunner().invoke(main, ["db", "upgrade", "611ecdf315a9"]).exit_code == 0
    result = CliRunner().invoke(main, ["user", "list"])
    assert result.exit_code == 1
    assert "Error: the database is at migration 611ecdf315a9; this version needs" in result.output, result.output
