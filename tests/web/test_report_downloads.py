"""The organization page offers the diagnostic and the executive summary; a team lead gets neither.

A download never holds the request: the first answer is a page that checks
back while a real background job (a local process pool here, as without a
broker in production) renders the PDF into the reports folder.
"""
from __future__ import annotations

import html
import io
import os
import re
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from assessment.document_jobs import FAILED, READY, UNKNOWN, JobState, document_jobs, wait_for
from assessment.lookup import cycle_by_name

PAGE = "/results/northwind/2026-Q3"
REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+);url=([^"]+)">')


def download(client: FlaskClient, url: str, timeout: float = 300) -> tuple[int, object]:
    """Follow the "being prepared" page's refresh like a browser; the first status and the final reply."""
    reply = client.get(url)
    first = reply.status_code
    deadline = time.monotonic() + timeout
    while reply.status_code == 202:
        page = reply.get_data(as_text=True)
        match = REFRESH.search(page)
        assert match, "the preparing page reloads itself"
        assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "is being prepared" in page  # no inline script
        assert time.monotonic() < deadline, "the document was never ready"
        time.sleep(1)
        reply = client.get(html.unescape(match.group(2)))
    return first, reply


def test_executive_downloads_both_documents_linked_from_the_page(
        app: Flask, client: FlaskClient, login, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    login(client, "executive")
    page = client.get(PAGE).get_data(as_text=True)
    assert f"{PAGE}/diagnostic.pdf" in page and f"{PAGE}/executive-summary.pdf" in page
    stored = Path(app.config["REPORTS_DIR"]) / "northwind-2026-Q3-executive-summary.pdf"
    stored.unlink(missing_ok=True)

    monkeypatch.setitem(app.config, "DOCUMENT_QUICK_WAIT", 0)   # a fast render must not skip the page under test
    first, reply = download(client, f"{PAGE}/executive-summary.pdf")
    assert first == 202                                  # nothing rendered yet: the page, not a wait
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"  # type: ignore[attr-defined]
    assert 'filename="northwind-2026-Q3-executive-summary.pdf"' in reply.headers["Content-Disposition"]  # type: ignore[attr-defined]
    path = tmp_path / "summary.pdf"
    path.write_bytes(reply.data)  # type: ignore[attr-defined]
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    assert "Executive summary" in text and "Northwind Traders scores" in text
    assert stored.read_bytes() == reply.data  # type: ignore[attr-defined]

    # Unchanged since: served on the first request, from the same file, not rendered again.
    rendered_at = stored.stat().st_mtime_ns
    monkeypatch.setitem(app.config, "DOCUMENT_QUICK_WAIT", 60)   # a slow shared machine must not make it flaky
    again = client.get(f"{PAGE}/executive-summary.pdf")
    assert again.status_code == 200 and again.data == reply.data  # type: ignore[attr-defined]
    assert stored.stat().st_mtime_ns == rendered_at


def test_a_job_answers_only_for_the_document_it_prepares(app: Flask) -> None:
    """A job id copied onto another organization's URL starts that one's own job; it never serves this file."""
    northwind, contoso = cycle_by_name("northwind/2026-Q3"), cycle_by_name("contoso/2026-Q3")
    jobs = document_jobs(app)
    job = jobs.start(northwind.id, "exec", app.config["REPORTS_DIR"])
    assert jobs.state(job, contoso.id, "exec") == JobState(UNKNOWN)
    assert jobs.state(job, northwind.id, "org") == JobState(UNKNOWN)
    assert wait_for(jobs, job, northwind.id, "exec", 300) == JobState(READY, "northwind-2026-Q3-executive-summary.pdf")


def test_a_job_that_fails_says_so_and_offers_to_try_again(
        app: Flask, client: FlaskClient, login, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    not_a_folder = tmp_path / "reports"
    not_a_folder.write_text("storage misconfigured: a file where the reports folder should be")
    monkeypatch.setitem(app.config, "REPORTS_DIR", str(not_a_folder))
    login(client, "executive")
    first, reply = download(client, f"{PAGE}/executive-summary.pdf")
    assert reply.status_code == 500  # type: ignore[attr-defined]
    page = reply.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "could not be prepared" in page and 'http-equiv="refresh"' not in page
    assert f'href="{PAGE}/executive-summary.pdf">Try again' in page


def test_a_worker_killed_mid_job_fails_that_job_and_the_next_one_gets_a_fresh_pool(
        app: Flask, tmp_path: Path) -> None:
    """As when the machine runs out of memory: the job is reported failed, never waited on forever."""
    cycle = cycle_by_name("northwind/2026-Q3")
    jobs = document_jobs(app)
    folder = str(tmp_path)                      # nothing stored here: the job has to render
    job = jobs.start(cycle.id, "exec", folder)
    workers = list(jobs.pool._processes.values())  # type: ignore[attr-defined]
    assert workers
    for worker in workers:
        os.kill(worker.pid, signal.SIGKILL)
    assert wait_for(jobs, job, cycle.id, "exec", 60) == JobState(FAILED)
    again = jobs.start(cycle.id, "exec", folder)
    assert wait_for(jobs, again, cycle.id, "exec", 300) == JobState(READY, "northwind-2026-Q3-executive-summary.pdf")
    assert (tmp_path / "northwind-2026-Q3-executive-summary.pdf").read_bytes().startswith(b"%PDF")


def test_team_lead_sees_no_organization_documents(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    assert "diagnostic.pdf" not in client.get(PAGE).get_data(as_text=True)
    assert client.get(f"{PAGE}/diagnostic.pdf").status_code == 403
    assert client.get(f"{PAGE}/executive-summary.pdf").status_code == 403


def test_every_team_plan_in_one_zip_for_the_consultant_to_hand_over(
        app: Flask, client: FlaskClient, login, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    page = client.get(PAGE).get_data(as_text=True)
    assert f"{PAGE}/action-plans.zip" in page
    monkeypatch.setitem(app.config, "DOCUMENT_QUICK_WAIT", 0)
    waiting = client.get(f"{PAGE}/action-plans.zip")
    assert waiting.status_code == 202
    assert "The bundle of team action plans of Northwind Traders for 2026-Q3 is being prepared" in " ".join(
        waiting.get_data(as_text=True).split())
    first, reply = download(client, f"{PAGE}/action-plans.zip")
    assert reply.status_code == 200 and reply.mimetype == "application/zip"  # type: ignore[attr-defined]
    assert 'filename="northwind-2026-Q3-action-plans.zip"' in reply.headers["Content-Disposition"]  # type: ignore[attr-defined]
    bundle = zipfile.ZipFile(io.BytesIO(reply.data))  # type: ignore[attr-defined]
    cycle = cycle_by_name("northwind/2026-Q3")
    expected = {f"northwind-2026-Q3-{team.slug}-action-plan.pdf" for team in cycle.organization.teams}
    assert set(bundle.namelist()) == expected
    # each member is the team's real plan, the same PDF the team page offers on its own
    team = sorted(cycle.organization.teams, key=lambda t: t.slug)[0]
    member = tmp_path / "plan.pdf"
    member.write_bytes(bundle.read(f"northwind-2026-Q3-{team.slug}-action-plan.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(member), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    assert team.name in text and "TEAM ACTION PLAN" in text


def test_a_team_lead_gets_no_zip_of_other_teams_plans(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "team_lead")
    assert "action-plans.zip" not in client.get(PAGE).get_data(as_text=True)
    assert client.get(f"{PAGE}/action-plans.zip").status_code == 403


@pytest.mark.parametrize("since", ["9" * 400, "9" * 5000, "-5", "soon", ""])
def test_an_edited_address_of_the_preparing_page_still_downloads(
        app: Flask, client: FlaskClient, login, since: str) -> None:  # type: ignore[no-untyped-def]
    """A job's ``since`` the page did not write (copied short, edited, typed) is taken as long ago: the document is
    prepared again rather than the page failing."""
    login(client, "executive")
    first, reply = download(client, f"{PAGE}/executive-summary.pdf?job=not-a-job&since={since}")
    assert first in (200, 202)
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"  # type: ignore[attr-defined]
