"""Where things land on the printed page: lines a reader fills in, the running header.

Read back with pdftotext -layout (which keeps each printed line on one text
line) or -bbox (word positions in points), not from the HTML.
"""
from __future__ import annotations

import subprocess

from reports.inputs import Commitment
from reports.playbook import default_playbook
from reports.render import render_team_plan
from reports.team_plan import build_team_plan
from tests.unit.test_reports_render import plan_input


def _layout(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def test_a_written_due_date_stays_on_one_line_beside_a_long_practice_and_owner() -> None:
    first = build_team_plan(plan_input(), default_playbook()).priorities[0]
    assert len(first.practices) > 1          # so the line names the practice chosen too
    taken = Commitment(first.practices[1].id, first.practices[1].title + " with both teams every month",
                       owner="Head of sales development and marketing", due="30 September 2026")
    plan = build_team_plan(plan_input(commitments=(taken,)), default_playbook())
    line = next(line for line in _layout(render_team_plan(plan)).splitlines() if "Due date" in line
                and "30" in line)
    assert "30 September 2026" in line
