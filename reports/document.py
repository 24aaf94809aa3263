"""One document of a batch as plain data: what to render, from which inputs, under which name.

Pure and picklable, so a process pool can render it without the app or a
database connection. ``digest`` names the inputs and the code that renders
them: equal digests mean an equal PDF, which is how a re-run knows it may
skip a document. Rendering it is ``reports.batch``'s: naming a document and
checking a stored copy's digest need neither WeasyPrint nor matplotlib.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from reports.inputs import TeamPlanInput
from reports.organization_inputs import OrganizationInput

KINDS = ("team", "org", "exec")


@dataclass(frozen=True)
class Document:
    kind: str                                  # team, org (diagnostic) or exec (summary)
    filename: str
    inputs: TeamPlanInput | OrganizationInput

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown document kind {self.kind!r}")

    @property
    def digest(self) -> str:
        text = f"{code_version()}\n{self.kind}\n{self.inputs!r}"
        return hashlib.sha256(text.encode()).hexdigest()


def report_templates() -> Traversable:
    """The folder of report templates and assets, also from an installed copy."""
    return files("templates") / "reports"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the report code, templates and playbook: new wording means new PDFs."""
    digest = hashlib.sha256()
    for folder in (files("reports"), report_templates()):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.rsplit(".", 1)[-1] in ("py", "html", "css", "yaml", "svg", "png"):
                digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()[:16]
