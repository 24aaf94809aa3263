"""The results page lists sales-marketing gaps widest first as it prints them, as `alignment scores` does."""
from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskCliRunner, FlaskClient

from tests.integration.test_scores_formats import close_a_cycle_whose_gaps_round_out_of_order


def test_the_gaps_table_lists_the_widest_printed_gap_first(
    client: FlaskClient, runner: FlaskCliRunner, login, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """By the exact difference the page listed +5 (5.6 exactly) above +6 (5.3) under 'the widest gaps first'."""
    close_a_cycle_whose_gaps_round_out_of_order(runner, tmp_path)

    login(client, "admin")
    page = client.get("/results/gapco/2026-Q4").get_data(as_text=True)
    table = page.split("How sales and marketing see it")[1].split("</table>")[0]
    printed = [(name, gap) for name, gap in re.findall(
        r"<tr><td>([^<]+)</td>\s*<td[^>]*>[^<]*</td><td[^>]*>[^<]*</td>\s*<td[^>]*>([^<]+)</td>", table)]
    widths = [abs(int(gap.replace("±", ""))) for _, gap in printed]
    assert widths == sorted(widths, reverse=True), printed
    assert printed.index(("Information sharing and communication", "+6")) < printed.index(("Shared goals and strategy", "+5"))
