"""Reading an uploaded participant list: CSV (`,` or `;`, UTF-8) or XLSX.

Only turns the file into rows of text, numbered as a spreadsheet program shows
them; what the rows mean is decided in services.py.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

XLSX_START = b"PK\x03\x04"
# The old Excel format (.xls) and other OLE files.
XLS_START = b"\xd0\xcf\x11\xe0"
DELIMITERS = (",", ";")


class ImportRowsError(Exception):
    """The file cannot be imported; nothing was. `errors` names each problem."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def header_key(text) -> str:
    """A column name as compared: case, spaces and underscores do not matter."""
    return " ".join(re.split(r"[\s_]+", str(text or "").strip().casefold()))


def read_rows(content: bytes, *, known_headers=frozenset()) -> list:
    """The file's rows as (line, cells), the header first, blank rows left out.

    `line` is the row's number as a spreadsheet program shows it. `known_headers`
    (header_key()s) choose between `,` and `;` for a CSV. Raises ImportRowsError
    for a file that is not UTF-8 CSV or XLSX, or has more rows than allowed.
    """
    if content.startswith(XLSX_START):
        rows = _xlsx_rows(content)
    elif content.startswith(XLS_START):
        raise ImportRowsError(
            [
                _(
                    "This is an old Excel file (.xls). In Excel choose Save As, "
                    "pick “Excel Workbook (.xlsx)” or “CSV UTF-8”, and upload that."
                )
            ]
        )
    else:
        rows = _csv_rows(_decoded(content), known_headers)
    kept = []
    try:
        for line, cells in rows:
            if any(cells):
                kept.append((line, cells))
                if len(kept) > settings.IMPORT_MAX_ROWS + 1:
                    raise ImportRowsError([_too_many_rows_message()])
    except csv.Error:
        raise ImportRowsError([_not_csv_message()]) from None
    return kept


def _too_many_rows_message():
    return _(
        "The file has more than %(count)d rows. Split it into several files "
        "and import them one after the other."
    ) % {"count": settings.IMPORT_MAX_ROWS}


def _not_csv_message():
    return _(
        "The file could not be read as CSV. Save it again from the "
        "spreadsheet program as “CSV UTF-8”, or upload it as .xlsx."
    )


def _decoded(content):
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # What Excel calls "Unicode Text": tabs, two bytes a letter.
        raise ImportRowsError([_unreadable_message(1)])
    try:
        return content.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportRowsError([_unreadable_message(line)]) from None


def _unreadable_message(line):
    # Never guessed: a Windows code page read as another turns "Hérve" into
    # "HÃ©rve" on a certificate, silently.
    return _(
        "Line %(line)d: this file is not saved as UTF-8, so its letters cannot be "
        "read for sure and nothing was imported. In Excel choose Save As and pick "
        "“CSV UTF-8 (comma delimited)”, or upload the Excel file (.xlsx) itself."
    ) % {"line": line}


def _delimiter(text, known_headers):
    # A header row is short; a longer first line is not one, whatever it holds.
    first_line = text[:4096].split("\n", 1)[0]

    def recognised(delimiter):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(header_key(cell) in known_headers for cell in cells)

    counts = {delimiter: recognised(delimiter) for delimiter in DELIMITERS}
    if any(counts.values()):
        # A tie goes to the comma, which is listed first.
        return max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    dialect = csv.Sniffer().sniff(text[:65536], delimiters="".join(DELIMITERS))
    return dialect.delimiter


def _csv_rows(text, known_headers):
    try:
        delimiter = _delimiter(text, known_headers)
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    # Counted by record, not by physical line: a quoted cell holding a line
    # break is one row in a spreadsheet, and its number is what the person
    # looking at the file sees. A generator, so blank rows take no memory.
    for line, cells in enumerate(reader, start=1):
        yield line, [cell.strip() for cell in cells]


def _xlsx_rows(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRowsError(
            [
                _(
                    "The Excel file could not be opened. Open it in Excel, save it "
                    "again as .xlsx and upload it once more."
                )
            ]
        ) from None
    try:
        # The first sheet holds the list; a template's second sheet holds notes.
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        for line, values in enumerate(rows, start=1):
            yield line, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()
