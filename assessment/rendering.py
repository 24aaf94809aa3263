"""Rendering a cycle's documents to PDF: one on request, those that changed, or a whole batch in a process pool.

The one module of ``assessment`` that imports the renderer (``reports.batch``,
hence WeasyPrint and matplotlib: some 0.8 s on a first import). The pages,
commands and jobs that render import it where they render, not at their top,
so that the app and every command that renders nothing start without it.
What there is to render and what it is called is ``assessment.batch``'s.

The pool path reads the gate once for the whole cycle in this process and
hands each worker plain, picklable inputs: workers never open the database,
so no connection crosses a fork, and they start from a fresh interpreter
(``forkserver``) rather than a copy of this one. The Celery path sends ids
only (``assessment.tasks``); each task reads what it needs through the same
``CycleDocuments``. Both write through ``write_document``: the PDF appears
atomically and a digest beside it lets a re-run skip what has not changed.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from assessment.batch import (
    PLANS, SKIPPED, WRITTEN, BatchSummary, download_filename, is_current, organization_filename, team_document,
    write_atomically, write_document,
)
from assessment.documents import CycleDocuments, team_plan_input
from assessment.extensions import db
from assessment.models import Cycle, Team
from reports.batch import render_document, render_timed, warm_up
from reports.document import Document
from reports.inputs import Branding
from reports.organization import build_diagnostic
from reports.organization_inputs import OrganizationInput
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.render_org import render_diagnostic, render_executive_summary
from reports.team_plan import build_team_plan


def team_plan_pdf(cycle: Cycle, team: Team, branding: Branding | None = None) -> bytes:
    return render_team_plan(build_team_plan(team_plan_input(cycle, team, branding), default_playbook()))


def diagnostic_pdf(cycle: Cycle, branding: Branding | None = None) -> bytes:
    diagnostic = build_diagnostic(CycleDocuments(cycle, branding).organization_input(), default_playbook())
    return render_diagnostic(diagnostic)


def executive_summary_pdf(cycle: Cycle, branding: Branding | None = None) -> bytes:
    diagnostic = build_diagnostic(CycleDocuments(cycle, branding).organization_input(), default_playbook())
    return render_executive_summary(diagnostic)


def prepare_document(cycle_id: int, kind: str, folder: str) -> str:
    """Inside an app context: the document's file name, after rendering it if the stored copy is not current.

    What a download's job runs (``assessment.document_jobs``), in a pool worker or as a Celery task.
    """
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        raise LookupError(f"no cycle with id {cycle_id}")
    inputs = CycleDocuments(cycle).organization_input()
    if kind == PLANS:
        return bundle_team_plans(cycle, inputs, Path(folder))
    filename = organization_filename(cycle, kind)
    render_if_changed(Path(folder), Document(kind, filename, inputs), force=False)
    return filename


def bundle_team_plans(cycle: Cycle, inputs: OrganizationInput, folder: Path) -> str:
    """Every team's action plan in one ZIP for a consultant to hand over; only changed plans are rendered.

    The plans are the batch's own files (the same names and digests), so a
    batch run and this download never render one plan twice.
    """
    documents = [team_document(cycle, team) for team in inputs.teams]
    for document in documents:
        render_if_changed(folder, document, force=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for document in documents:
            bundle.writestr(document.filename, (folder / document.filename).read_bytes())
    filename = download_filename(cycle, PLANS)
    write_atomically(folder / filename, buffer.getvalue())
    return filename


def render_if_changed(folder: Path, document: Document, force: bool) -> str:
    if not force and is_current(folder, document):
        return SKIPPED
    write_document(folder, document, render_document(document))
    return WRITTEN


def run_in_pool(documents: Iterable[Document], folder: Path, *, force: bool = False,
                workers: int | None = None,
                progress: Callable[[str, str], None] | None = None) -> BatchSummary:
    """Render what changed across the machine's cores; ``progress`` hears of each document.

    Workers are long-lived and warmed up once (fonts, templates, matplotlib);
    each keeps its font configuration and shared charts across documents.
    """
    summary = BatchSummary()
    todo = []
    for document in documents:
        if not force and is_current(folder, document):
            summary.add(document.filename, SKIPPED)
            if progress:
                progress(document.filename, SKIPPED)
        else:
            todo.append(document)
    if not todo:
        return summary
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["reports.batch"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm_up) as pool:
        futures = {pool.submit(render_timed, document): document for document in todo}
        for future in as_completed(futures):
            document = futures[future]
            pdf, cpu = future.result()
            summary.render_cpu += cpu
            write_document(folder, document, pdf)
            summary.add(document.filename, WRITTEN)
            if progress:
                progress(document.filename, WRITTEN)
    return summary
