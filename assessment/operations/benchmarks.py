"""Building, importing and choosing benchmark sets."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from assessment.extensions import db
from assessment.gate import group_results
from assessment.models import BenchmarkSet, Cycle, Organization
from assessment.operations.csv_files import decimal, read_table, wrong_width
from assessment.operations.imports import ImportRefused
from questionnaires.builtin import DEFAULT_KEY
from scoring.benchmarks import DEFAULT_PERCENTILES, BenchmarkDistribution, build_distribution

MIN_POOLED_ORGANIZATIONS = 5
TABLE_COLUMNS = ("key", "organizations", "mean", "sd", *(f"p{p}" for p in DEFAULT_PERCENTILES))


class BenchmarkError(ValueError):
    """Nothing was stored; the message says why (and where, for a file)."""


def latest_closed_cycles(questionnaire_key: str) -> list[Cycle]:
    """Each organization's newest cycle with results run with that questionnaire."""
    cycles = db.session.execute(db.select(Cycle).order_by(Cycle.organization_id, Cycle.period.desc())).scalars()
    latest: dict[int, Cycle] = {}
    for cycle in cycles:
        if (cycle.has_results and cycle.organization_id not in latest
                and cycle.questionnaire.key == questionnaire_key):
            latest[cycle.organization_id] = cycle
    return list(latest.values())


def build_pooled_benchmark(name: str, as_of: dt.date, questionnaire_key: str = DEFAULT_KEY) -> BenchmarkSet:
    """Pool the team scores the gate shows, from every organization's newest closed cycle of one questionnaire.

    One questionnaire only: scores of other questions, on another scale, would
    place a team among numbers that measure something else. Only quantiles,
    mean and SD are kept, and only with at least five organizations, so no
    single contributor can be picked out.
    """
    cycles = latest_closed_cycles(questionnaire_key)
    if len(cycles) < MIN_POOLED_ORGANIZATIONS:
        raise BenchmarkError(f"a pooled benchmark needs at least {MIN_POOLED_ORGANIZATIONS} organizations "
                             f"with a closed cycle of the {questionnaire_key} questionnaire; there are {len(cycles)}")
    pooled: dict[str, list[float]] = defaultdict(list)
    for cycle in cycles:
        for result in group_results(cycle, "team"):
            if result.scores is None:
                continue
            if result.scores.index.score is not None:
                pooled["index"].append(result.scores.index.score)
            for dimension, score in result.scores.dimensions.items():
                if score.score is not None:
                    pooled[dimension].append(score.score)
    distributions = {
        key: _without_raw_scores(build_distribution(key, np.array(values)), len(cycles))
        for key, values in pooled.items() if values
    }
    # How many scores make the spread is said with the source: an organization's index is placed among team scores.
    source = (f"{len(pooled['index'])} team scores from each organization's latest closed {questionnaire_key} cycle "
              "on this instance")
    return _store(name, source, as_of, len(cycles), distributions, pooled=True)


def _without_raw_scores(distribution: BenchmarkDistribution, organizations: int) -> dict[str, object]:
    data = distribution.to_dict()
    return {**data, "scores": [], "n_orgs": organizations}


def import_benchmark(text: str, name: str, source: str, as_of: dt.date) -> BenchmarkSet:
    """A published or consultant-owned table; a malformed file is refused whole, with its line.

    Read as the roster is (``csv_files``): semicolons from European Excel, headers in
    any case, blank lines; columns beyond the table's are ignored, as a published
    table may carry notes.
    """
    table = read_table(text)
    if isinstance(table, str):
        raise BenchmarkError(table)
    missing = [c for c in TABLE_COLUMNS if c not in table.header]
    if missing:
        raise BenchmarkError(f"line {table.header_at}: missing column{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(missing)}")
    distributions, problems, lines_of = {}, [], {}
    for line, cells in table.body:
        if len(cells) != len(table.header):
            problems.append(wrong_width(line, len(cells), len(table.header)))
            continue
        try:
            row = dict(zip(table.header, cells, strict=True))
            key = row["key"].strip()
            if key in lines_of:   # two figures for one key: which the author meant is not ours to guess
                raise ValueError(f"{key}: given on line {lines_of[key]} already")
            distributions[key] = _table_row(row)
            lines_of[key] = line
        except ValueError as error:
            problems.append(f"line {line}: {error}")
    if problems:
        raise ImportRefused(problems)   # each on a line of its own, as the other imports list theirs
    if not distributions:
        raise BenchmarkError("the file holds no rows")
    organizations = max(d["n_orgs"] for d in distributions.values())
    return _store(name, source, as_of, organizations, distributions, pooled=False)


