"""Read a bloc's member units from an uploaded CSV or xlsx file, and build templates.

The parser never words messages itself: it returns rows plus ``ImportProblem`` records
carrying an error code (module constants below), the spreadsheet row and column, and the
offending value, and the caller renders them from its message catalogue. The caller
imports nothing when there is any problem, so every problem in the file is reported in
one go instead of making the user fix and re-upload one error at a time.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook

from bot.domain.spreadsheet_rows import (
    NOT_UTF8,
    UNSUPPORTED_FORMAT,
    Unreadable,
    cell_at,
    csv_rows,
    template_sheet,
    workbook_bytes,
    xlsx_rows,
)
from bot.text.vi_text import fold, normalize

__all__ = [
    "COL_CONTACT",
    "COL_NAME",
    "COL_SHORT_NAME",
    "CONTACT_TOO_LONG",
    "DUPLICATE_NAME",
    "DUPLICATE_SHORT_NAME",
    "EMPTY_FILE",
    "MAX_CONTACT_LEN",
    "MAX_NAME_LEN",
    "MAX_ROWS",
    "MAX_SHORT_NAME_LEN",
    "MISSING_NAME_COLUMN",
    "NAME_EMPTY",
    "NAME_TOO_LONG",
    "NOT_UTF8",
    "SHORT_NAME_TOO_LONG",
    "TEMPLATE_HEADERS",
    "TOO_MANY_ROWS",
    "UNSUPPORTED_FORMAT",
    "ImportProblem",
    "UnitImport",
    "UnitRow",
    "parse_units",
    "unit_template_csv",
    "unit_template_xlsx",
]

# Error codes.
EMPTY_FILE = "EMPTY_FILE"
MISSING_NAME_COLUMN = "MISSING_NAME_COLUMN"
NAME_EMPTY = "NAME_EMPTY"
NAME_TOO_LONG = "NAME_TOO_LONG"
SHORT_NAME_TOO_LONG = "SHORT_NAME_TOO_LONG"
CONTACT_TOO_LONG = "CONTACT_TOO_LONG"
DUPLICATE_NAME = "DUPLICATE_NAME"
DUPLICATE_SHORT_NAME = "DUPLICATE_SHORT_NAME"
TOO_MANY_ROWS = "TOO_MANY_ROWS"

# Column identifiers used in ImportProblem.column (language-neutral; the caller labels them).
COL_NAME = "name"
COL_SHORT_NAME = "short_name"
COL_CONTACT = "contact"
_COL_STT = "stt"

MAX_NAME_LEN = 200
MAX_SHORT_NAME_LEN = 50
MAX_CONTACT_LEN = 200
MAX_ROWS = 500

TEMPLATE_HEADERS = ("STT", "Tên đơn vị", "Tên viết tắt", "Liên hệ")

# Problem values are echoed back to the user; a pasted paragraph would blow past the
# chat message size limit, so long values are cut.
_MAX_VALUE_ECHO = 80
# Real files often start with a title block ("DANH SÁCH ĐƠN VỊ ...") above the header.
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class UnitRow:
    row: int  # 1-based row number as the spreadsheet program shows it
    name: str
    short_name: str | None
    contact: str | None


@dataclass(frozen=True)
class ImportProblem:
    row: int | None
    column: str | None
    code: str
    value: str | None
    # For duplicates: the earlier row holding the same value.
    other_row: int | None = None


@dataclass
class UnitImport:
    """Rows without problems, and every problem found. Import only if ``ok``."""

    rows: list[UnitRow] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _header_key(text: str) -> str:
    # "Tên đơn vị (*)", "TEN_DON_VI", " tên  đơn vị " all reduce to "tendonvi".
    folded = fold(re.sub(r"\(.*?\)", " ", text))
    if folded.strip() == "#":
        return "#"
    return re.sub(r"[^a-z0-9]", "", folded)


_HEADER_ALIASES: dict[str, str] = {}
for _column, _labels in (
    (COL_NAME, ("Tên đơn vị", "Đơn vị", "ten don vi", "name", "unit", "unit name", "Tên")),
    (COL_SHORT_NAME, ("Tên viết tắt", "Viết tắt", "short_name", "short name", "Tên tắt")),
    (
        COL_CONTACT,
        (
            "Liên hệ",
            "Đầu mối",
            "contact",
            "Điện thoại",
            "Số điện thoại",
            "SĐT",
            "phone",
            "Người liên hệ",
            "Người đầu mối",
        ),
    ),
    (_COL_STT, ("STT", "No.", "#", "TT", "Số TT", "Số thứ tự")),
):
    for _label in _labels:
        _HEADER_ALIASES[_header_key(_label)] = _column


def _clip(value: str) -> str:
    return value if len(value) <= _MAX_VALUE_ECHO else value[: _MAX_VALUE_ECHO - 1] + "…"


# --- parsing -----------------------------------------------------------------------------


def _find_header(
    rows: Iterator[tuple[int, list[str]]],
) -> tuple[dict[str, int] | None, ImportProblem | None]:
    """Consume rows up to and including the header; map column id -> cell index."""
    first: tuple[int, list[str]] | None = None
    seen = 0
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if first is None:
            first = (number, cells)
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            column = _HEADER_ALIASES.get(_header_key(cell))
            if column is not None:
                columns.setdefault(column, index)
        if COL_NAME in columns:
            return columns, None
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    if first is None:
        return None, ImportProblem(None, None, EMPTY_FILE, None)
    found = " | ".join(normalize(c) for c in first[1] if c.strip())
    return None, ImportProblem(first[0], COL_NAME, MISSING_NAME_COLUMN, _clip(found))


def _parse_table(rows: Iterable[tuple[int, list[str]]]) -> UnitImport:
    result = UnitImport()
    iterator = iter(rows)
    columns, problem = _find_header(iterator)
    if columns is None:
        assert problem is not None
        result.errors.append(problem)
        return result

    name_at = columns[COL_NAME]
    short_at = columns.get(COL_SHORT_NAME)
    contact_at = columns.get(COL_CONTACT)
    seen_names: dict[str, int] = {}
    seen_short: dict[str, int] = {}
    data_rows = 0

    for number, cells in iterator:
        name = cell_at(cells, name_at)
        short_name = cell_at(cells, short_at)
        contact = cell_at(cells, contact_at)
        # A row with only an STT (pre-numbered template rows) or only unrecognised
        # columns is treated as blank, not as a unit with a missing name.
        if not (name or short_name or contact):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            # Stop reading: a huge sheet would take long to parse and the whole file is
            # rejected anyway.
            result.errors.insert(0, ImportProblem(None, None, TOO_MANY_ROWS, str(MAX_ROWS)))
            break

        problems: list[ImportProblem] = []
        if not name:
            problems.append(ImportProblem(number, COL_NAME, NAME_EMPTY, None))
        elif len(name) > MAX_NAME_LEN:
            problems.append(ImportProblem(number, COL_NAME, NAME_TOO_LONG, _clip(name)))
        if len(short_name) > MAX_SHORT_NAME_LEN:
            problems.append(ImportProblem(number, COL_SHORT_NAME, SHORT_NAME_TOO_LONG, _clip(short_name)))
        if len(contact) > MAX_CONTACT_LEN:
            problems.append(ImportProblem(number, COL_CONTACT, CONTACT_TOO_LONG, _clip(contact)))
        if name:
            key = name.casefold()
            if key in seen_names:
                problems.append(ImportProblem(number, COL_NAME, DUPLICATE_NAME, _clip(name), seen_names[key]))
            else:
                seen_names[key] = number
        if short_name:
            key = short_name.casefold()
            if key in seen_short:
                problems.append(
                    ImportProblem(number, COL_SHORT_NAME, DUPLICATE_SHORT_NAME, _clip(short_name), seen_short[key])
                )
            else:
                seen_short[key] = number

        if problems:
            result.errors.extend(problems)
        else:
            result.rows.append(UnitRow(number, name, short_name or None, contact or None))

    if data_rows == 0 and not result.errors:
        result.errors.append(ImportProblem(None, None, EMPTY_FILE, None))
    return result


def parse_units(file_name: str, data: bytes) -> UnitImport:
    """Parse a unit list from a .csv (UTF-8) or .xlsx upload; see module docstring."""
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in ("csv", "xlsx"):
        return UnitImport(errors=[ImportProblem(None, None, UNSUPPORTED_FORMAT, _clip(file_name))])
    if not data:
        return UnitImport(errors=[ImportProblem(None, None, EMPTY_FILE, None)])
    rows = csv_rows(data) if suffix == "csv" else xlsx_rows(data)
    try:
        return _parse_table(rows)
    except Unreadable as exc:
        return UnitImport(errors=[ImportProblem(exc.row, None, exc.code, None)])


# --- templates -----------------------------------------------------------------------------


def unit_template_xlsx(example_names: Sequence[str]) -> bytes:
    """An xlsx template: bold frozen header row, sensible widths, example rows."""
    longest = max((len(name) for name in example_names), default=0)
    workbook = Workbook()
    sheet = template_sheet(workbook, "Đơn vị", TEMPLATE_HEADERS, (6, max(40, min(longest + 2, 80)), 18, 30))
    for number, name in enumerate(example_names, start=1):
        sheet.append([number, name, None, None])
    return workbook_bytes(workbook)


def unit_template_csv(example_names: Sequence[str]) -> bytes:
    """A CSV template in UTF-8 with BOM, which Excel needs to show Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS)
    for number, name in enumerate(example_names, start=1):
        writer.writerow([number, name, "", ""])
    return buffer.getvalue().encode("utf-8-sig")
