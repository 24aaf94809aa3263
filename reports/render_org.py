"""The organization diagnostic and the executive summary as HTML and PDF bytes.

Same locks as the team plan (``reports.render``): autoescaped templates and
a fetcher that opens bundled assets and the in-memory logo and charts only.
"""
from __future__ import annotations

from reports.charts import has_trend, trend_chart
from reports.org_charts import heatmap_chart
from reports.organization import Diagnostic
from reports.render import (BundledAssetFetcher, Images, _environment, _frame, _render, chart_accent,
                            chart_markup, team_parts)


def render_diagnostic(diagnostic: Diagnostic, *, fetcher: BundledAssetFetcher | None = None) -> bytes:
    """The consultant's diagnostic, every team's plan included, as PDF bytes."""
    return _render(diagnostic_html, diagnostic, diagnostic.branding.logo, fetcher)


def render_executive_summary(diagnostic: Diagnostic, *,
                             fetcher: BundledAssetFetcher | None = None) -> bytes:
    """One or two pages for an executive, as PDF bytes."""
    return _render(executive_summary_html, diagnostic, diagnostic.branding.logo, fetcher)


def diagnostic_html(diagnostic: Diagnostic, *, logo_url: str | None = None,
                    images: Images | None = None) -> str:
    return _environment().get_template("diagnostic.html").render(
        **_common(diagnostic, logo_url, "Organization diagnostic", images),
        plans=[team_parts(plan, scope=f"p{number}", images=images)
               for number, plan in enumerate(diagnostic.plans)],
        all_sources=cited_sources(diagnostic),
        heatmap=chart_markup(_heatmap(diagnostic), "h", images) if diagnostic.teams else None,
    )


def cited_sources(diagnostic: Diagnostic) -> list[str]:
    """The sources of the practices the diagnostic names: the organization's priorities and every team's plan.

    Not the organization's own guidance (a withheld organization's practices), which it never prints: a cycle
    nobody answered listed four sources of practices shown nowhere.
    """
    shown = [*diagnostic.overall.priorities,
             *(priority for plan in diagnostic.plans for priority in plan.priorities + plan.guidance)]
    return sorted({practice.source for priority in shown for practice in priority.practices})


def executive_summary_html(diagnostic: Diagnostic, *, logo_url: str | None = None,
                           images: Images | None = None) -> str:
    return _environment().get_template("executive_summary.html").render(
        **_common(diagnostic, logo_url, "Executive summary", images, compact=True),
    )


def _common(diagnostic: Diagnostic, logo_url: str | None, kind: str,
            images: Images | None, compact: bool = False) -> dict[str, object]:
    """What both documents need; ``compact``: the summary's shorter score chart, which fits under its findings
    on the first page (drawn as tall as the diagnostic's, it went over with its heading and left that page half
    empty, the CRM's figures on a third)."""
    overall = team_parts(diagnostic.overall, scope="o", images=images, compact=compact)
    trend = diagnostic.overall.trend
    return dict(
        doc=diagnostic, overall=overall, kind=kind, logo_url=logo_url, show_about=False,
        header_who=f"{diagnostic.organization} · {kind} · {diagnostic.period}",
        org_trend=chart_markup(trend_chart(trend, accent=chart_accent(diagnostic.branding)), "ot", images)
        if has_trend(trend) else None,
        **_frame(diagnostic, diagnostic.branding),
    )


def _heatmap(diagnostic: Diagnostic) -> str:
    return heatmap_chart([(team.name, team.values) for team in diagnostic.teams], diagnostic.columns)
