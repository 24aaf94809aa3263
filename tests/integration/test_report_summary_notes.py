"""The executive summary's closing notes (what 95% CI means, the benchmark, where the detail is) go over a page
break with the section they explain, never alone: a new client's first summary was one page and three lines, its
second page holding nothing but those notes."""
from __future__ import annotations

from flask import Flask

from assessment.documents import CycleDocuments
from reports.organization import build_diagnostic
from reports.playbook import default_playbook
from reports.render_org import render_executive_summary
from tests.integration.privacy_org import Person, build_cycle
from tests.integration.test_report_pages import pages

# A first survey of three teams, as a consultant's new client has: a sales team, a marketing team, and a joint
# team too small to be shown; answers spread so that every priority has something to say.
PEOPLE = ([Person("vertrieb", "sales", answer=a) for a in (2, 3, 3, 4, 4, 5, 3)]
          + [Person("marketing-de", "marketing", answer=a) for a in (3, 4, 2, 5, 4, 3, 4, 3)]
          + [Person("revops", "joint", answer=a) for a in (3, 4, 3)])


def test_no_page_of_the_summary_holds_only_its_closing_notes(app: Flask) -> None:
    diagnostic = build_diagnostic(CycleDocuments(build_cycle("globexco", PEOPLE)).organization_input(),
                                  default_playbook())
    text = pages(render_executive_summary(diagnostic))
    last = text[-1]
    assert "95% CI: the range" in last
    if len(text) > 1:
        # Whatever page the notes end on also carries a section they close: the priorities (or the CRM figures).
        assert "Where to act first" in last or "Perception and what happened" in last, text
