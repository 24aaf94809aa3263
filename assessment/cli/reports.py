"""``alignment report team|org|exec|batch``: PDF documents from the command line.

The renderer (``assessment.rendering``: WeasyPrint and matplotlib, some 0.8 s
to import) is imported inside each command that renders, not at the top of this
module: every ``alignment`` command loads this module, and most render nothing.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.batch import RENDER_TASK, BatchSummary, cycle_documents, file_stem
from assessment.cli.output import failing_cleanly, make_folder, output_option, write_output
from assessment.documents_parts import branding_from
from assessment.jobs import QueueUnavailable, require_worker
from assessment.lookup import NotFound, cycle_by_name, cycle_team_by_slug
from assessment.models import Cycle
from assessment.participation import participating_teams
from reports.inputs import Branding

command = click.Group("report", help="Render PDF action plans and diagnostics.")


def branding_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Branding for every document; each defaults to what ``alignment org brand`` stored."""
    function = click.option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                            help="PNG or JPEG logo shown on every page, at most 1 MB (default: the organization's).")(function)
    function = click.option("--consultancy", default=None,
                            help='"Prepared by" name shown on every page (default: the organization\'s; '
                                 '"" for none).')(function)
    return click.option("--accent", help="Accent colour #rrggbb (default: the organization's).")(function)


def _closed_cycle(cycle_name: str) -> Cycle:
    cycle = cycle_by_name(cycle_name)
    if not cycle.has_results:
        raise NotFound(f"{cycle.name} is {cycle.state}; documents exist once it is closed")
    return cycle


def _branding(cycle: Cycle, accent: str | None, consultancy: str | None, logo: Path | None) -> Branding:
    with failing_cleanly(ValueError):
        return branding_from(cycle, accent, consultancy, str(logo) if logo else None)


@command.command("team")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.argument("team_slug", metavar="TEAM")
@output_option("The PDF file to write.")
@branding_options
@with_appcontext
def team(cycle_name: str, team_slug: str, output: Path, accent: str | None, consultancy: str | None,
         logo: Path | None) -> None:
    """A team's action plan for a closed cycle."""
    from assessment.rendering import team_plan_pdf

    with failing_cleanly(NotFound):
        cycle = _closed_cycle(cycle_name)
        team = cycle_team_by_slug(cycle, team_slug)
    write_output(output, team_plan_pdf(cycle, team, _branding(cycle, accent, consultancy, logo)))
    click.echo(f"wrote {output}")


@command.command("org")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@output_option("The PDF file to write.")
@branding_options
@with_appcontext
def organization(cycle_name: str, output: Path, accent: str | None, consultancy: str | None, logo: Path | None) -> None:
    """The consultant's organization diagnostic, every team's plan included."""
    from assessment.rendering import diagnostic_pdf

    with failing_cleanly(NotFound):
        cycle = _closed_cycle(cycle_name)
    write_output(output, diagnostic_pdf(cycle, _branding(cycle, accent, consultancy, logo)))
    click.echo(f"wrote {output}")


@command.command("exec")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@output_option("The PDF file to write.")
@branding_options
@with_appcontext
def executive(cycle_name: str, output: Path, accent: str | None, consultancy: str | None, logo: Path | None) -> None:
    """A one- or two-page executive summary."""
    from assessment.rendering import executive_summary_pdf

    with failing_cleanly(NotFound):
        cycle = _closed_cycle(cycle_name)
    write_output(output, executive_summary_pdf(cycle, _branding(cycle, accent, consultancy, logo)))
    click.echo(f"wrote {output}")


@command.command("batch")
@click.argument("cycle_name", metavar="ORG/PERIOD")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write the PDFs to (created if missing), with a digest beside each.")
@click.option("--force", is_flag=True, help="Render again even when the inputs have not changed.")
@click.option("--jobs", type=click.IntRange(1, 64), help="Processes for the local pool (default: all cores).")
@branding_options
@with_appcontext
def batch(cycle_name: str, output: Path, force: bool, jobs: int | None, accent: str | None,
          consultancy: str | None, logo: Path | None) -> None:
    """Every team plan, the diagnostic and the executive summary of a cycle, in parallel.

    With CELERY_BROKER_URL set, Celery workers render them; otherwise a
    local process pool does.
    """
    with failing_cleanly(NotFound):
        cycle = _closed_cycle(cycle_name)
    branding = _branding(cycle, accent, consultancy, logo)
    with failing_cleanly(QueueUnavailable):
        require_worker(current_app)   # Redis down or no worker: say so now, not after an hour's wait
    make_folder(output)
    if current_app.config["CELERY_BROKER_URL"]:
        summary = _with_celery(cycle, output, force, accent, consultancy, logo)
    else:
        from assessment.rendering import run_in_pool

        documents = cycle_documents(cycle, branding)
        with _progress(len(documents), f"Rendering {file_stem(cycle)}") as bar:
            summary = run_in_pool(documents, output, force=force, workers=jobs,
                                  progress=lambda name, outcome: bar.update(1))
    click.echo(f"{len(summary.written)} written, {len(summary.skipped)} unchanged (skipped) in {output}")


def _with_celery(cycle: Cycle, output: Path, force: bool, accent: str | None, consultancy: str | None,
                 logo: Path | None) -> BatchSummary:
    """One task per document, by id; the progress bar moves as results come back."""
    celery_app = current_app.extensions["celery"]
    common = dict(folder=str(output.resolve()), force=force, accent=accent, consultancy=consultancy,
                  logo_path=str(logo.resolve()) if logo else None)
    jobs = [(None, "org"), (None, "exec"), *((team.id, "team") for team in participating_teams(cycle))]
    results = [celery_app.send_task(RENDER_TASK, kwargs=dict(cycle_id=cycle.id, kind=kind, team_id=team_id, **common))
               for team_id, kind in jobs]
    summary = BatchSummary()
    deadline = time.monotonic() + current_app.config.get("REPORT_TASK_TIMEOUT", 3600)
    pending = list(results)
    with _progress(len(pending), f"Rendering {file_stem(cycle)} on Celery workers") as bar:
        while pending:
            # Polling the stored states, not waiting on pub/sub: a result that was published
            # before this process subscribed to it would otherwise be waited for forever.
            done = [result for result in pending if result.ready()]
            for result in done:
                if not result.successful():
                    raise click.ClickException(f"a rendering task failed on the worker: {result.result!r}")
                summary.add(result.id, str(result.result))
                pending.remove(result)
                bar.update(1)
            if pending and time.monotonic() > deadline:
                raise click.ClickException(f"{len(pending)} documents not rendered in time; are workers running?")
            if pending and not done:
                time.sleep(0.2)
    return summary


def _progress(length: int, label: str) -> Any:
    """On standard error, as progress belongs: piped, standard output holds only the summary line."""
    return click.progressbar(length=length, label=label, file=sys.stderr)
