"""CSV files people open in a spreadsheet: text that starts like a formula stays text, numbers stay numbers."""
from __future__ import annotations

import csv
import io

import pytest

from assessment.operations.csv_files import decode, read_table, spreadsheet_csv


def test_text_that_starts_like_a_formula_gets_an_apostrophe_and_numbers_do_not() -> None:
    text = spreadsheet_csv(["value"], [["=1+1"], ["+manager"], ["-ops@x.example"], ["@SUM(A1)"], ["\tTab"],
                                       [-3.25], [-4], ["plain"], [None], ["a=b"]])
    cells = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert cells == ["'=1+1", "'+manager", "'-ops@x.example", "'@SUM(A1)", "'\tTab",
                     "-3.25", "-4", "plain", "", "a=b"]


def test_lines_ended_by_a_carriage_return_alone_are_lines() -> None:
    """Excel for Mac's "CSV (Macintosh)": it was refused as "new-line character seen in unquoted field"."""
    text = decode(b'email,team\ra@x.example,sales-east\rb@x.example,"two\nlines"\r')
    table = read_table(text)
    assert not isinstance(table, str)
    assert table.header == ["email", "team"] and [cells for _, cells in table.body][-1] == ["b@x.example", "two\nlines"]


def test_a_stray_nul_is_refused_by_its_line_and_utf16_is_still_named() -> None:
    with pytest.raises(UnicodeError, match=r"^line 3: holds a NUL character"):
        decode(b"email,team\na@x.example,east\nb@x.example,no\x00rth\n" + b"c@x.example,east\n" * 100)
    with pytest.raises(UnicodeError, match=r"^line 2: holds a NUL character"):
        decode(b"email,team\n" + b"a@x.example,no\x00rth\n")
    with pytest.raises(UnicodeError, match="UTF-16"):
        decode("email,team\na@x.example,east\n".encode("utf-16-le"))


@pytest.mark.parametrize(("header", "names"), [
    ("Team;Period;MQLs;Speed to lead (hours, median)", ["team", "period", "mqls", "speed_to_lead_(hours,_median)"]),
    ("email,team,function", ["email", "team", "function"]),
    ("email\tteam\tnote; more", ["email", "team", "note;_more"]),
    ('"Name, as written";team', ["name,_as_written", "team"]),
    ("email", ["email"]),
])
def test_the_separator_is_the_one_that_cuts_the_header_into_most_names(header: str, names: list[str]) -> None:
    table = read_table(f"{header}\nx\n")
    assert not isinstance(table, str) and table.header == names
