"""``alignment roster export``: the console's download, written to a file, that imports again changing nobody."""
from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from assessment.extensions import db
from assessment.models import Organization


def test_export_writes_the_same_bytes_as_the_console_download(runner: FlaskCliRunner, client: FlaskClient,  # type: ignore[no-untyped-def]
                                                               login, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    result = runner.invoke(args=["roster", "export", "northwind", "-o", str(path)])
    assert result.exit_code == 0, result.output
    people = path.read_bytes().decode("utf-8-sig").count("\n") - 1
    assert result.output == f"wrote {people} people of northwind to {path}\n"
    login(client, "consultant")
    assert path.read_bytes() == client.get("/manage/northwind/roster/export.csv").get_data()


def test_every_demo_roster_exported_imports_again_changing_nobody(runner: FlaskCliRunner, tmp_path: Path) -> None:
    for slug in db.session.execute(select(Organization.slug).order_by(Organization.slug)).scalars():
        path = tmp_path / f"{slug}.csv"
        assert runner.invoke(args=["roster", "export", slug.upper(), "-o", str(path)]).exit_code == 0
        result = runner.invoke(args=["roster", "import", slug, str(path), "--dry-run", "--remove-missing",
                                     "--format", "json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.output)
        assert (summary["added"], summary["moved"], summary["missing"]) == ([], [], []), slug
        assert (summary["teams_created"], summary["teams_changed"]) == ([], []), slug
        assert summary["unchanged"] == path.read_text(encoding="utf-8-sig").count("\n") - 1


def test_an_unknown_organization_or_folder_is_one_line_and_no_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    result = runner.invoke(args=["roster", "export", "nowhere", "-o", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output and "nowhere" in result.output
    assert not path.exists()
    missing = runner.invoke(args=["roster", "export", "northwind", "-o", str(tmp_path / "no" / "roster.csv")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    assert "roster export [OPTIONS] ORG\n" in runner.invoke(args=["roster", "export", "--help"]).output
