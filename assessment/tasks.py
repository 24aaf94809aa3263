"""Celery tasks for rendering: ids in, a file on disk out, safe to run twice.

A task reads its cycle through the gate (``CycleDocuments``), renders only
when the digest beside the file differs (or ``force``), and writes the PDF
atomically, so a retried or duplicated task leaves the same result.
"""
from __future__ import annotations

from pathlib import Path

from celery import shared_task

from assessment.batch import RENDER_TASK, organization_documents, team_document
from assessment.documents import CycleDocuments
from assessment.document_jobs import PREPARE_TASK
from assessment.documents_parts import branding_from
from assessment.extensions import db
from assessment.models import Cycle, Team
from assessment.rendering import prepare_document, render_if_changed


@shared_task(name=RENDER_TASK, ignore_result=False)
def render_cycle_document(cycle_id: int, kind: str, team_id: int | None, folder: str, force: bool = False,
                          accent: str | None = None, consultancy: str | None = None,
                          logo_path: str | None = None) -> str:
    """Render one document of a cycle into ``folder``; returns "written" or "skipped".

    The logo travels as a path the worker reads, not as bytes in the queue.
    """
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        raise LookupError(f"no cycle with id {cycle_id}")
    branding = branding_from(cycle, accent, consultancy, logo_path)
    documents = CycleDocuments(cycle, branding)
    if kind == "team":
        team = db.session.get(Team, team_id)
        if team is None or team.organization_id != cycle.organization_id:
            raise LookupError(f"no team with id {team_id} in {cycle.name}")
        document = team_document(cycle, documents.team_input(team))
    else:
        document = next(d for d in organization_documents(cycle, documents.organization_input()) if d.kind == kind)
    return render_if_changed(Path(folder), document, force)


@shared_task(name=PREPARE_TASK, ignore_result=False)
def prepare_organization_document(cycle_id: int, kind: str, folder: str) -> str:
    """A download's job: the diagnostic or summary rendered unless current; returns its file name."""
    return prepare_document(cycle_id, kind, folder)

