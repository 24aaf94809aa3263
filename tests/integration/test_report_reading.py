"""The PDFs read as a demanding reader needs them to: checked in the rendered text, the way they are read.

Each test renders a real document of the demo through the gate and WeasyPrint, then
reads it with pdftotext; the expected figures come from the gate and the stored
benchmark, not from the code under test.
"""
from __future__ import annotations

import re
import subprocess

from flask import Flask

from assessment.dates import written
from assessment.documents import CycleDocuments, team_plan_input
from assessment.extensions import db
from assessment.gate import group_result
from assessment.gate.analysis import group_analysis
from assessment.lookup import cycle_by_name
from assessment.models import Team
from assessment.operations.benchmarks import benchmark_for
from assessment.rendering import diagnostic_pdf, executive_summary_pdf, team_plan_pdf
from reports.playbook import default_playbook
from reports.ranking import ordinal
from reports.team_plan import build_team_plan
from scoring.benchmarks import compare_to_benchmark

CYCLE = "northwind/2026-Q3"


def pdf_text(pdf: bytes) -> str:
    """The document's words in reading order, whitespace (line and page breaks) made single spaces."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", text)


def _teams(cycle_name: str) -> list[Team]:
    cycle = cycle_by_name(cycle_name)
    return list(db.session.execute(
        db.select(Team).filter_by(organization_id=cycle.organization_id).order_by(Team.slug)).scalars())


def test_a_large_move_that_may_be_chance_is_named_not_called_about_the_same(app: Flask) -> None:
    """A team lead whose index fell 13 points must not read "about the same as last quarter"."""
    cycle = cycle_by_name(CYCLE)
    found = []
    for team in _teams(CYCLE):
        analysis = group_analysis(cycle, group_result(cycle, "team", team.slug))
        change = analysis.changes.get("index")
        if change is not None and not change.meaningful and abs(change.diff) >= 5:
            found.append((team, change.diff, analysis.previous_period))
    assert found, "the demo holds a team whose index moved 5 points or more without it being meaningful"
    team, diff, previous = min(found, key=lambda item: item[1])   # the largest fall

    text = pdf_text(team_plan_pdf(cycle, team))
    headline = text[:text.index("Where you stand")]

    direction = "down" if diff < 0 else "up"
    assert f"{direction} {abs(round(diff))} points since {previous}" in headline, headline
    assert "about the same" not in headline
    assert "though a move that size could still be chance" in headline


def test_every_practice_in_a_plan_says_how_the_team_will_know_it_works(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    team = next(t for t in _teams(CYCLE) if t.slug == "channel-sales")
    plan = build_team_plan(team_plan_input(cycle, team), default_playbook())
    practices = {p.id: p for priority in plan.priorities for p in priority.practices}
    assert practices

    text = pdf_text(team_plan_pdf(cycle, team))
    cards = text[text.index("Your priorities"):]

    for practice in practices.values():
        card = cards[cards.index(practice.title):]
        card = card[:card.index("Why it works.")]
        assert f"How you will know it works. {' '.join(practice.success.split())}" in card, practice.id


def test_the_executive_summary_names_the_benchmark_and_where_it_comes_from(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    benchmark = CycleDocuments(cycle).benchmark_set
    assert benchmark is not None and benchmark.source

    text = pdf_text(executive_summary_pdf(cycle))

    assert f"percentile of the {benchmark.name} benchmark" in text
    assert (f"Benchmark: {benchmark.name}, {' '.join(benchmark.source.split())}, "
            f"as of {written(benchmark.as_of)}, {benchmark.organizations} organizations.") in text
    assert "95% CI: the range in which the organization's true score most likely lies." in text


def test_the_diagnostic_says_whose_trend_its_chart_draws_and_whose_figures_its_notes_explain(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    text = pdf_text(diagnostic_pdf(cycle))

    trends = text[text.index("Trends"):]
    assert trends.index(f"The alignment index of {cycle.organization.name} as a whole (0-100) at each survey") \
        < trends.index("Channel Sales")
    about = text[text.index("About this report"):]
    about = about[:about.index("Sources of the practices")]
    assert "share of benchmark groups scoring below this group" in about
    assert "this team" not in about and "the team's true score" not in about


def test_the_about_section_says_dont_know_answers_count_in_no_figure(app: Flask) -> None:
    cycle = cycle_by_name(CYCLE)
    assert cycle.questionnaire.parsed().scale.dont_know == "Don’t know"
    reported = next(team for team in _teams(CYCLE) if team.name == "Channel Sales")
    for text in (pdf_text(team_plan_pdf(cycle, reported)), pdf_text(diagnostic_pdf(cycle))):
        about = text[text.index("About this report"):]
        assert "Answers of “Don’t know” count in no score and no share" in about


def test_the_team_plans_charts_name_their_axes(app: Flask) -> None:
    """The trend and the sales-against-marketing chart say what their numbers are, not only the bar chart."""
    cycle = cycle_by_name(CYCLE)
    team = next(t for t in _teams(CYCLE) if t.slug == "key-accounts")
    pdf = team_plan_pdf(cycle, team)

    # pdftotext reads a chart's labels in drawing order, so look for them on the chart's page.
    raw = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = [re.sub(r"\s+", " ", page) for page in raw.split("\f")]
    trend_page = next(page for page in pages if "Alignment index over time" in page)
    assert "Alignment index (0-100)" in trend_page
    gap_page = next(page for page in pages if "How sales and marketing see it" in page)
    assert re.search(r"Score \(0-100\)(?!;)", gap_page), "the gap chart's own axis, not the bar chart's"


def test_the_results_table_explains_a_meaningful_change_in_plain_words(app: Flask) -> None:
    """A team lead reads the note under the table; the test and the correction stay in About this report."""
    cycle = cycle_by_name(CYCLE)
    team = next(t for t in _teams(CYCLE) if t.slug == "channel-sales")

    text = pdf_text(team_plan_pdf(cycle, team))

    note = text[text.index("Favorable: answers of"):text.index("Perception and what happened")]
    assert "* marks a meaningful change: at least 5 points, and larger than the normal variation between two " \
           "surveys, so unlikely to be chance" in note
    assert "Benjamini" not in note and "q <" not in note
    about = text[text.index("About this report"):]
    assert "Welch's t-test, q < 0.05 after Benjamini-Hochberg correction" in about
    # Channel Sales is a sales team: no sales/marketing gap of its own leads its priorities, so About names none.
    assert ("Priorities are the three lowest dimensions against the benchmark median, then any other below 50, "
            "meaningfully down since the last survey, in the benchmark's bottom quartile, or a strong driver of "
            "working as one team; five at most.") in about


def test_a_score_past_the_end_of_a_published_benchmark_table_gets_no_made_up_rank(app: Flask) -> None:
    """The demo pool keeps only its 10th to 90th percentiles: below the 10th, "9th" would be a guess."""
    cycle = cycle_by_name(CYCLE)
    benchmark = benchmark_for(cycle.organization)
    assert benchmark is not None
    distribution = benchmark.distribution("index")
    assert distribution is not None and not distribution.scores, "a table-only benchmark"
    lowest = min(distribution.quantiles)
    past = []
    for team in _teams(CYCLE):
        result = group_result(cycle, "team", team.slug)
        if result is not None and result.scores is not None:
            comparison = compare_to_benchmark(result.scores.index.score, distribution)
            if comparison is not None and comparison.extrapolated and comparison.percentile < 50:
                past.append((team, comparison.percentile))
    assert past, "the demo holds a team whose index lies below the benchmark's lowest published percentile"
    team, guess = past[0]

    text = pdf_text(team_plan_pdf(cycle, team))

    headline = text[:text.index("Where you stand")]
    assert f"That is below the {ordinal(lowest)} percentile of the {benchmark.name} benchmark" in headline
    assert f"{ordinal(guess)} percentile" not in headline
    table = text[text.index("Results by dimension"):text.index("Your priorities")]
    assert f"below the {ordinal(lowest)}" in table
    assert f"Below the {ordinal(lowest)}: past the last percentile the benchmark publishes" in table



def test_the_executive_summary_acts_first_on_the_widest_gap_between_sales_and_marketing(app: Flask) -> None:
    """The perception gap is the heart of alignment: an executive reading only "Where to act first" must meet it.

    Northwind's widest gap (marketing 28 points below sales on metrics, 27.4 unrounded) lies on a dimension that
    scores near the others against the benchmark; the summary once cut it with a list of three.
    """
    cycle = cycle_by_name(CYCLE)
    analysis = group_analysis(cycle, group_result(cycle, "organization", "all"))
    widest = analysis.gaps[0]
    assert widest.diff is not None and abs(widest.diff) >= 10 and (analysis.gap_q[widest.dimension] or 1) < 0.05
    name = next(d.name for d in cycle.questionnaire.parsed().dimensions if d.id == widest.dimension)

    text = pdf_text(executive_summary_pdf(cycle))
    act_first = text[text.index("Where to act first"):]
    act_first = act_first[:act_first.index("Perception and what happened")]

    lower, higher = ("sales", "marketing") if widest.diff < 0 else ("marketing", "sales")
    assert act_first.startswith(f"Where to act first 1. {name}. "), "the widest gap leads (DESIGN section 5)"
    printed = [round(group_result(cycle, "function", f).scores.dimensions[widest.dimension].score)
               for f in ("sales", "marketing")]  # the difference of the two scores as printed, not of the exact ones
    assert f"{lower} rates it {abs(printed[0] - printed[1])} points lower than {higher}" in act_first


def test_the_diagnostics_about_section_follows_the_appendix_instead_of_leaving_half_a_page_blank(app: Flask) -> None:
    """Never split, "About this report" went whole to a page of its own, leaving most of the appendix's blank;
    flowing, it starts below the appendix, its heading (and that of its sources) still with the words after it."""
    raw = subprocess.run(["pdftotext", "-", "-"], input=diagnostic_pdf(cycle_by_name(CYCLE)), capture_output=True,
                         check=True).stdout.decode()
    pages = [re.sub(r"\s+", " ", page) for page in raw.split("\f")]
    appendix = next(i for i, page in enumerate(pages) if "Appendix: reliability and method" in page)
    # The section's heading and its first words on one page (earlier pages name the section too).
    about = next(i for i, page in enumerate(pages) if "About this report Scores run from 0 to 100" in page)
    assert about == appendix, (pages[appendix], pages[about])
    sources = next(page for page in pages if "Sources of the practices" in page)
    assert re.search(r"Sources of the practices • \S", sources), sources[-300:]


def test_the_diagnostics_sources_end_on_the_page_they_start_on(app: Flask) -> None:
    """Citing every team's practices, the list of sources ran its last two lines onto a page of their own
    before the first team's plan: that page now opens the plan."""
    raw = subprocess.run(["pdftotext", "-", "-"], input=diagnostic_pdf(cycle_by_name(CYCLE)), capture_output=True,
                         check=True).stdout.decode()
    pages = [re.sub(r"\s+", " ", page) for page in raw.split("\f")]
    sources = next(i for i, page in enumerate(pages) if "Sources of the practices" in page)
    assert "TEAM ACTION PLAN" in pages[sources + 1], pages[sources + 1][:300]


