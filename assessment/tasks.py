"""Celery tasks for rendering: ids in, a file on disk out, safe to run twice.

A task reads its cycle through the gate (``CycleDocuments``), renders only
when the digest beside the file differs (or ``force``), and writes the PDF
atomically, so a retried or duplicated task leaves the same result.
"""
from __future__ import annotations

from pathlib import Path

from celery import shared_task

from assessment.batch import organization_documents, render_if_changed, team_document
from assessment.documents import CycleDocuments
from assessment.document_jobs import PREPARE_TASK, prepare_document
from assessment.documents_parts import branding_of
from assessment.extensions import db
from assessment.models import Cycle, Team
from assessment.operations.branding import checked_accent, checked_logo
from reports.inputs import Branding

TASK_NAME = "assessment.render_document"


@shared_task(name=TASK_NAME, ignore_result=False)
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


def branding_from(cycle: Cycle, accent: str | None, consultancy: str | None, logo_path: str | None) -> Branding:
    """The organization's stored branding, with whatever the caller gives in its place.

    A given logo and accent pass the same checks as ``alignment org brand`` and the
    branding page (``BrandingError``, a ValueError): only a PNG or JPEG, re-encoded,
    ever reaches a report, never an SVG or a file that is no image at all.
    """
    stored = branding_of(cycle.organization)
    return Branding(accent_color=checked_accent(accent) if accent else stored.accent_color,
                    consultancy_name=stored.consultancy_name if consultancy is None else consultancy,
                    logo=checked_logo(Path(logo_path).read_bytes()).data if logo_path else stored.logo)
