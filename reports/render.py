"""HTML -> PDF with WeasyPrint, and the templates that produce the HTML.

Reports contain text typed by users (organization and team names, comments),
so two locks apply: Jinja autoescaping turns markup into literal text, and the
URL fetcher serves only assets bundled with this package (plus images handed
over in memory: a logo, and the charts, rendered here). Anything else - ``file:``,
``http(s):``, ``data:`` - is refused and recorded, never opened.
"""
from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.action_review import status_words
from reports.charts import ChartBar, has_trend, score_bar_chart, scoped_ids, trend_chart
from reports.colors import GRAPHIC_CONTRAST, readable_on_white, text_on
from reports.differences import signed_points
from reports.document import report_templates
from reports.funnel import SHORTHAND as FUNNEL_SHORTHAND, format_figure
from reports.inputs import SURVEY_NAME, Branding, QuestionComments
from reports.org_charts import GapBar, gap_chart, shared_gap_chart
from reports.organization_inputs import rate_percent
from reports.periods import skipped_periods
from reports.ranking import alternatives, names
from reports.team_plan import TeamPlan, ordinal

log = logging.getLogger(__name__)

ASSET_SCHEME = "bundle"     # bundle:report.css -> templates/reports/report.css
MEMORY_SCHEME = "memory"    # memory:logo -> bytes handed to the fetcher
_ASSET_NAME = re.compile(r"^[a-z0-9_-]+\.(css|svg|png)$")
_ASSET_TYPES = {"css": "text/css", "svg": "image/svg+xml", "png": "image/png"}
_ARIA_LABEL = re.compile(r'aria-label="([^"]*)"')

Images = dict[str, tuple[bytes, str]]     # memory: name -> (body, mime type)


class BundledAssetFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that opens nothing outside the package.

    ``requested`` keeps every URL WeasyPrint asked for and ``refused`` the
    ones turned down, so tests can prove no file or network access happened.
    """

    def __init__(self, memory: Mapping[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(timeout=1, allowed_protocols=(ASSET_SCHEME, MEMORY_SCHEME),
                         allow_redirects=False)
        self.memory = dict(memory or {})     # name -> (body, mime type)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        scheme, _, name = url.partition(":")
        if scheme == ASSET_SCHEME and _ASSET_NAME.match(name):
            asset = report_templates() / name
            if asset.is_file():
                mime = _ASSET_TYPES[name.rsplit(".", 1)[1]]
                return URLFetcherResponse(url, asset.read_bytes(), {"Content-Type": mime})
        if scheme == MEMORY_SCHEME and name in self.memory:
            body, mime = self.memory[name]
            return URLFetcherResponse(url, body, {"Content-Type": mime})
        self.refused.append(url)
        log.warning("Report renderer refused to fetch %r", url[:200])
        raise ValueError(f"refused: only bundled report assets may be loaded, not {url[:80]!r}")


def html_to_pdf(html: str, *, fetcher: BundledAssetFetcher | None = None) -> bytes:
    """Render HTML to PDF bytes; external resources go through the locked fetcher."""
    fetcher = fetcher if fetcher is not None else BundledAssetFetcher()
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        font_config=font_configuration())


_fonts = threading.local()


def font_configuration() -> FontConfiguration:
    """One font configuration per thread, kept across documents.

    A fresh one per document makes Pango load and measure the fonts again:
    about a sixth of a team plan's rendering time. Reports declare no
    ``@font-face``, so nothing accumulates in it; Pango objects are not
    shared between threads, hence one per thread.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def render_team_plan(plan: TeamPlan, *, fetcher: BundledAssetFetcher | None = None) -> bytes:
    """The team action plan as PDF bytes."""
    return _render(team_plan_html, plan, plan.branding.logo, fetcher)


