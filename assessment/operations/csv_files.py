"""Reading a CSV file that a person exported from Excel or a business system, before any of it is checked.

The roster, funnel and responses imports share this: files come with a
byte-order mark, semicolons instead of commas (European Excel), headers in any
case and blank lines and trailing columns. What the reader cannot read it names
by the physical line a record starts on, and each import then checks its own
columns; nothing is guessed at.
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

LINE = re.compile(r"^line (\d+)")
#: "sep=;" on a file's first line tells Excel its separator; files written for Excel start with it.
EXCEL_SEPARATOR = re.compile(r"^sep=([,;\t|])$", re.IGNORECASE)
#: How far down a file its column names are looked for when its first line is not them.
HEADER_SEARCH_ROWS = 10
#: How many of a file's column names a refusal of the whole file repeats, so the reader recognizes the file.
FILE_COLUMNS_SHOWN = 8


@dataclass(frozen=True)
class Table:
    #: The line of the header, after any blank lines above it.
    header_at: int
    #: Column names as ``column_name`` made them (``Role Level`` -> ``role_level``).
    header: list[str]
    #: (line, cells) of every row that is not blank.
    body: list[tuple[int, list[str]]]


def decode(data: bytes) -> str:
    """UTF-8 with or without Excel's byte-order mark; anything else is refused by line.

    Lines ended by a carriage return alone (Excel for Mac's "CSV (Macintosh)", whose line breaks within a cell
    are line feeds) are read as lines.
    """
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise UnicodeError("line 1: this is an Excel workbook, not a CSV file; in Excel, save it as "
                           "\"CSV UTF-8 (comma delimited)\"")
    start = data[:1024]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or start.count(b"\x00") > len(start) // 4:
        # Excel's "Unicode text" is UTF-16: every other byte is zero, which UTF-8 would take for text.
        raise UnicodeError("line 1: the file is UTF-16 text, not UTF-8; in Excel, save it as "
                           "\"CSV UTF-8 (comma delimited)\"")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnicodeError(f"line {line}: the file is not UTF-8 text ({_misread_word(data, error.start)} is written "
                           "in another encoding); in Excel, save it as \"CSV UTF-8 (comma delimited)\"") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")   # a line break within a quoted cell too
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise UnicodeError(f"line {line}: holds a NUL character, which no cell can hold; the file may be damaged, "
                           "or saved in another format: save it as \"CSV UTF-8 (comma delimited)\"")
    return text


#: Bytes that end a word in a CSV line: separators, quotes, spaces and line ends.
WORD_ENDS = frozenset(b" ,;\t\"\r\n")
#: How much of a word a refusal quotes.
WORD_SHOWN = 40


def _misread_word(data: bytes, at: int) -> str:
    """The word holding the byte UTF-8 cannot read, quoted as Windows-1252 shows it (Excel's plain "CSV" saves
    in it), so the reader finds the name to fix on a long line."""
    start, end = at, at
    while start > 0 and at - start < WORD_SHOWN and data[start - 1] not in WORD_ENDS:
        start -= 1
    while end < len(data) and end - at < WORD_SHOWN and data[end] not in WORD_ENDS:
        end += 1
    return f'"{data[start:end].decode("cp1252", errors="replace")}"'


SEPARATORS = ",;\t"


def separator(header_line: str) -> str:
    """The comma, semicolon or tab that cuts the header line into the most names; a comma on a tie (one name).

    Not ``csv.Sniffer``: it took the comma in ``Team;Period;Speed to lead (hours, median)``, a name of European
    Excel's semicolon file, and the file was read as two columns.
    """
    names = {mark: len(next(csv.reader([header_line], delimiter=mark), [])) for mark in SEPARATORS}
    return max(SEPARATORS, key=lambda mark: names[mark])   # max keeps the first of equals: the comma


def column_name(name: str) -> str:
    """``Role Level`` or ``role-level`` -> ``role_level``."""
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def read_table(text: str, name: Callable[[str], str] = column_name) -> Table | str:
    """The header and the rows of a CSV text, or the one problem that stops it from being read."""
    text = text.lstrip("\ufeff")
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    hint = EXCEL_SEPARATOR.match(header_line.strip())
    # Strict: a cell whose opening quote is never closed ran on, leniently, through every row after it, which
    # then went missing (a roster import with --remove-missing erased those people) or became a comment.
    reader = csv.reader(io.StringIO(text), delimiter=hint.group(1) if hint else separator(header_line), quotechar='"',
                        strict=True)
    # A record starts on the line after the one the previous record ended on (``line_num`` is where a record
    # ends): a quoted cell may span lines, and a blank line is a record of its own.
    records: list[tuple[int, list[str]]] = []
    ended = 0
    try:
        for cells in reader:
            records.append((ended + 1, cells))
            ended = reader.line_num
    except csv.Error as error:
        return f"line {ended + 1}: {_unreadable(str(error))}"
    records = _from_first_filled(records)  # blank lines above the header
    if hint and records:
        records = _from_first_filled(records[1:])  # the "sep=;" line is Excel's, not the header
    if not records:
        return "line 1: the file is empty"
    header = [name(cell) for cell in records[0][1]]
    body = [(line, cells) for line, cells in records[1:] if any(c.strip() for c in cells)]
    return Table(records[0][0], header, body)


def _unreadable(error: str) -> str:
    """Why the csv module stopped, in a spreadsheet user's words where we know them."""
    if error == "unexpected end of data":
        return ('a cell here opens a double quote (") that is never closed, so the rest of the file would be read '
                "into it: close the quote, or take it out")
    if error.endswith("expected after '\"'"):
        return ('a cell here has text right after its closing double quote ("): put the whole cell in quotes, '
                'writing each quote inside it twice (""), or take the quotes out')
    return f"not readable as CSV ({error})"   # a cell beyond the csv module's size limit, for one


