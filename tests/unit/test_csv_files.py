"""CSV files people open in a spreadsheet: text that starts like a formula stays text, numbers stay numbers."""
from __future__ import annotations

import csv
import io

from assessment.operations.csv_files import spreadsheet_csv


def test_text_that_starts_like_a_formula_gets_an_apostrophe_and_numbers_do_not() -> None:
    text = spreadsheet_csv(["value"], [["=1+1"], ["+manager"], ["-ops@x.example"], ["@SUM(A1)"], ["\tTab"],
                                       [-3.25], [-4], ["plain"], [None], ["a=b"]])
    cells = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert cells == ["'=1+1", "'+manager", "'-ops@x.example", "'@SUM(A1)", "'\tTab",
                     "-3.25", "-4", "plain", "", "a=b"]