def team_plan_html(plan: TeamPlan, *, logo_url: str | None = None, images: Images | None = None) -> str:
    """The plan as HTML (also handy to preview in a browser); see ``chart_markup`` for ``images``."""
    return _environment().get_template("team_plan.html").render(
        **team_parts(plan, images=images), show_about=True, logo_url=logo_url, **_frame(plan, plan.branding),
        header_who=f"{plan.organization} · {plan.team} · {plan.period}",
    )


def team_parts(plan: TeamPlan, scope: str = "", images: Images | None = None,
               compact: bool = False) -> dict[str, object]:
    """One plan and its charts: what ``_team_plan_body.html`` needs, here or in the diagnostic.

    ``scope`` names the charts apart, so many plans can share one document; ``compact`` draws the
    score chart's bars closer together (the executive summary's).
    """
    accent = chart_accent(plan.branding)
    gaps = _gap_chart(plan)
    return dict(
        plan=plan,
        chart=chart_markup(_score_chart(plan, compact), f"{scope}s", images) if not plan.suppressed else None,
        trend=chart_markup(trend_chart(plan.trend, accent=accent), f"{scope}t", images)
        if has_trend(plan.trend) else None,
        gap_chart=chart_markup(gaps, f"{scope}g", images) if gaps else None,
        sources=sorted({p.source for pr in plan.priorities + plan.guidance for p in pr.practices}),
    )


def chart_markup(svg: str, name: str, images: Images | None) -> Markup:
    """A chart for the page: inline SVG, or with ``images`` an image WeasyPrint reads from memory.

    Inline, every element of the SVG goes through WeasyPrint's pure-Python HTML
    parser and the page's CSS cascade before it is drawn; as an image the SVG is
    parsed by expat and drawn alike, text staying text: a tenth less work per
    plan. In a browser (``images`` None) the SVG stays inline, its ids prefixed
    with ``name`` so charts in one page never share one.
    """
    if images is None:
        return Markup(scoped_ids(svg, name))
    images[f"chart-{name}"] = (svg.encode(), "image/svg+xml")
    match = _ARIA_LABEL.search(svg)
    label = match.group(1) if match else ""         # escaped already, as the SVG's attribute
    return Markup(f'<img class="chart" src="{MEMORY_SCHEME}:chart-{name}" alt="{label}">')


def _frame(doc: object, branding: Branding) -> dict[str, object]:
    """What ``base.html`` needs from any document: accent, organization, label.

    The accent stays as chosen for rules and borders; text set in it uses a shade that
    reads on white, and text set on it black or white (``reports.colors``).
    """
    return dict(branding=branding, accent=branding.accent_color,
                accent_text=readable_on_white(branding.accent_color), on_accent=text_on(branding.accent_color),
                organization=getattr(doc, "organization"), synthetic=getattr(doc, "synthetic"),
                survey_name=SURVEY_NAME)


def chart_accent(branding: Branding) -> str:
    """The accent for chart bars and lines: dark enough to stand out on white (3:1)."""
    return readable_on_white(branding.accent_color, GRAPHIC_CONTRAST)


def _render(to_html: Callable[..., str], doc: object, logo: bytes | None,
            fetcher: BundledAssetFetcher | None) -> bytes:
    """HTML through the locked fetcher; a logo and the charts travel in memory, never as a
    file path or URL."""
    memory: Images = {}
    mime = image_type(logo) if logo else None
    if logo and mime:
        memory["logo"] = (logo, mime)
    html = to_html(doc, logo_url="memory:logo" if memory else None, images=memory)
    if fetcher is None:
        fetcher = BundledAssetFetcher(memory)
    else:
        fetcher.memory.update(memory)
    return html_to_pdf(html, fetcher=fetcher)


def _gap_chart(plan: TeamPlan) -> str | None:
    """The team's own sales-marketing gaps; else the organization's, alike in every
    single-function team's plan and so drawn once per process."""
    if plan.suppressed:
        return None
    own = tuple(GapBar(row.name, row.gap.sales, row.gap.marketing) for row in plan.gap_rows)  # type: ignore[union-attr]
    if own:
        return gap_chart(own)
    shared = tuple(GapBar(name, g.sales, g.marketing) for name, g in plan.organization_gaps)
    return shared_gap_chart(shared) if shared else None


