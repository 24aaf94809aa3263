"""The team plan PDF lists every action the team committed to for the cycle, as the results page does."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

from flask import Flask

from assessment.documents import team_plan_input
from assessment.lookup import cycle_by_name
from assessment.operations.accounts import find_user
from assessment.operations.actions import add_action, team_actions
from assessment.rendering import team_plan_pdf
from reports.playbook import default_playbook
from reports.team_plan import build_team_plan
from tests.conftest import DEMO_AS_OF

LONG = "Z" * 200   # one word as long as a title may be


def _pdf_text(pdf: bytes, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def _row(text: str, title: str) -> list[str]:
    """The cells of the table row that starts with ``title``, as laid out on the page."""
    line = next(line for line in text.splitlines() if line.strip().startswith(title))
    return re.split(r"\s{2,}", line.strip())


def test_the_plan_lists_every_action_with_owner_written_due_date_and_status(app: Flask) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    team = lead.team
    plan = build_team_plan(team_plan_input(cycle, team), default_playbook())
    offered = {p.id for priority in plan.priorities for p in priority.practices}
    elsewhere = next(p for p in default_playbook().practices if p.id not in offered)
    twice = plan.priorities[0].practices[0]
    add_action(team, cycle, actor="admin@demo.example", title="Shared pipeline review on Mondays",
               owner="Dana Lee", due_on=dt.date(2026, 12, 15), status="in_progress", today=DEMO_AS_OF)
    add_action(team, cycle, actor="admin@demo.example", practice_id=elsewhere.id, owner="Kim Ito", status="done")
    add_action(team, cycle, actor="admin@demo.example", practice_id=twice.id, title="First go at it", owner="Ann")
    add_action(team, cycle, actor="admin@demo.example", practice_id=twice.id, title="Second go at it",
               owner="Bo", due_on=dt.date(2027, 1, 31), status="dropped", today=DEMO_AS_OF)
    add_action(team, cycle, actor="admin@demo.example", title=LONG, owner="Long Word Owner")

    pdf = team_plan_pdf(cycle, team)
    text, layout = re.sub(r"\s+", " ", _pdf_text(pdf)), _pdf_text(pdf, "-layout")

    heading = f"What {team.name} committed to"
    assert heading in text
    table = layout[layout.index(heading):]
    for action in team_actions(team, cycle):
        if action.title == LONG:
            continue
        due = f"{action.due_on:%-d %B %Y}" if action.due_on else "–"
        title, owner, *rest = _row(table, action.title)
        assert (title, rest) == (action.title, [due, action.status.label])
        assert (action.owner or "–").startswith(owner)  # a long owner wraps in its column
    assert _row(table, "Shared pipeline review")[2:] == ["15 December 2026", "In progress"]
    assert _row(table, "Second go at it")[1:] == ["Bo", "31 January 2027", "Dropped"]
    assert "In the team’s own words" in table and f"Practice: {twice.title}" in table
    # The word too long for its column wraps inside it: every letter is on the page, the owner beside it.
    squeezed = re.sub(r"\s+", "", text)
    assert LONG in squeezed and "LongWordOwner" in squeezed
    wrapped = next(line for line in table.splitlines() if line.strip().startswith("ZZZ"))
    assert "Long Word" in wrapped and len(wrapped.strip().split()[0]) < len(LONG)
    # The priority box still names the practice chosen for it.
    box = text[text.index(plan.priorities[0].reason):]
    box = box[:box.index("Due date") + 40]
    first = plan.priorities[0]
    taken = next(a for a in team_actions(team, cycle) if a.practice_id in {p.id for p in first.practices})
    assert f"Owner {taken.owner}" in box and (len(first.practices) == 1 or taken.title in box)


def test_an_action_still_to_do_after_its_due_date_reads_overdue_as_on_the_results_page(app: Flask) -> None:
    cycle = cycle_by_name("northwind/2026-Q3")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    team = lead.team
    set_back = dt.date(2026, 9, 1)   # the day it was added; its due date has passed since
    add_action(team, cycle, actor="admin@demo.example", title="Late joint planning day", owner="Ann",
               due_on=dt.date(2026, 10, 1), status="in_progress", today=set_back)
    add_action(team, cycle, actor="admin@demo.example", title="Finished glossary of lead stages", owner="Bo",
               due_on=dt.date(2026, 10, 1), status="done", today=set_back)
    add_action(team, cycle, actor="admin@demo.example", title="Quarterly win-loss review", owner="Cy",
               due_on=dt.date.today() + dt.timedelta(days=30), today=dt.date.today())
    layout = _pdf_text(team_plan_pdf(cycle, team), "-layout")
    table = layout[layout.index(f"What {team.name} committed to"):]
    lines = table.splitlines()

    def status_lines(title: str) -> str:
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(title))
        return " ".join(lines[at:at + 2])

    assert "In progress" in status_lines("Late joint planning day") and "Overdue" in status_lines("Late joint planning day")
    assert "Overdue" not in status_lines("Finished glossary")     # done: nothing left to be late with
    assert "Overdue" not in status_lines("Quarterly win-loss")    # due a month from now
