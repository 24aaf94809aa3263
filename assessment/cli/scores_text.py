"""The readable table of ``alignment scores``: what a consultant reads in a terminal.

Built from the same gated document as the JSON and CSV, plus the
questionnaire's names and the earlier index each shown change starts from,
so it shows nothing those formats withhold.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.model import Questionnaire
from reports.differences import shown_change, signed_points, widest
from reports.dont_know import NOTABLE_SHARE, notable
from scoring.benchmarks import shown_percentile


def scores_text(document: dict[str, Any], questionnaire: Questionnaire, previous: Mapping[str, float]) -> str:
    """``previous``: by "kind:key", the index each group's change is against (``exports.previous_index_scores``)."""
    names = {"index": "Alignment index", **{d.id: d.name for d in questionnaire.dimensions}}
    dimensions = next((list(g["dimensions"]) for g in document["groups"] if not g["suppressed"]), [])
    outcome = next((item.text for item in questionnaire.items if item.outcome), "the outcome item")
    sections = [
        _heading(document),
        _table(document, dimensions, previous),
        _legend(dimensions, names),
        _gaps(document, names),
        _unsure(document, questionnaire.scale.dont_know),
        _drivers(document["drivers"], names, outcome),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _heading(document: dict[str, Any]) -> str:
    cycle, benchmark = document["cycle"], document["benchmark"]
    floor = cycle["min_group_size"]
    answered = cycle["responses"] if cycle["responses"] is not None else f"fewer than {floor}"
    since = _since(document)
    lines = [
        f"{cycle['organization']}/{cycle['period']}  {cycle['status']}  {answered} responses  "
        f"({cycle['questionnaire']['key']}@{cycle['questionnaire']['version']})",
        f"Scores on 0-100. Withheld: fewer than {floor} responses, or held back so that a smaller group "
        "cannot be worked out by subtraction.",
        f"Benchmark: {benchmark['name']} ({benchmark['source']}; {benchmark['organizations']} organizations, "
        f"as of {benchmark['as_of']}); pctl is the index's percentile in it." if benchmark else
        "Benchmark: none applies to this organization.",
    ]
    if since:
        lines.append(f"Change: index against {since}; * marks a meaningful change (q < 0.05, at least 5 points).")
    return "\n".join(lines)


def _since(document: dict[str, Any]) -> str | None:
    changes = (g["index"]["change"] for g in document["groups"] if not g["suppressed"])
    return next((change["since"] for change in changes if change), None)


def _table(document: dict[str, Any], dimensions: list[str], previous: Mapping[str, float]) -> str:
    names = [f"{g['kind']}:{g['key']}" for g in document["groups"]]
    width = max([len("group"), *map(len, names)])
    codes = " ".join(f"{f'D{i}':>4}" for i in range(1, len(dimensions) + 1))
    lines = [f"{'group':<{width}} {'n':>5} {'index':>5} {'change':>6} {'pctl':>4}  {codes}"]
    for name, group in zip(names, document["groups"]):
        if group["suppressed"]:
            lines.append(f"{name:<{width}} {'':>5} withheld")
            continue
        index = group["index"]
        cells = " ".join(f"{_number(group['dimensions'][d]['score']):>4}" for d in dimensions)
        lines.append(f"{name:<{width}} {group['n']:>5} {_number(index['score']):>5} "
                     f"{_change(index, previous.get(name)):>6} {_percentile(index['benchmark']):>4}  {cells}")
    return "\n".join(lines)


def _legend(dimensions: list[str], names: dict[str, str]) -> str:
    return "\n".join(f"D{i}  {names.get(d, d)} ({d})" for i, d in enumerate(dimensions, start=1))


def _unsure(document: dict[str, Any], label: str | None) -> str:
    """Per shown group, the statements a notable share could not judge, as the pages and PDFs name them."""
    lines = []
    for group in document["groups"]:
        counted = (group.get("dont_know") or {}).items() if not group["suppressed"] else ()
        named = sorted(((item, c) for item, c in counted if c and notable(c["share"])),
                       key=lambda found: -found[1]["share"])
        if named:
            said = ", ".join(f"{item} {c['share']:.0f}% ({c['count']} of {c['base']})" for item, c in named)
            lines.append(f"  {group['kind']}:{group['key']}  {said}")
    if not lines:
        return ""
    return f"Statements many could not judge (at least {NOTABLE_SHARE:.0f}% said {label}):\n" + "\n".join(lines)


def _gaps(document: dict[str, Any], names: dict[str, str]) -> str:
    """The organization's gaps, each the difference of the two function scores the table prints above,
    widest first as printed: ordered by the exact difference, "+5" could come before "+6"."""
    gaps = [(gap, _shown_gap(document, gap)) for gap in document["gaps"]]
    if not gaps:
        return ""
    gaps.sort(key=lambda pair: widest(pair[1], pair[0]["diff"]))
    width = max(len(names.get(g["dimension"], g["dimension"])) for g, _ in gaps)
    lines = ["Sales minus marketing, whole organization (points; Hedges' g; * q < 0.05)"]
    for gap, shown in gaps:
        g = "n/a" if gap["hedges_g"] is None else f"{gap['hedges_g']:+.2f}"
        mark = " *" if gap.get("q") is not None and gap["q"] < 0.05 else ""
        lines.append(f"  {names.get(gap['dimension'], gap['dimension']):<{width}}  "
                     f"{signed_points(shown) or 'n/a':>4}  g {g}{mark}")
    return "\n".join(lines)


def _shown_gap(document: dict[str, Any], gap: dict[str, Any]) -> float | None:
    """Sales minus marketing as the table's two rounded scores show it; the exact difference
    when a function's row is withheld (rounded as printed), ``None`` when neither exists."""
    shown = shown_change(*(_function_score(document, f, gap["dimension"]) for f in ("sales", "marketing")))
    if shown is None and gap["diff"] is not None:
        shown = float(round(gap["diff"]))
    return shown


def _function_score(document: dict[str, Any], function: str, dimension: str) -> float | None:
    group = next((g for g in document["groups"] if (g["kind"], g["key"]) == ("function", function)), None)
    if group is None or group["suppressed"]:
        return None
    figure = group["index"] if dimension == "index" else group["dimensions"].get(dimension)
    return figure["score"] if figure else None


def _drivers(drivers: dict[str, Any] | None, names: dict[str, str], outcome: str) -> str:
    if not drivers:
        return ""
    ranked = sorted(drivers["relative"].items(), key=lambda pair: -pair[1])
    width = max(len(names.get(d, d)) for d, _ in ranked)
    lines = [f'What drives "{outcome}" (n {drivers["n"]}, R² {drivers["r2"]:.2f}): share of what the dimensions explain']
    lines += [f"  {names.get(d, d):<{width}}  {share * 100:3.0f}%" for d, share in ranked]
    return "\n".join(lines)


def _change(index: dict[str, Any], previous: float | None) -> str:
    """The index's change as the pages and PDFs print it: this quarter's rounded score minus the earlier one's
    (``reports.differences``), so 62.4 against 56.5 reads +5 (62 - 57) here as there, not the exact 5.9 rounded
    to +6; ``*`` is still decided on the exact change. The exact one, rounded, only where the earlier score is
    unknown, as on the pages."""
    change = index["change"]
    if not change or change["diff"] is None:
        return ""
    points = shown_change(index["score"], previous) if previous is not None else float(round(change["diff"]))
    return (f"{points:+.0f}" if points else "0") + ("*" if change.get("meaningful") else "")


def _percentile(benchmark: dict[str, Any] | None) -> str:
    """"62", or "<10" past the end of a published table, where the rank would be a guess."""
    if not benchmark:
        return ""
    beyond = benchmark.get("beyond")
    if beyond is not None:
        return f"{'<' if beyond < 50 else '>'}{beyond}"
    return str(shown_percentile(benchmark["percentile"]))


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"
