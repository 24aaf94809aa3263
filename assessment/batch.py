"""Rendering a cycle's documents in bulk: in a local process pool, or as Celery tasks.

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
import uuid
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from assessment.documents import CycleDocuments
from assessment.models import Cycle
from reports.batch import Document, render_document, render_timed, warm_up
from reports.inputs import Branding, TeamPlanInput
from reports.organization_inputs import OrganizationInput

WRITTEN, SKIPPED = "written", "skipped"


@dataclass
class BatchSummary:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    render_cpu: float = 0.0        # CPU seconds the pool's workers spent rendering

    def add(self, filename: str, outcome: str) -> None:
        (self.written if outcome == WRITTEN else self.skipped).append(filename)


def file_stem(cycle: Cycle) -> str:
    return f"{cycle.organization.slug}-{cycle.period}"


def team_document(cycle: Cycle, inputs: TeamPlanInput) -> Document:
    return Document("team", f"{file_stem(cycle)}-{inputs.slug}-action-plan.pdf", inputs)


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


def render_if_changed(folder: Path, document: Document, force: bool) -> str:
    if not force and is_current(folder, document):
        return SKIPPED
    write_document(folder, document, render_document(document))
    return WRITTEN


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a unique hidden file in the same folder, flush to disk, then rename over."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")   # unique per writer, threads too
    with open(partial, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    partial.replace(path)


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


def _stamp(folder: Path, document: Document) -> Path:
    return folder / f".{document.filename}.sha256"