def _table_row(row: dict[str, str]) -> dict[str, object]:
    key = (row.get("key") or "").strip()
    if not key:
        raise ValueError("key is empty")
    numbers = {}
    for column in TABLE_COLUMNS[1:]:
        cell = row[column].strip()
        # Scores on 0-100 may come with a decimal comma (European Excel); a count of organizations may not,
        # since "1,200" could be either.
        value = decimal(cell) if column != "organizations" or "," not in cell else None
        if value is None:
            raise ValueError(f"{key}: {column} is not a number: {row[column]!r}")
        if not 0 <= value <= (10_000 if column == "organizations" else 100):
            raise ValueError(f"{key}: {column} {value:g} is out of range")
        if column == "organizations" and value != int(value):
            raise ValueError(f"{key}: organizations {value:g} is not a whole number; it counts organizations")
        numbers[column] = value
    quantiles = [numbers[f"p{p}"] for p in DEFAULT_PERCENTILES]
    if quantiles != sorted(quantiles):
        raise ValueError(f"{key}: quantiles must not decrease from p10 to p90")
    return BenchmarkDistribution(
        dimension=key, mean=numbers["mean"], sd=numbers["sd"], n_orgs=int(numbers["organizations"]),
        quantiles=dict(zip(DEFAULT_PERCENTILES, quantiles)),
    ).to_dict()


def _store(name: str, source: str, as_of: dt.date, organizations: int, distributions: dict[str, object],
           *, pooled: bool) -> BenchmarkSet:
    for what, value in (("name", name), ("source", source)):
        length = BenchmarkSet.__table__.c[what].type.length
        if not value.strip():
            raise BenchmarkError(f"the {what} is empty: every comparison, page and report names it")
        if len(value) > length:
            raise BenchmarkError(f"the {what} is longer than {length} characters")
    if db.session.execute(db.select(BenchmarkSet.id).filter_by(name=name)).first():
        raise BenchmarkError(f"a benchmark set named {name!r} exists already")
    benchmark = BenchmarkSet(name=name, source=source, as_of=as_of, organizations=organizations,
                             pooled=pooled, distributions=distributions)
    db.session.add(benchmark)
    db.session.flush()
    return benchmark


def benchmark_for(org: Organization) -> BenchmarkSet | None:
    """The organization's chosen set, else the newest pooled one."""
    if org.benchmark_set_id is not None:
        return db.session.get(BenchmarkSet, org.benchmark_set_id)
    return db.session.execute(
        db.select(BenchmarkSet).where(BenchmarkSet.pooled.is_(True))
        .order_by(BenchmarkSet.as_of.desc(), BenchmarkSet.id.desc()).limit(1)
    ).scalar_one_or_none()


def benchmark_for_cycle(cycle: Cycle) -> BenchmarkSet | None:
    """The organization's set, only when it describes the instrument the cycle ran.

    A set keeps distributions by dimension id. One that holds none of the
    cycle's dimensions was built on another instrument (the pool of built-in
    cycles, for a consultant's own file): ranking this cycle's index in it would
    compare answers to other questions on another scale, a percentile that means
    nothing. A published table may cover only some dimensions; that still applies.
    """
    chosen = benchmark_for(cycle.organization)
    if chosen is None:
        return None
    dimensions = [d.id for d in cycle.questionnaire.parsed().dimensions]
    return chosen if any(key in chosen.distributions for key in dimensions) else None