def _from_first_filled(records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    first = next((i for i, (_, cells) in enumerate(records) if any(c.strip() for c in cells)), len(records))
    return records[first:]


@dataclass(frozen=True)
class FileKind:
    """What one import reads, so that a file of another kind (a responses export given to the roster import)
    is told as such in one line, not as every one of its columns unknown.

    A file is of this kind when it has at least one of ``marks``: the roster's email, the funnel's figures.
    """

    name: str                 # "a roster"
    marks: tuple[str, ...]
    lacks: str                # "it has no email column"
    columns: str              # "A roster's columns are email, team, function, and optionally ..."

    def refusal(self, table: Table) -> str:
        shown = table.header[:FILE_COLUMNS_SHOWN]
        more = len(table.header) - len(shown)
        names = ", ".join(name or "(blank)" for name in shown) + (f" and {more} more" if more else "")
        return f"line {table.header_at}: this does not look like {self.name}: {self.lacks}. {self.columns}; this file's are {names}"


def header_problems(table: Table, columns: Sequence[str], required: Sequence[str], unknown: str) -> list[str]:
    """Missing columns first (they stop the file), then columns without a name but with values, named twice,
    unknown (``unknown`` says what to use)."""
    problems, seen = [], set()
    missing = [name for name in required if name not in table.header]
    if missing:
        problems.append(f"line {table.header_at}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    for position, name in enumerate(table.header, start=1):
        if not name:
            if any(len(cells) >= position and cells[position - 1].strip() for _, cells in table.body):
                problems.append(f"line {table.header_at}, column {position}: the column has values but no name")
        elif name in seen:
            problems.append(f"line {table.header_at}, column {name}: appears twice")
        elif name not in columns:
            problems.append(f"line {table.header_at}, column {name}: {unknown}")
        seen.add(name)
    return problems


def read_columns(text: str, name: Callable[[str], str], columns: Sequence[str], required: Sequence[str],
                 unknown: str, kind: FileKind) -> tuple[Table | None, list[str]]:
    """The table and the problems of its header; no table when the rows cannot be read (no file, a missing column,
    a file of another kind)."""
    table = read_table(text, name)
    if isinstance(table, str):
        return None, [table + ("; the first line names the columns " + ", ".join(required)
                               if table.endswith("empty") else "")]
    another_kind = not any(mark in table.header for mark in kind.marks)
    if another_kind or any(column not in table.header for column in required):
        below = header_below(text, table, name, required)
        if below is not None:
            return None, [below]
        if another_kind:
            return None, [kind.refusal(table)]
        return None, header_problems(table, columns, required, unknown)  # every row would repeat it
    return table, header_problems(table, columns, required, unknown)


def header_below(text: str, table: Table, name: Callable[[str], str], required: Sequence[str]) -> str | None:
    """The problem of a file whose column names follow a title or notes, as exports and hand-made sheets have them.

    Told as such, not as the title's "unknown column" and every column "missing", which would send the reader to
    columns that are there. Each line is split by its own separator: a title may hold a comma in a semicolon file.
    """
    below = text.lstrip("\ufeff").splitlines()[table.header_at:table.header_at + HEADER_SEARCH_ROWS]
    for line, header_line in enumerate(below, start=table.header_at + 1):
        cells = next(csv.reader([header_line], delimiter=separator(header_line)), [])
        if all(column in {name(cell) for cell in cells} for column in required):
            above = line - table.header_at
            return (f"line {table.header_at}: the column names are on line {line}; delete the "
                    f"{'line' if above == 1 else f'{above} lines'} above them (a title or notes), so that the "
                    "file starts with the column names")
    return None


def decimal(text: str) -> float | None:
    """A finite number, with a decimal comma as European Excel writes it (``3,5``); ``None`` when it is none.

    One comma and no dot only: ``1,200`` is refused by the callers where a count is meant, never guessed at.
    """
    try:
        value = float(text.replace(",", ".", 1) if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def wrong_width(line: int, cells: int, columns: int) -> str:
    """A row with more or fewer cells than the header has columns: its cells would land under the wrong columns."""
    return (f"line {line}: {'more' if cells > columns else 'fewer'} cells than the header has columns ({cells} "
            f"cells, expected {columns}); a separator too many or too few shifts every cell after it")


def cells_by_column(line: int, header: list[str], cells: list[str], problems: list[str]) -> dict[str, str]:
    """A row's cells under the known columns (``header`` holds "" for the others), spaces collapsed.

    Lenient, for the roster and funnel files people type: a short row leaves its last columns blank, and
    blank cells past the header are ignored; values past the header are refused.
    """
    if any(c.strip() for c in cells[len(header):]):
        problems.append(wrong_width(line, len(cells), len(header)))
    return {name: " ".join(cell.split()) for name, cell in zip(header, cells, strict=False) if name}


def by_line(problems: list[str]) -> list[str]:
    """Problems in the order of the file, header first."""
    return sorted(problems, key=lambda p: int(m.group(1)) if (m := LINE.match(p)) else 0)


#: What a spreadsheet takes for the start of a formula (OWASP's list), in a cell of a file it opens.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell as text to Excel, LibreOffice or Google Sheets: one that starts like a formula gets an apostrophe.

    A team name or an address such as ``=HYPERLINK(...)`` would otherwise run when the consultant opens the
    file (CSV injection). A reader of such a file takes the apostrophe off again (``roster_csv.as_typed``).
    """
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[object] | Mapping[str, object]]) -> str:
    """A CSV file people will open in a spreadsheet: every text cell is ``spreadsheet_safe``.

    Only text is guarded: a number stays a number, a negative change included. A row given as a mapping is
    read by the header's names, a name it lacks an empty cell.
    """
    cells = ([row.get(name) for name in header] if isinstance(row, Mapping) else row for row in rows)
    return csv_text(header, [[spreadsheet_safe(c) if isinstance(c, str) else c for c in row] for row in cells])


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A CSV file as text, for templates people fill in."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
