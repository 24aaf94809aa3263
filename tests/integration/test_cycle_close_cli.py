"""``alignment cycle close`` says what the cycle closed with and where its figures are, not only that it closed."""
from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner


def test_closing_names_the_responses_and_the_next_steps(runner: FlaskCliRunner) -> None:
    listed = runner.invoke(args=["cycle", "list", "northwind"]).output
    answered = next(line for line in listed.splitlines() if "2026-Q4" in line).split("open")[1].split()[0]
    result = runner.invoke(args=["cycle", "close", "northwind/2026-Q4"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"closed northwind/2026-Q4 with {answered} responses",
        "next: `alignment scores northwind/2026-Q4` shows its figures; `alignment cycle publish northwind/2026-Q4` "
        "releases them to the client"]


def test_closing_a_cycle_too_small_to_show_says_every_figure_is_withheld(runner: FlaskCliRunner,
                                                                        tmp_path: Path) -> None:
    from questionnaires.builtin import load_builtin

    items = [item.id for item in load_builtin().items]
    path = tmp_path / "two.csv"
    path.write_text("team,function," + ",".join(items) + "\n" + ("alpha,sales," + ",".join("3" * len(items)) + "\n") * 2)
    for args in (["org", "create", "Tiny", "--slug", "tiny"], ["cycle", "open", "tiny", "--period", "2026-Q4"],
                 ["responses", "import", "tiny/2026-Q4", str(path)]):
        assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=["cycle", "close", "tiny/2026-Q4"])
    assert result.output.splitlines() == [
        "closed tiny/2026-Q4 with fewer than 5 responses: every figure is withheld, for anonymity"]


def test_closing_early_says_so_and_asks_before_deleting_saved_answers(
    runner: FlaskCliRunner, client, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    """As the console's close page does: the date people were promised, and answers saved and not yet sent."""
    import datetime as dt

    from assessment.dates import written
    from assessment.extensions import db
    from assessment.models import Invitation

    invitation, token = open_invitation()
    invitation.cycle.closes_on = dt.date.today() + dt.timedelta(days=5)
    db.session.commit()
    client.post(f"/s/{token}", data={"one_thing": "Half a thought", "save": "1"})

    kept = runner.invoke(args=["cycle", "close", "northwind/2026-Q4"], input="n\n")

    assert kept.exit_code == 1 and "closed" not in kept.stdout
    assert ("This is early: the invitations and reminders told people they have until "
            f"{written(invitation.cycle.closes_on)}. 1 person has saved answers without submitting them, and closing "
            "deletes those answers (a reminder first asks them to finish). Close northwind/2026-Q4 now? [y/N]"
            ) in kept.output
    db.session.expire_all()
    assert invitation.cycle.status.value == "open" and db.session.get(Invitation, invitation.id).draft

    closed = runner.invoke(args=["cycle", "close", "northwind/2026-Q4", "--yes"])

    assert closed.exit_code == 0 and closed.stdout.startswith("closed northwind/2026-Q4 with ")
    assert closed.stderr.startswith("note: closed early; the invitations and reminders had told people they have")
