"""The team plan PDF reviews last cycle's actions: status, and the move of each practice's dimensions.

The expected moves are worked out here from the stored snapshots of the two
cycles, not from the code under test; a team the gate withholds must show the
reason and no number.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess

from flask import Flask

from assessment.documents import team_plan_input
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Action, ActionStatus, Cycle, ScoreSnapshot, Team
from assessment.operations.accounts import find_user
from assessment.operations.actions import add_action
from assessment.rendering import team_plan_pdf
from assessment.demo.load import DEMO_VERSION
from questionnaires.builtin import load_builtin
from reports.playbook import default_playbook
from reports.team_plan import build_team_plan
from tests.conftest import DEMO_AS_OF

QUESTIONNAIRE = load_builtin("alignment-core", DEMO_VERSION)
CHECK_IN = ("monthly-campaign-check-in", ("information_sharing", "lead_handoff", "content_campaigns"))


def _pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", text)


def _snapshot(cycle: Cycle, team: Team) -> ScoreSnapshot | None:
    return db.session.execute(
        db.select(ScoreSnapshot).filter_by(cycle_id=cycle.id, kind="team", key=team.slug)
    ).scalar_one_or_none()


def _recorded(team: Team, cycle: Cycle, practice_id: str, title: str, status: str, owner: str = "") -> None:
    """An action recorded back when ``cycle`` was the latest (the operation now takes new ones for the latest only)."""
    db.session.add(Action(team=team, cycle=cycle, practice_id=practice_id, title=title, owner=owner,
                          status=ActionStatus(status), notes=""))
    db.session.flush()


def _move(change: float) -> str:
    points = round(change)
    if points == 0:
        return "unchanged"
    return f"{'+' if points > 0 else '-'}{abs(points)} point{'' if abs(points) == 1 else 's'}"


def test_the_plan_lists_last_cycles_action_with_the_move_of_its_dimensions(app: Flask) -> None:
    before, after = cycle_by_name("northwind/2026-Q2"), cycle_by_name("northwind/2026-Q3")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    team = lead.team
    then, now = _snapshot(before, team), _snapshot(after, team)
    assert then is not None and now is not None
    assert min(then.n, now.n) >= after.min_group_size, "the lead's team is shown in both cycles"
    practice, dimensions = CHECK_IN
    _recorded(team, before, practice, "Campaign check-in with the field team", "done", owner="Ria Holm")
    # And one of this cycle's priorities taken on: its commitment lines are filled in.
    open_priority = next(p for p in build_team_plan(team_plan_input(after, team), default_playbook()).priorities
                         if not p.chosen)
    add_action(team, after, actor="admin@demo.example", practice_id=open_priority.practices[0].id,
               title="Our version of the practice", owner="Noa Lund", due_on=dt.date(2026, 12, 18), today=DEMO_AS_OF)

    text = _pdf_text(team_plan_pdf(after, team))

    assert "Actions since 2026-Q2" in text
    start = text.index("Campaign check-in with the field team (done):")
    sentence = text[start:text.index("since 2026-Q2", start)]
    for dimension in dimensions:
        change = now.scores["dimensions"][dimension]["score"] - then.scores["dimensions"][dimension]["score"]
        name = QUESTIONNAIRE.dimension(dimension).name
        assert f"{name} {_move(change)}" in sentence, (name, change, sentence)
    assert "Owner: Ria Holm" in text and "Practice: Monthly campaign check-in" in text
    committed = text[text.index(open_priority.reason):]
    committed = committed[:committed.index("Due date") + 30]
    assert "Noa Lund" in committed and "18 December 2026" in committed
    if len(open_priority.practices) > 1:
        assert "Our version of the practice" in committed


def test_a_team_withheld_last_cycle_shows_why_and_no_number(app: Flask) -> None:
    before, after = cycle_by_name("northwind/2026-Q2"), cycle_by_name("northwind/2026-Q3")
    small = next(
        t for t in sorted(after.organization.teams, key=lambda t: t.slug)
        if (s := _snapshot(before, t)) is None or s.n < before.min_group_size
    )
    _recorded(small, before, CHECK_IN[0], "Campaign check-in for a small team", "in_progress")

    text = _pdf_text(team_plan_pdf(after, small))

    start = text.index("Campaign check-in for a small team (in progress):")
    line = text[start:text.index(").", start) + 2]
    still_small = (s := _snapshot(after, small)) is None or s.n < after.min_group_size
    periods = "2026-Q2 and 2026-Q3" if still_small else "2026-Q2"  # a team small in both is said to be so in both
    assert line.endswith(f"no score to compare with 2026-Q2 (fewer than {before.min_group_size} responses in {periods}).")
    assert not re.search(r"[+-]\d|point", line)


def test_a_suggested_practice_the_team_took_on_last_cycle_says_so_on_the_page_and_in_the_plan(
    app: Flask, client, login  # type: ignore[no-untyped-def]
) -> None:
    """The plan offered "Plan strategy, pricing and forecasts together" with "Commit to this" while its own review
    listed the same practice in progress since the last survey: it read as new advice. A dropped one is not named."""
    before, after = cycle_by_name("northwind/2026-Q2"), cycle_by_name("northwind/2026-Q3")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    team = lead.team
    suggested = [p for priority in build_team_plan(team_plan_input(after, team), default_playbook()).priorities
                 for p in priority.practices]
    demo_actions = db.session.execute(db.select(Action).filter_by(team_id=team.id, cycle_id=before.id)).scalars().all()
    taken = {a.practice_id for a in demo_actions if a.status != ActionStatus.dropped}
    again = next(p for p in suggested if p.id not in taken)
    dropped = next(p for p in suggested if p.id not in taken and p.id != again.id)
    _recorded(team, before, again.id, "Our joint planning day", "in_progress")
    _recorded(team, before, dropped.id, "Tried and set aside", "dropped")
    db.session.commit()
    expected = sum(1 for p in suggested if p.id in taken | {again.id})

    text = _pdf_text(team_plan_pdf(after, team))
    note = "Already taken on after the 2026-Q2 survey (in progress); how it went is under “Actions since 2026-Q2” above."
    assert f"{again.title} {note} {again.summary[:40]}" in text       # under its own heading, before its summary
    assert f"{dropped.title} {dropped.summary[:40]}" in text            # a dropped one: nothing between
    assert text.count("Already taken on after the 2026-Q2 survey") == expected

    login(client, "team_lead")
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(
        f"/results/northwind/2026-Q3/teams/{team.slug}").get_data(as_text=True)))
    after_it = page[page.index(f"{again.title} : {again.summary}"):]
    assert after_it.index("Already taken on after the 2026-Q2 survey (in progress), under “Actions since 2026-Q2” "
                          "below: committing to it again carries it into 2026-Q3.") < after_it.index("Commit to this")
    assert page.count("Already taken on after") == expected


def test_a_long_unbroken_title_in_the_review_wraps_inside_the_page(app: Flask) -> None:
    """Only the plan's own list of actions wrapped a long word: in the review it ran off the page's edge."""
    before, after = cycle_by_name("northwind/2026-Q2"), cycle_by_name("northwind/2026-Q3")
    lead = find_user("lead@demo.example")
    assert lead is not None and lead.team is not None
    long = "Y" * 200   # one word as long as a title may be
    _recorded(lead.team, before, CHECK_IN[0], long, "in_progress", owner="Ria Holm")

    pdf = team_plan_pdf(after, lead.team)

    layout = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                            check=True).stdout.decode()
    assert long in re.sub(r"\s+", "", layout)   # every letter is on the page
    lines = [line.strip() for line in layout.splitlines() if line.strip().startswith("YYY")]
    assert len(lines) > 1 and all(len(line) < len(long) for line in lines)