def image_type(data: bytes) -> str | None:
    """The MIME type of a logo, or None when it is not an image we embed."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if b"<svg" in data[:2048]:
        return "image/svg+xml"
    return None


def _score_chart(plan: TeamPlan, compact: bool = False) -> str:
    rows = ([plan.index] if plan.index else []) + list(plan.rows)
    bars = [ChartBar(label=row.name, score=row.score, ci=row.ci,
                     benchmark=row.benchmark.median if row.benchmark else None,
                     previous=row.previous_score, emphasis=row.id == "index")
            for row in rows]
    return score_bar_chart(
        bars, accent=chart_accent(plan.branding),
        benchmark_label=f"{plan.benchmark.name} median" if plan.benchmark else "Benchmark median",
        previous_label=plan.previous_period or "Previous period",
        missing_note=f"not shown: fewer than {plan.min_group_size} responses", compact=compact,
    )


_JOINED_DASH = re.compile(r"(?<=\d)([-–])(?=[0-9A-Za-z])")
WORD_JOINER = "\u2060"


def _keep_together(text: str) -> str:
    """Stop lines breaking inside periods ("2026-Q3") and ranges ("55–69").

    A word joiner after the dash does it; ``white-space: nowrap`` spans would
    too, but WeasyPrint then breaks the line far too early. PDF text
    extraction drops the joiner, so copying and searching still work.
    """
    return _JOINED_DASH.sub(lambda m: m.group(1) + WORD_JOINER, text)


COMMENT_LINE_CHARACTERS = 95       # of a comment's italic 9pt across the page, about
COMMENTS_KEPT_WHOLE_MM = 160       # two thirds of a page's body: room left for the section they go over with
QUESTION_MM = 8                    # a question's heading above its comments
NOTE_MM = 9                        # "No comments." or a withheld group's notice, in place of comments


def fits_on_part_of_a_page(groups: Sequence[QuestionComments]) -> bool:
    """Whether a group's comments, question by question, are short enough to go over to a new page whole
    rather than split.

    An estimate from the text (a line of 4.6 mm, 5.5 mm around each comment, a heading per question and a
    line where a question has no comment to show): a list that fits is never split, so a page never holds
    the last few alone; a longer one breaks between its groups.
    """
    comments = [comment for group in groups for comment in group.comments or ()]
    lines = sum(max(1, math.ceil(len(part) / COMMENT_LINE_CHARACTERS))
                for comment in comments for part in (comment.splitlines() or [""]))
    headings = sum(QUESTION_MM + (0 if group.comments else NOTE_MM) for group in groups)
    return lines * 4.6 + len(comments) * 5.5 + headings <= COMMENTS_KEPT_WHOLE_MM


def _ordinal(value: float | None) -> str:
    return "–" if value is None else ordinal(value)


def _load_template(name: str) -> str | None:
    template = report_templates() / name
    return template.read_text(encoding="utf-8") if template.is_file() else None


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FunctionLoader(_load_template), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["score"] = lambda v: "–" if v is None else f"{v:.0f}"
    env.filters["pct"] = lambda v: "–" if v is None else f"{v:.0f}%"
    env.filters["ordinal"] = _ordinal
    env.filters["rate_percent"] = rate_percent
    env.filters["keep_together"] = _keep_together
    env.filters["funnel_figure"] = format_figure
    env.filters["signed"] = lambda v: signed_points(v) or "–"
    env.filters["status"] = lambda v: status_words(v).capitalize()
    env.filters["alternatives"] = lambda parts: alternatives([str(p) for p in parts])
    env.filters["names"] = lambda parts: names([str(p) for p in parts])
    env.filters["fits_on_part_of_a_page"] = fits_on_part_of_a_page
    env.filters["skipped_periods"] = skipped_periods
    env.globals["funnel_shorthand"] = FUNNEL_SHORTHAND
    return env
