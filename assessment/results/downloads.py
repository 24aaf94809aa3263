"""A whole-organization document (a PDF, or every team's plan in a ZIP) as a download that never holds the request: served, or being prepared.

The first request starts a job (``assessment.document_jobs``) and waits a
moment: an unchanged document comes back from a warm worker within it and is
served at once. Otherwise the answer is 202 with a page that names the job and
asks again (``static/preparing.js`` in the background; a meta refresh without
JavaScript) until the job has left the file in the reports folder.
"""
from __future__ import annotations

import time
from pathlib import Path

from flask import Response, current_app, render_template, request, url_for

from assessment.batch import MIMETYPES, PLANS, download_filename
from assessment.document_jobs import FAILED, READY, RUNNING, UNKNOWN, JobState, document_jobs, wait_for
from assessment.models import Cycle

REFRESH_SECONDS = 3
TITLES = {"org": "organization diagnostic", "exec": "executive summary", PLANS: "bundle of team action plans"}


def organization_download(cycle: Cycle, kind: str, endpoint: str) -> Response | tuple[str, int, dict[str, str]]:
    """Call only after the view's own access checks: this decides when, never whether."""
    config = current_app.config
    jobs = document_jobs(current_app)
    filename = download_filename(cycle, kind)
    path = Path(config["REPORTS_DIR"]) / filename
    job, since = request.args.get("job", ""), _started(request.args.get("since"))
    problem = jobs.unavailable(time.time() - since if job else 0.0)
    if problem is not None:
        current_app.logger.error("cannot prepare %s of %s: %s", kind, cycle.name, problem)
        page = render_template("web/results/preparing.html", cycle=cycle, title=TITLES[kind], unavailable=True,
                               retry_url=url_for(endpoint, org=cycle.organization.slug, period=cycle.period))
        return page, 503, {"Retry-After": "60", "Cache-Control": "no-store"}
    state = _usable(jobs.state(job, cycle.id, kind), filename, path) if job else JobState(UNKNOWN)
    if state.status == RUNNING and time.time() - since > config.get("DOCUMENT_JOB_TIMEOUT", 15 * 60):
        state = JobState(UNKNOWN)   # lost with a restarted worker, or never queued: start again
    if state.status == UNKNOWN:
        job, since = jobs.start(cycle.id, kind, config["REPORTS_DIR"]), int(time.time())
        state = _usable(wait_for(jobs, job, cycle.id, kind, config.get("DOCUMENT_QUICK_WAIT", 3.0)), filename, path)
    if state.status == READY:
        return Response(path.read_bytes(), mimetype=MIMETYPES[path.suffix],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    failed = state.status == FAILED
    if failed:
        current_app.logger.error("preparing %s of %s failed (job %s)", kind, cycle.name, job)
    retry_url = url_for(endpoint, org=cycle.organization.slug, period=cycle.period)
    refresh_url = url_for(endpoint, org=cycle.organization.slug, period=cycle.period, job=job, since=since)
    page = render_template("web/results/preparing.html", cycle=cycle, title=TITLES[kind], failed=failed,
                           refresh_url=refresh_url, retry_url=retry_url, refresh_seconds=REFRESH_SECONDS)
    headers = {"Cache-Control": "no-store"} if failed else {"Retry-After": str(REFRESH_SECONDS),
                                                           "Cache-Control": "no-store"}
    return page, 500 if failed else 202, headers


def _started(since: str | None) -> int:
    """When the address's job was started (seconds since the epoch), from its ``since``; 0, long ago, for anything
    but a time up to now. An edited or truncated address must not fail: ``since`` of 400 digits overflowed the
    clock's arithmetic into a server error."""
    try:
        started = int(since or 0)
    except ValueError:       # not a number, or more digits than Python reads
        return 0
    return started if 0 <= started <= time.time() else 0


def _usable(state: JobState, filename: str, path: Path) -> JobState:
    """A finished job counts only for this very document, and only while its file is there."""
    if state.status == READY and (state.filename != filename or not path.is_file()):
        return JobState(UNKNOWN)
    return state
