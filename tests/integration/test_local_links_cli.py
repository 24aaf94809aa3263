"""Survey links built on a PUBLIC_URL that only this machine opens (the default, http://127.0.0.1:5000) are
dead for every employee: the commands that hand links out say so, and what to set."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

NOTE = "only on this machine; set PUBLIC_URL to the address employees open"


def test_exported_links_on_this_machine_only_are_named_as_such(app: Flask, runner: FlaskCliRunner, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "links.csv"
    monkeypatch.setitem(app.config, "PUBLIC_URL", "http://127.0.0.1:5000")
    result = runner.invoke(args=["invitations", "export", "northwind/2026-Q4", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert all(row["url"].startswith("http://127.0.0.1:5000/s/") for row in csv.DictReader(io.StringIO(output.read_text())))
    assert f"note: the links start with http://127.0.0.1:5000, which opens {NOTE}" in result.stderr
    assert "wrote " in result.stdout and "note" not in result.stdout

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://survey.client.example")
    result = runner.invoke(args=["invitations", "export", "northwind/2026-Q4", "-o", str(output)])
    assert result.exit_code == 0 and "note" not in result.output


def test_a_dry_run_of_a_mailing_says_so_before_anything_is_sent(app: Flask, runner: FlaskCliRunner,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "PUBLIC_URL", "http://localhost:8000")
    result = runner.invoke(args=["invitations", "send", "northwind/2026-Q4", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"note: the links start with http://localhost:8000, which opens {NOTE}" in result.stderr


def test_a_mailing_sent_with_such_links_says_how_to_send_working_ones(app: Flask, runner: FlaskCliRunner, mailbox: list,  # type: ignore[type-arg]
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.integration.test_invitations_cli import opened

    cycle = opened(runner)
    monkeypatch.setitem(app.config, "PUBLIC_URL", "http://127.0.0.1:5000")
    result = runner.invoke(args=["invitations", "send", cycle])
    assert result.exit_code == 0 and mailbox, result.output
    assert NOTE in result.stderr and f"then `alignment invitations remind {cycle} --min-days 0` mails links" in result.stderr
