"""A cycle's documents as a batch: what there is to render, what each file is called, whether the copy
on disk is current, and writing a file whole.

``cycle_documents`` reads the gate once for the whole cycle and returns plain,
picklable ``Document``s; ``is_current`` compares a stored copy's digest with
theirs, so a re-run skips what has not changed. Rendering them (in this
process, a local pool or Celery tasks) is ``assessment.rendering``'s, the one
module here that imports WeasyPrint and matplotlib: pages and commands that
only name, find or write files import this one.
"""
from __future__ import annotations

import glob
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from assessment.documents import CycleDocuments
from assessment.models import Cycle
from reports.document import Document
from reports.inputs import Branding, TeamPlanInput
from reports.organization_inputs import OrganizationInput

WRITTEN, SKIPPED = "written", "skipped"
#: The Celery task that renders one document of a batch (``assessment.tasks``); a command sends it by name.
RENDER_TASK = "assessment.render_document"


@dataclass
class BatchSummary:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    render_cpu: float = 0.0        # CPU seconds the pool's workers spent rendering

    def add(self, filename: str, outcome: str) -> None:
        (self.written if outcome == WRITTEN else self.skipped).append(filename)


def file_stem(cycle: Cycle) -> str:
    return f"{cycle.organization.slug}-{cycle.period}"


def team_plan_filename(cycle: Cycle, team_slug: str) -> str:
    return f"{file_stem(cycle)}-{team_slug}-action-plan.pdf"


def team_document(cycle: Cycle, inputs: TeamPlanInput) -> Document:
    return Document("team", team_plan_filename(cycle, inputs.slug), inputs)


#: The whole-organization documents by kind, and what their file names end with.
ORGANIZATION_FILES = {"org": "diagnostic", "exec": "executive-summary"}


def organization_filename(cycle: Cycle, kind: str) -> str:
    return f"{file_stem(cycle)}-{ORGANIZATION_FILES[kind]}.pdf"


#: A download of every team's action plan in one ZIP, beside the organization documents.
PLANS = "plans"
MIMETYPES = {".pdf": "application/pdf", ".zip": "application/zip"}


def download_filename(cycle: Cycle, kind: str) -> str:
    """The file a whole-organization download (a document of ``ORGANIZATION_FILES``, or ``PLANS``) leaves."""
    return f"{file_stem(cycle)}-action-plans.zip" if kind == PLANS else organization_filename(cycle, kind)


def organization_documents(cycle: Cycle, inputs: OrganizationInput) -> list[Document]:
    return [Document(kind, organization_filename(cycle, kind), inputs) for kind in ORGANIZATION_FILES]


def cycle_documents(cycle: Cycle, branding: Branding | None = None) -> list[Document]:
    """Every team plan, the diagnostic and the executive summary, from one read of the gate."""
    organization = CycleDocuments(cycle, branding).organization_input()
    return [*(team_document(cycle, team) for team in organization.teams),
            *organization_documents(cycle, organization)]


def is_current(folder: Path, document: Document) -> bool:
    """The PDF exists and was rendered from these very inputs by this very code."""
    pdf, stamp = folder / document.filename, _stamp(folder, document)
    return pdf.exists() and stamp.exists() and stamp.read_text().strip() == document.digest


def write_document(folder: Path, document: Document, pdf: bytes) -> None:
    """PDF first, then its digest, each written aside and renamed: never half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / document.filename, pdf)
    write_atomically(_stamp(folder, document), document.digest.encode())


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a unique hidden file in the same folder, flush to disk, then rename over."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")   # unique per writer, threads too
    with open(partial, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    partial.replace(path)


def _stamp(folder: Path, document: Document) -> Path:
    return _stamp_of(folder, document.filename)


def _stamp_of(folder: Path, filename: str) -> Path:
    return folder / f".{filename}.sha256"


def remove_documents(folder: Path, filenames: list[str]) -> int:
    """Delete each document, its digest and any copy left half-written; the number of documents deleted."""
    removed = 0
    for name in filenames:
        leftovers = [_stamp_of(folder, name), *folder.glob(f".{glob.escape(name)}.*.part")]
        if (folder / name).is_file():
            (folder / name).unlink()
            removed += 1
        for path in leftovers:
            path.unlink(missing_ok=True)
    return removed
