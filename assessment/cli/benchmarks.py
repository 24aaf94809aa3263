"""``alignment benchmark build|import|list|use``."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.cli.output import Day, emit, failing_cleanly, format_option, refuse_import, shown
from assessment.extensions import db
from assessment.lookup import NotFound, organization_by_slug
from assessment.models import BenchmarkSet, StoredQuestionnaire
from assessment.operations.benchmarks import BenchmarkError, build_pooled_benchmark, import_benchmark
from assessment.operations.imports import ImportRefused
from assessment.operations.csv_files import decode
from questionnaires.builtin import DEFAULT_KEY

command = click.Group("benchmark", help="Benchmark sets that scores are compared with.")
# 2030 typed for 2026 would date the set, and every report citing it, wrong.
AS_OF = Day(past="figures describe a day that has been")
date_option = click.option("--as-of", type=AS_OF, help="Date the figures describe.")


@command.command("build")
@click.option("--name", required=True, help="The new set's name, unique; `benchmark use ORG NAME` picks it.")
@click.option("--questionnaire", "questionnaire_key", default=DEFAULT_KEY, show_default=True,
              help="Pool only cycles run with this questionnaire key.")
@date_option
@with_appcontext
def build(name: str, questionnaire_key: str, as_of: dt.datetime | None) -> None:
    """Pool the newest closed cycle of every organization here (at least five) run with one questionnaire."""
    with failing_cleanly(BenchmarkError):
        benchmark = build_pooled_benchmark(name, (as_of or dt.datetime.now()).date(), questionnaire_key)
        db.session.commit()
    dimensions = len(set(benchmark.distributions) - {"index"})
    index = "the alignment index and " if "index" in benchmark.distributions else ""
    click.echo(f"built {benchmark.name}: {benchmark.organizations} organizations; {index}{dimensions} "
               f"dimension{'s' if dimensions != 1 else ''}")


@command.command("import")
@click.argument("path", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="The new set's name, unique; `benchmark use ORG NAME` picks it.")
@click.option("--source", required=True, help="Who published the figures.")
@click.option("--as-of", type=AS_OF, required=True, help="Date the figures describe.")
@with_appcontext
def import_(path: Path, name: str, source: str, as_of: dt.datetime) -> None:
    """Load a table: key, organizations, mean, sd, p10, p25, p50, p75, p90 (scores on 0-100)."""
    try:
        with failing_cleanly(BenchmarkError):
            benchmark = import_benchmark(_text_of(path), name, source, as_of.date())
            db.session.commit()
    except ImportRefused as refused:
        db.session.rollback()
        refuse_import(refused, None)
    click.echo(f"imported {benchmark.name}: {len(benchmark.distributions)} rows")
    unmatched = sorted(set(benchmark.distributions) - _known_keys())
    if unmatched:
        click.echo(f"note: no registered questionnaire has a dimension {', '.join(map(repr, unmatched))}; "
                   "no score is compared with those rows (keys are `index` or a dimension id)", err=True)


def _known_keys() -> set[str]:
    """`index` and every dimension id of the registered questionnaires: what a table's rows can be matched to."""
    stored = db.session.execute(db.select(StoredQuestionnaire)).scalars()
    return {"index", *(d.id for q in stored for d in q.parsed().dimensions)}


def _text_of(path: Path) -> str:
    """Read as the roster and funnel imports read a file: a Latin-1 or UTF-16 export is named, with the fix."""
    try:
        return decode(path.read_bytes())
    except UnicodeError as error:
        raise BenchmarkError(f"nothing imported: {error}") from None


@command.command("list")
@format_option
@with_appcontext
def list_(fmt: str) -> None:
    """The benchmark sets, oldest first: name, as-of date, organizations pooled, source."""
    sets = db.session.execute(db.select(BenchmarkSet).order_by(BenchmarkSet.as_of)).scalars()
    data = [{"name": b.name, "source": b.source, "as_of": b.as_of.isoformat(), "organizations": b.organizations,
             "pooled": b.pooled, "keys": sorted(b.distributions)} for b in sets]
    emit(data, fmt, lambda d: "\n".join(
        f"{shown(b['name']):<24} {b['as_of']}  {b['organizations']:>4} organizations  {shown(b['source'])}"
        for b in d) or "none")


@command.command("use")
@click.argument("org")
@click.argument("name")
@with_appcontext
def use(org: str, name: str) -> None:
    """Compare ORG with the set NAME from now on."""
    with failing_cleanly(NotFound):
        organization = organization_by_slug(org)
        benchmark = db.session.execute(db.select(BenchmarkSet).filter_by(name=name)).scalar_one_or_none()
        if benchmark is None:
            raise NotFound(f"no benchmark set {name!r} (see `alignment benchmark list`)")
        organization.benchmark_set_id = benchmark.id
        db.session.commit()
    click.echo(f"{organization.slug} is compared with {benchmark.name}")
