"""About this report names only the priority rules that can apply to the figures it explains.

Read back from the PDF, as a team lead reads it: the oldest survey has no last one to fall from, a
one-function team no sales/marketing gap of its own, a small organization no drivers.
"""
from __future__ import annotations

import subprocess

from reports.inputs import Driver, PerceptionGap
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.team_plan import build_team_plan
from scoring.results import GroupScore
from tests.unit.test_reports_render import SCORES, dim, flat, plan_input


def _about(**overrides: object) -> str:
    pdf = render_team_plan(build_team_plan(plan_input(**overrides), default_playbook()))
    text = flat(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())
    return text[text.index("About this report"):]


def test_on_a_first_survey_no_priority_rule_speaks_of_the_last_one() -> None:
    about = _about()
    assert ("Priorities are the three lowest dimensions against the benchmark median, then any other below 50, "
            "or in the benchmark's bottom quartile; five at most.") in about
    assert "since the last survey" not in about
    assert "see a dimension most differently" not in about     # a sales team: no gap of its own
    assert "driver" not in about                               # no driver analysis given


def test_with_a_last_survey_a_gap_and_drivers_every_rule_is_named() -> None:
    before = GroupScore(n=14, index=dim("index", 60, 55.0),
                        dimensions={k: dim(k, s - 2, f) for k, (s, f) in SCORES.items()})
    about = _about(previous=before, previous_period="2026-Q3", function="joint",
                   gaps=(PerceptionGap("information_sharing", sales=60, marketing=40, q_value=0.01),),
                   drivers=(Driver("culture", 0.4), Driver("shared_goals", 0.3)))
    assert ("Priorities start where sales and marketing see a dimension most differently (10 points or more, and "
            "unlikely to be chance), then come the three lowest dimensions against the benchmark median, then any "
            "other below 50, meaningfully down since the last survey, in the benchmark's bottom quartile, or a "
            "strong driver of working as one team; five at most.") in about
