"""The organization page offers the diagnostic and the executive summary; a team lead gets neither."""
from __future__ import annotations

import subprocess
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

PAGE = "/results/northwind/2026-Q3"


def test_executive_downloads_both_documents_linked_from_the_page(
        app: Flask, client: FlaskClient, login, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    page = client.get(PAGE).get_data(as_text=True)
    assert f"{PAGE}/diagnostic.pdf" in page and f"{PAGE}/executive-summary.pdf" in page
    reply = client.get(f"{PAGE}/executive-summary.pdf")
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    assert 'filename="northwind-2026-Q3-executive-summary.pdf"' in reply.headers["Content-Disposition"]
    path = tmp_path / "summary.pdf"
    path.write_bytes(reply.data)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    assert "Executive summary" in text and "Northwind Traders scores" in text
    # Kept in the reports folder: the second download is the same file, not a second rendering.
    stored = Path(app.config["REPORTS_DIR"]) / "northwind-2026-Q3-executive-summary.pdf"
    assert stored.read_bytes() == reply.data == client.get(f"{PAGE}/executive-summary.pdf").data


def test_team_lead_sees_no_organization_documents(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    assert "diagnostic.pdf" not in client.get(PAGE).get_data(as_text=True)
    assert client.get(f"{PAGE}/diagnostic.pdf").status_code == 403
    assert client.get(f"{PAGE}/executive-summary.pdf").status_code == 403
