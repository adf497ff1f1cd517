"""The year's tables as one Excel workbook (bảng tổng hợp and its annexes).

Numbers are stored as numbers so that offices can re-sort and re-sum them. On the decimal comma:
an .xlsx number format is always written with "." as the decimal mark and "," as the grouping
mark, and Excel (and LibreOffice) substitute the separators of the reader's locale when they
display it. So '#,##0.00' shows "97,50" and "1.000,00" in a Vietnamese Windows and "97.50" in an
English one; the file itself cannot force a comma for a number. The alternatives are worse: a
format with a literal comma (e.g. 0","00) prints the wrong digits, and storing text ("97,5")
stops Excel from summing and sorting. Word documents and charts, where we render the text
ourselves, always use the comma.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.fmt import local
from bot.documents.model import YearReport
from bot.documents.wording import VI, Wording

__all__ = ["SCORE_FORMAT", "summary_workbook"]

SCORE_FORMAT = "#,##0.00"  # shown with the reader's locale separators, see the module docstring
INT_FORMAT = "0"
PERCENT_FORMAT = "0.00%"
# An explicit pattern, unlike Excel's built-in short date (format 14), is not localised, so the
# date stays dd/mm/yyyy even in an English Excel.
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

TITLE_ROWS = 2
HEADER_ROW = TITLE_ROWS + 1
FONT = "Times New Roman"

Kind = Literal["text", "wrap", "center", "int", "score", "percent", "datetime"]
_FORMATS: dict[str, str] = {
    "int": INT_FORMAT,
    "score": SCORE_FORMAT,
    "percent": PERCENT_FORMAT,
    "datetime": DATETIME_FORMAT,
}
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def _value(v: object) -> object:
    if isinstance(v, Decimal):
        # openpyxl writes a Decimal through str(), which can come out as "1E+1"; Excel stores
        # doubles anyway, and a score with two decimals survives the trip.
        return float(v)
    if isinstance(v, datetime):
        # Excel has no time zones: store the Vietnamese wall-clock time.
        return local(v).replace(tzinfo=None)
    return v


def _put(ws: Worksheet, row: int, col: int, value: object, kind: Kind, *, bold: bool = False,
         number_format: str | None = None) -> None:
    cell = ws.cell(row=row, column=col, value=_value(value))
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.border = _BOX
    fmt = number_format or _FORMATS.get(kind)
    if fmt:
        cell.number_format = fmt
    if kind in ("int", "score", "percent"):
        cell.alignment = Alignment(horizontal="right", vertical="center")
    elif kind in ("center", "datetime"):
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    else:
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=kind == "wrap")


def _header(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        cell.fill = _HEADER_FILL
    # Headers wrap onto up to three lines; Excel does not grow a row for wrapped text it did not type.
    ws.row_dimensions[row].height = 48


def _sheet(wb: Workbook, name: str, title: str, bloc: str, columns: Sequence[tuple[str, float]],
           words: Wording, header_count: int | None = None) -> Worksheet:
    """A sheet with the two merged title rows, the header row and the print setup.

    ``columns`` gives every column's width; only the first ``header_count`` get a header (a
    sheet may hold a second, wider table below the first).
    """
    ws = wb.create_sheet(name[:31])  # Excel's limit on sheet names
    last = get_column_letter(len(columns))
    for row, text, size in ((1, bloc.upper(), 14), (2, title, 13)):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT, size=size, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[row].height = 24
    _header(ws, HEADER_ROW, [c[0] for c in columns[:header_count]])
    for col, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ps = ws.page_setup
    ps.orientation = ws.ORIENTATION_LANDSCAPE
    ps.paperSize = ws.PAPERSIZE_A4
    ps.fitToWidth = 1
    ps.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = words.page_footer
    return ws


def _rows(ws: Worksheet, start: int, kinds: Sequence[Kind], rows: Iterable[Sequence[object]]) -> int:
    """Write data rows from ``start``; return the next free row."""
    r = start
    for values in rows:
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1):
            _put(ws, r, col, value, kind)
        r += 1
    return r


def _filter(ws: Worksheet, ncols: int, last_data_row: int) -> None:
    # The filter covers the data only, so sorting never drags the totals row into the ranking.
    if last_data_row > HEADER_ROW:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{last_data_row}"


def _avg(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) / len(present) if present else None


def _ranking(wb: Workbook, report: YearReport, w: Wording) -> None:
    cols = [(w.col_no, 6), (w.col_unit, 40), (w.col_self, 11), (w.col_checked, 11), (w.col_bonus, 10),
            (w.col_penalty, 10), (w.col_final, 11), (w.col_rank, 9), (w.col_note, 30)]
    kinds: list[Kind] = ["int", "wrap", "score", "score", "score", "score", "score", "int", "wrap"]
    ws = _sheet(wb, w.sheet_ranking, w.title_ranking.format(year=report.year), report.bloc, cols, w)
    rows = report.ranking
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([x.no, x.unit, x.self_total, x.checked_total, x.bonus, x.penalty, x.final, x.rank, x.note]
               for x in rows))
    _filter(ws, len(cols), r - 1)
    # Totals: the number of units and the averages; a sum of scores across units means nothing.
    _put(ws, r, 1, w.total_row, "center", bold=True)
    _put(ws, r, 2, len(rows), "int", bold=True, number_format=w.units_format)
    for col in range(3, len(cols) + 1):
        _put(ws, r, col, None, "text")
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=2)
    _put(ws, r + 1, 1, w.average_row, "center", bold=True)
    _put(ws, r + 1, 2, None, "text")
    averages = [_avg(getattr(x, f) for x in rows)
                for f in ("self_total", "checked_total", "bonus", "penalty", "final")]
    for col, value in enumerate(averages, start=3):
        _put(ws, r + 1, col, value, "score", bold=True)
    for col in (8, 9):
        _put(ws, r + 1, col, None, "text")


def _annex(wb: Workbook, report: YearReport, w: Wording) -> None:
    cols = [(w.col_unit, 30), (w.col_code, 8), (w.col_criterion, 45), (w.col_max, 9), (w.col_self, 10),
            (w.col_check1, 11), (w.col_explanation, 40), (w.col_check2, 11), (w.col_final_criterion, 10)]
    kinds: list[Kind] = ["wrap", "center", "wrap", "score", "score", "score", "wrap", "score", "score"]
    ws = _sheet(wb, w.sheet_annex, w.title_annex.format(year=report.year), report.bloc, cols, w)
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([x.unit, x.code, x.title, x.max, x.self, x.check1, x.explanation, x.check2, x.final]
               for x in report.annex))
    _filter(ws, len(cols), r - 1)


def _registrations(wb: Workbook, report: YearReport, w: Wording) -> None:
    cols = [(w.col_no, 6), (w.col_unit, 34), (w.col_titles, 44), (w.col_cultured, 14), (w.col_staff, 10),
            (w.col_advanced, 13), (w.col_soldiers, 13), (w.col_submitted, 11)]
    kinds: list[Kind] = ["int", "wrap", "wrap", "center", "int", "int", "int", "center"]
    ws = _sheet(wb, w.sheet_registration, w.title_registration.format(year=report.year), report.bloc, cols, w)
    rows = report.registrations
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, x.unit, "\n".join(x.titles), w.yes if x.cultured else w.no, x.staff, x.advanced_workers,
                x.emulation_soldiers, w.yes if x.submitted else w.no] for i, x in enumerate(rows, start=1)))
    _filter(ws, len(cols), r - 1)
    _put(ws, r, 1, w.total_row, "center", bold=True)
    _put(ws, r, 2, len(rows), "int", bold=True, number_format=w.units_format)
    _put(ws, r, 3, None, "text")
    totals = [sum(x.cultured for x in rows),
              sum(x.staff or 0 for x in rows),
              sum(x.advanced_workers or 0 for x in rows),
              sum(x.emulation_soldiers or 0 for x in rows),
              sum(x.submitted for x in rows)]
    for col, value in enumerate(totals, start=4):
        _put(ws, r, col, value, "int", bold=True)


def _signatures(wb: Workbook, report: YearReport, w: Wording) -> None:
    cols = [(w.col_no, 6), (w.col_unit, 40), (w.col_signed_by, 28), (w.col_signed_at, 18), (w.col_version, 11),
            (w.col_status, 14)]
    kinds: list[Kind] = ["int", "wrap", "wrap", "datetime", "int", "center"]
    ws = _sheet(wb, w.sheet_signatures, w.title_signatures.format(year=report.year), report.bloc, cols, w)
    rows = report.signatures
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, x.unit, x.signed_by, x.signed_at, x.version,
                w.signed if x.signed_at is not None else w.not_signed] for i, x in enumerate(rows, start=1)))
    _filter(ws, len(cols), r - 1)
    _put(ws, r, 1, w.total_row, "center", bold=True)
    _put(ws, r, 2, len(rows), "int", bold=True, number_format=w.units_format)
    for col in (3, 4, 5):
        _put(ws, r, col, None, "text")
    _put(ws, r, 6, sum(x.signed_at is not None for x in rows), "int", bold=True)


def _turnout(wb: Workbook, report: YearReport, w: Wording) -> None:
    cols = [(w.col_no, 6), (w.col_vote, 40), (w.col_unit, 40), (w.col_voted, 16), (w.col_turnout_rate, 14)]
    # The per-unit table has four columns; the fifth belongs to the per-vote summary below it.
    ws = _sheet(wb, w.sheet_turnout, w.title_turnout.format(year=report.year), report.bloc, cols, w,
                header_count=4)
    rows = report.turnout
    kinds: list[Kind] = ["int", "wrap", "wrap", "center"]
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, x.vote_title, x.unit, w.voted if x.voted else w.not_voted] for i, x in enumerate(rows, start=1)))
    _filter(ws, 4, r - 1)
    per_vote: OrderedDict[str, list[bool]] = OrderedDict()
    for x in rows:
        per_vote.setdefault(x.vote_title, []).append(x.voted)
    r += 1
    _header(ws, r, [w.col_no, w.col_vote, w.col_voted_count, w.col_unit_count, w.col_turnout_rate])
    r = _rows(ws, r + 1, ["int", "wrap", "int", "int", "percent"],
              ([i, title, sum(flags), len(flags), sum(flags) / len(flags)]
               for i, (title, flags) in enumerate(per_vote.items(), start=1)))
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=5)
    note = ws.cell(row=r + 1, column=1, value=w.turnout_note)
    note.font = Font(name=FONT, size=12, italic=True)


def _notices(wb: Workbook, report: YearReport, w: Wording) -> None:
    cols = [(w.col_no, 6), (w.col_notice, 16), (w.col_unit, 40), (w.col_acknowledged_at, 18), (w.col_status, 16)]
    kinds: list[Kind] = ["int", "center", "wrap", "datetime", "center"]
    ws = _sheet(wb, w.sheet_notices, w.title_notices.format(year=report.year), report.bloc, cols, w)
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, x.number, x.unit, x.acknowledged_at,
                w.acknowledged if x.acknowledged_at is not None else w.not_acknowledged]
               for i, x in enumerate(report.notice_acks, start=1)))
    _filter(ws, len(cols), r - 1)


def _trail(wb: Workbook, report: YearReport, w: Wording) -> None:
    cols = [(w.col_no, 6), (w.col_when, 18), (w.col_person, 26), (w.col_unit, 30), (w.col_action, 60)]
    kinds: list[Kind] = ["int", "datetime", "wrap", "wrap", "wrap"]
    ws = _sheet(wb, w.sheet_trail, w.title_trail.format(year=report.year), report.bloc, cols, w)
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, x.at, x.person, x.unit, x.action] for i, x in enumerate(report.trail, start=1)))
    _filter(ws, len(cols), r - 1)


def summary_workbook(report: YearReport, *, words: Wording = VI) -> bytes:
    """The ranked summary and its annexes, one sheet each, as .xlsx bytes; the audit trail last, when given."""
    wb = Workbook()
    wb.remove(wb.active)
    for build in (_ranking, _annex, _registrations, _signatures, _turnout, _notices):
        build(wb, report, words)
    if report.trail:
        _trail(wb, report, words)
    wb.properties.creator = report.header.issuer
    wb.properties.title = words.title_ranking.format(year=report.year)
    wb.active = 0
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
