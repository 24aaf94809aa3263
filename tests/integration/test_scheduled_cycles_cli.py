"""The command line honours a cycle's opening date: no mail before it, links handed out say when they work."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient, FlaskCliRunner

from assessment.dates import written
from assessment.extensions import db
from assessment.models import AuditEntry, Cycle, Invitation, Organization
from tests.integration.test_invitations_cli import contoso_people, opened

TODAY = dt.date.today()
OPENS = TODAY + dt.timedelta(days=9)
CYCLE = "contoso/2027-Q1"
TITLE = "Contoso Analytics 2027-Q1"   # as messages name the cycle


def contoso_cycle(period: str = "2027-Q1") -> Cycle:
    return db.session.execute(db.select(Cycle).join(Organization)
                              .where(Organization.slug == "contoso", Cycle.period == period)).scalar_one()


def test_opening_with_a_later_date_says_the_cycle_is_scheduled_and_lists_show_it(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q1", "--opens", OPENS.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (f"scheduled {CYCLE} with alignment-core@3: it opens on {OPENS}, "
                                     "and invitations can be sent from that day")

    listed = runner.invoke(args=["cycle", "list", "contoso"])
    [line] = [row for row in listed.output.splitlines() if row.startswith(CYCLE)]
    assert line.split()[1] == "scheduled" and line.endswith(f"opens on {OPENS}")
    [running] = [row for row in listed.output.splitlines() if row.startswith("contoso/2026-Q4")]
    assert running.split()[1] == "open" and "opens on" not in running

    cycles = {c["period"]: c for c in json.loads(runner.invoke(args=["cycle", "list", "contoso", "--format", "json"]).output)}
    # "status" stays what scripts match on; "scheduled" is added beside it.
    assert (cycles["2027-Q1"]["status"], cycles["2027-Q1"]["scheduled"], cycles["2027-Q1"]["opens_on"]) == (
        "open", True, OPENS.isoformat())
    assert (cycles["2026-Q4"]["status"], cycles["2026-Q4"]["scheduled"]) == ("open", False)
    assert (cycles["2026-Q3"]["status"], cycles["2026-Q3"]["scheduled"]) == ("published", False)


@pytest.mark.parametrize("args", [["send"], ["send", "--dry-run"], ["remind", "--min-days", "0"]])
def test_no_invitation_or_reminder_goes_out_before_the_opening_date(
    runner: FlaskCliRunner, mailbox: list, args: list[str]  # type: ignore[type-arg]
) -> None:
    opened(runner, OPENS)
    result = runner.invoke(args=["invitations", args[0], CYCLE, *args[1:]])
    assert result.exit_code == 1
    assert result.output == (f"Error: {TITLE} opens on {written(OPENS)}; invitations and reminders can be sent "
                             "from that day\n")
    assert mailbox == []
    assert db.session.execute(db.select(Invitation).filter_by(cycle_id=contoso_cycle().id)).first() is None
    assert db.session.execute(db.select(AuditEntry).where(AuditEntry.action.like("invitations.%"))).first() is None


def test_links_exported_before_the_opening_date_say_when_they_work_and_work_from_then(
    runner: FlaskCliRunner, client: FlaskClient, mailbox: list, tmp_path: Path  # type: ignore[type-arg]
) -> None:
    opened(runner, OPENS)
    target = tmp_path / "links.csv"
    exported = runner.invoke(args=["invitations", "export", CYCLE, "-o", str(target)])
    assert exported.exit_code == 0, exported.output
    people = contoso_people()
    assert exported.output.strip() == (f"wrote {len(people)} links to {target}; they work from {OPENS}, when {CYCLE} "
                                       "opens (before that they show the opening date and take no answers)")
    rows = list(csv.DictReader(target.read_text().splitlines()))
    assert {r["email"] for r in rows} == people
    path = rows[0]["url"].removeprefix("http://survey.test")
    early = client.get(path)
    assert early.status_code == 403 and f"This survey opens on {written(OPENS)}" in early.get_data(as_text=True)

    now = runner.invoke(args=["cycle", "opening-date", CYCLE, "today"])
    assert now.exit_code == 0, now.output
    assert now.output.strip() == f"{CYCLE} is open from today: its survey links take answers and invitations can be sent"
    assert contoso_cycle().opens_on == TODAY
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="cycle.opening_date")).scalars()
    assert entry.target == f"{CYCLE}: {OPENS} -> {TODAY}" and entry.actor.startswith("cli")
    assert client.get(path).status_code == 200, "the link handed out early works once the cycle opens"
    listed = runner.invoke(args=["cycle", "list", "contoso"]).output
    assert next(r for r in listed.splitlines() if r.startswith(CYCLE)).split()[1] == "open"

    # Mail may go out now; the exported links already count as invitations, so only a reminder is due.
    assert runner.invoke(args=["invitations", "send", CYCLE]).exit_code == 0 and mailbox == []
    reminded = runner.invoke(args=["invitations", "remind", CYCLE, "--min-days", "0"])
    assert reminded.exit_code == 0, reminded.output
    assert sorted(m["To"] for m in mailbox) == sorted(people)


def test_an_exported_link_of_an_open_cycle_says_nothing_of_dates(runner: FlaskCliRunner, tmp_path: Path) -> None:
    target = tmp_path / "links.csv"
    result = runner.invoke(args=["invitations", "export", "contoso/2026-Q4", "-o", str(target)])
    assert result.exit_code == 0 and result.output.strip().endswith(f"links to {target}")


def test_the_opening_date_moves_later_and_refuses_what_cannot_be(runner: FlaskCliRunner) -> None:
    opened(runner, OPENS)
    later = OPENS + dt.timedelta(days=3)
    moved = runner.invoke(args=["cycle", "opening-date", CYCLE, later.isoformat()])
    assert moved.exit_code == 0 and moved.output.strip() == (
        f"{CYCLE} now opens on {later}; invitations can be sent from that day")
    closes = contoso_cycle().closes_on
    assert closes is not None
    refusals = {
        (TODAY - dt.timedelta(days=1)).isoformat(): "the opening date can't be in the past: choose today to open "
                                                    "the cycle now",
        closes.isoformat(): f"the opening date must come before the closing date, {written(closes)}: "
                            "move the closing date first",
    }
    for day, reason in refusals.items():
        result = runner.invoke(args=["cycle", "opening-date", CYCLE, day])
        assert (result.exit_code, result.output) == (1, f"Error: {reason}\n")
    running = runner.invoke(args=["cycle", "opening-date", "contoso/2026-Q4", "today"])
    since = written(contoso_cycle("2026-Q4").opens_on)
    assert (running.exit_code, running.output) == (
        1, f"Error: Contoso Analytics 2026-Q4 has been open since {since}; its opening date can no longer move\n")
    closed = runner.invoke(args=["cycle", "opening-date", "contoso/2026-Q3", "today"])
    assert closed.exit_code == 1 and "only a scheduled cycle's opening date can move" in closed.output
    garbled = runner.invoke(args=["cycle", "opening-date", CYCLE, "next week"])
    assert garbled.exit_code == 2 and "'next week' is not a date: write it as 2026-12-01, or today" in garbled.output
    assert contoso_cycle().opens_on == later


def test_a_scheduled_cycle_is_not_called_still_open_when_another_is_opened(runner: FlaskCliRunner) -> None:
    """Only a cycle taking answers now gives its people a second link; a scheduled one takes none yet."""
    assert runner.invoke(args=["cycle", "close", "contoso/2026-Q4"]).exit_code == 0
    assert runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q1", "--opens", OPENS.isoformat()]
                         ).exit_code == 0
    beside = runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q2"])
    assert beside.exit_code == 0, beside.output
    assert "still open" not in beside.output
    assert beside.stderr.strip() == (f"note: {CYCLE} is scheduled to open on {OPENS}: people invited to both would "
                                     "hold two survey links at once from then")


def test_a_scheduled_cycle_set_up_by_mistake_is_withdrawn_not_closed(
    runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path
) -> None:
    """Closing it would leave an empty closed cycle for the next one to compare with; withdrawing deletes it."""
    opened(runner, OPENS)
    target = tmp_path / "links.csv"
    assert runner.invoke(args=["invitations", "export", CYCLE, "-o", str(target)]).exit_code == 0
    path = next(csv.DictReader(target.read_text().splitlines()))["url"].removeprefix("http://survey.test")

    closed = runner.invoke(args=["cycle", "close", CYCLE])
    assert closed.exit_code == 1 and closed.output.strip() == (
        f"Error: {TITLE} has not opened yet (it opens on {written(OPENS)}) and holds no answers, so there is nothing "
        "to close: withdraw it if it was set up by mistake, or open it now")
    assert contoso_cycle().state == "scheduled"

    withdrawn = runner.invoke(args=["cycle", "withdraw", CYCLE])
    assert withdrawn.exit_code == 0, withdrawn.output
    assert withdrawn.output.strip() == f"withdrew {CYCLE}, which was to open on {OPENS}; links exported for it no longer work"
    assert CYCLE not in runner.invoke(args=["cycle", "list", "contoso"]).output
    assert client.get(path).status_code == 404
    [entry] = db.session.execute(db.select(AuditEntry).filter_by(action="cycle.withdraw")).scalars()
    assert entry.target == f"{CYCLE}, which was to open on {OPENS}"
    again = runner.invoke(args=["cycle", "open", "contoso", "--period", "2027-Q1"])
    assert again.exit_code == 0, again.output


def test_only_a_cycle_without_answers_is_withdrawn(runner: FlaskCliRunner, tmp_path: Path) -> None:
    running = runner.invoke(args=["cycle", "withdraw", "contoso/2026-Q4"])
    assert running.exit_code == 1 and running.output.strip() == (
        "Error: Contoso Analytics 2026-Q4 holds 37 responses: withdrawing it would delete them; close it when its survey is "
        "over instead")
    opened(runner, OPENS)
    header = "team,function," + ",".join(i.id for i in contoso_cycle().questionnaire.parsed().items)
    row = "paper,sales," + ",".join("4" for _ in contoso_cycle().questionnaire.parsed().items)
    answers = tmp_path / "paper.csv"
    answers.write_text(f"{header}\n{row}\n")
    assert runner.invoke(args=["responses", "import", CYCLE, str(answers)]).exit_code == 0
    held = runner.invoke(args=["cycle", "withdraw", CYCLE])
    assert held.exit_code == 1 and held.output.strip() == (
        f"Error: {TITLE} holds 1 imported response: withdrawing it would delete it; close it when its survey is "
        "over instead")
    # Paper answers are something to score: a scheduled cycle holding them closes as any other.
    assert runner.invoke(args=["cycle", "close", CYCLE]).exit_code == 0 and contoso_cycle().state == "closed"


def test_commands_that_need_results_call_a_scheduled_cycle_scheduled(runner: FlaskCliRunner, tmp_path: Path) -> None:
    opened(runner, OPENS)
    report = runner.invoke(args=["report", "exec", CYCLE, "-o", str(tmp_path / "summary.pdf")])
    assert report.exit_code == 1 and report.output.strip() == (
        f"Error: {CYCLE} is scheduled; documents exist once it is closed")
    scores = runner.invoke(args=["scores", CYCLE])
    assert scores.exit_code != 0 and f"{CYCLE} is scheduled; scores exist once it is closed" in scores.output
    assert "is open;" in runner.invoke(args=["report", "exec", "contoso/2026-Q4", "-o", str(tmp_path / "s.pdf")]).output
