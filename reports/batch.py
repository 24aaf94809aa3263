"""Rendering the documents of a batch (``reports.document``): what a pool worker or a Celery task runs.

This is where WeasyPrint and matplotlib are imported (through ``reports.render``);
the app imports it only where it renders.
"""
from __future__ import annotations

import gc
import time

from reports.charts import trend_chart
from reports.document import Document, code_version
from reports.inputs import TeamPlanInput
from reports.organization import build_diagnostic
from reports.organization_inputs import OrganizationInput
from reports.playbook import default_playbook
from reports.render import _environment, html_to_pdf, render_team_plan
from reports.render_org import render_diagnostic, render_executive_summary
from reports.team_plan import build_team_plan


def render_document(document: Document) -> bytes:
    """The PDF bytes of one document; runs in a pool worker or a Celery task alike."""
    playbook = default_playbook()
    if document.kind == "team":
        assert isinstance(document.inputs, TeamPlanInput)
        return render_team_plan(build_team_plan(document.inputs, playbook))
    assert isinstance(document.inputs, OrganizationInput)
    diagnostic = build_diagnostic(document.inputs, playbook)
    if document.kind == "org":
        return render_diagnostic(diagnostic)
    return render_executive_summary(diagnostic)


def render_timed(document: Document) -> tuple[bytes, float]:
    """``render_document`` and the CPU seconds it took in this process, for batch figures."""
    started = time.process_time()
    pdf = render_document(document)
    return pdf, time.process_time() - started


def warm_up() -> None:
    """What every document needs once per process: templates, playbook, fonts, matplotlib.

    A pool worker runs it as it starts, so the first documents it renders cost
    no more than the rest. Then everything loaded so far is frozen out of the
    garbage collector's reach: it lives as long as the process anyway, and
    rescanning it made collections a sixth of each document's time (now a twentieth).
    """
    default_playbook()
    code_version()
    for name in ("team_plan.html", "diagnostic.html", "executive_summary.html"):
        _environment().get_template(name)
    chart = trend_chart([("2026-Q1", 50.0), ("2026-Q2", 60.0)])
    html_to_pdf('<link rel="stylesheet" href="bundle:report.css">'
                f"<h1>Warm</h1><p>Text, <b>bold</b> and <i>italic</i>.</p>{chart}")
    gc.collect()
    gc.freeze()