def test_a_diagnostic_table_that_starts_a_page_says_what_it_is(app: Flask) -> None:
    """Too long to stay below the trend chart, the teams' index table opened the next page with nothing above it
    but its column heads, as the teams' CRM figures did after their organization's: each now has a heading that
    goes where it goes, on the same page as its first row."""
    cycle = cycle_by_name(CYCLE)
    raw = subprocess.run(["pdftotext", "-", "-"], input=diagnostic_pdf(cycle), capture_output=True,
                         check=True).stdout.decode()
    pages = [re.sub(r"\s+", " ", page) for page in raw.split("\f")]
    period = cycle.period
    for heading, columns in ((r"Each team's alignment index", r"ALIGNMENT INDEX \d{4}-Q\d"),
                             (rf"Each reporting team, {period}", rf"{period} INDEX INQUIRIES")):
        assert any(re.search(rf"{heading} {columns}", page) for page in pages), heading


def test_the_diagnostic_lists_the_gaps_the_results_page_lists_and_says_how_it_reads_its_figures(app: Flask) -> None:
    """The gap table had the six dimensions and not the alignment index, whose gap the results page and
    ``alignment scores`` list too (and whose q-value was adjusted together with theirs); Favorable left out the
    statements worded the other way; and the correction was said to run "across this report", not what it runs on."""
    cycle = cycle_by_name(CYCLE)
    analysis = group_analysis(cycle, group_result(cycle, "organization", "all"))
    assert "index" in {gap.dimension for gap in analysis.gaps}
    text = pdf_text(diagnostic_pdf(cycle))

    table = text[text.index("SALES MARKETING DIFFERENCE HEDGES' G"):]  # "DIMENSION" is read among the chart's labels
    table = table[:table.index("Sales minus marketing, in points")]
    sales, marketing = analysis.gap_scores["index"]
    index = next(gap for gap in analysis.gaps if gap.dimension == "index")
    star = "*" if analysis.gap_q["index"] < 0.05 else ""  # type: ignore[operator]
    assert (f"Alignment index {sales:.0f} {marketing:.0f} {round(sales) - round(marketing):+d}{star} "
            f"{index.hedges_g:.2f}") in table
    assert table.count("*") == sum(1 for q in analysis.gap_q.values() if q is not None and q < 0.05)
    assert "across the alignment index and every dimension together" in text

    assert ("Favorable: answers of agree or strongly agree, or disagree or strongly disagree to a statement worded the "
            "other way.") in text
    about = text[text.index("About this report"):]
    assert "q < 0.05 after Benjamini-Hochberg correction across all the survey's changes)" in about
    assert "across this report" not in text
