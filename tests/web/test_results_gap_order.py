"""The results page lists sales-marketing gaps widest first as it prints them, as `alignment scores` does."""
from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskCliRunner, FlaskClient

from questionnaires.builtin import load_builtin
from tests.integration.test_scores_formats import _respondents


def test_the_gaps_table_lists_the_widest_printed_gap_first(
    client: FlaskClient, runner: FlaskCliRunner, login, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Shared goals: sales 49.2 vs marketing 43.6, printed +5; information sharing 46.7 vs 41.4, printed +6.
    By the exact difference (5.6 before 5.3) the page listed +5 above +6 under 'the widest gaps first'."""
    items = [item for item in load_builtin().items if item.dimension or item.outcome]
    for args in (["org", "create", "Gapco", "--slug", "gapco"], ["cycle", "open", "gapco", "--period", "2026-Q4"]):
        assert runner.invoke(args=args).exit_code == 0
    rows = (_respondents("field", "sales", 6, {"shared_goals": 1, "information_sharing": 4}, items)
            + _respondents("brand", "marketing", 7, {"shared_goals": 9, "information_sharing": 12}, items))
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(",".join(map(str, row)) for row in [["team", "function", *(i.id for i in items)], *rows]) + "\n")
    assert runner.invoke(args=["responses", "import", "gapco/2026-Q4", str(path)]).exit_code == 0
    assert runner.invoke(args=["cycle", "close", "gapco/2026-Q4"]).exit_code == 0

    login(client, "admin")
    page = client.get("/results/gapco/2026-Q4").get_data(as_text=True)
    table = page.split("How sales and marketing see it")[1].split("</table>")[0]
    printed = [(name, gap) for name, gap in re.findall(
        r"<tr><td>([^<]+)</td>\s*<td[^>]*>[^<]*</td><td[^>]*>[^<]*</td>\s*<td[^>]*>([^<]+)</td>", table)]
    widths = [abs(int(gap.replace("±", ""))) for _, gap in printed]
    assert widths == sorted(widths, reverse=True), printed
    assert printed.index(("Information sharing and communication", "+6")) < printed.index(("Shared goals and strategy", "+5"))
