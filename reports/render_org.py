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
        all_sources=sorted({p.source for plan in (diagnostic.overall, *diagnostic.plans)
                            for pr in plan.priorities + plan.guidance for p in pr.practices}),
        heatmap=chart_markup(_heatmap(diagnostic), "h", images) if diagnostic.teams else None,
    )


def executive_summary_html(diagnostic: Diagnostic, *, logo_url: str | None = None,
                           images: Images | None = None) -> str:
    return _environment().get_template("executive_summary.html").render(
        **_common(diagnostic, logo_url, "Executive summary", images),
    )


def _common(diagnostic: Diagnostic, logo_url: str | None, kind: str,
            images: Images | None) -> dict[str, object]:
    overall = team_parts(diagnostic.overall, scope="o", images=images)
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
