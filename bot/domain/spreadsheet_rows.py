"""Reading the rows of an uploaded spreadsheet (CSV in UTF-8, or the first sheet of an xlsx), for every import,
and laying out the xlsx templates people fill in for them.

Yields (row number, cell texts) as the person sees them in Excel, and says "unreadable" with an error code
(and the row, where there is one) when the file is not what its name claims.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from bot.text.vi_text import normalize

UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
NOT_UTF8 = "NOT_UTF8"


class Unreadable(Exception):
    """The file could not be decoded as the format its name claims."""

    def __init__(self, code: str, row: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.row = row


def csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" is UTF-16; the fix for the user is the same as for ANSI.
        raise Unreadable(NOT_UTF8, 1)
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in data[:4096]:
        # A spreadsheet (zip or legacy .xls) or other binary renamed to .csv.
        raise Unreadable(UNSUPPORTED_FORMAT)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(NOT_UTF8, data[: exc.start].count(b"\n") + 1) from None
    lines = text.splitlines()
    delimiter = None
    if lines and (m := re.fullmatch(r'"?sep=(.)"?', lines[0].strip())):
        # Excel's delimiter hint line; Excel hides it, so rows are numbered after it.
        delimiter = m.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines = lines[1:]
    if delimiter is None:
        first = next((line for line in lines if line.strip()), "")
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        # Ties (including "no delimiter at all") go to the comma, the format's default.
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Row numbers count records, not physical lines: a quoted cell spanning two lines
        # is still one spreadsheet row.
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise Unreadable(UNSUPPORTED_FORMAT) from None


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Numbers typed into cells (phone numbers, STT) come back as floats; "912345678.0"
        # is never what the user typed.
        return str(int(value))
    return str(value)


def xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl raises a zoo of exceptions (BadZipFile, KeyError, XML errors, ValueError…)
    # on damaged or foreign files; for the user they all mean "cannot read this file".
    except Exception:
        raise Unreadable(UNSUPPORTED_FORMAT) from None
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The stored dimensions are written by whatever produced the file and are
        # sometimes wrong (too small, or the whole sheet); read what is really there.
        sheet.reset_dimensions()
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [cell_text(v) for v in values]
        except Exception:
            raise Unreadable(UNSUPPORTED_FORMAT) from None
    finally:
        workbook.close()


def cell_at(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return normalize(cells[index])


def bold_row(sheet: Worksheet, values: Sequence[object]) -> None:
    """Appends a row of headings, in bold."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def template_sheet(workbook: Workbook, title: str, headers: Sequence[str], widths: Sequence[float]) -> Worksheet:
    """The workbook's first sheet, named `title`, headed by `headers` in bold and frozen below them, with
    the given column widths."""
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    bold_row(sheet, headers)
    set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    return sheet


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
