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
from math import ceil
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.fmt import dmy, document_date_line, local
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
FONT_PT = 12
# A row of 12 pt text takes about 15.75 pt; Excel grows a row only for text typed into it, and neither
# Excel nor LibreOffice grows one for wrapped text written by a program, so the height is set here.
LINE_PT = 15.75
# Times New Roman at 12 pt fits about 1.4 characters of Vietnamese text per unit of column width (units
# are widths of the default font's "0", Calibri 11); 1.2 leaves room for capitals and the cell's padding.
_CHARS_PER_WIDTH = 1.2

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


def _lines(text: object, width: float) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` units wide."""
    if text is None:
        return 1
    per_line = max(1, int(width * _CHARS_PER_WIDTH))
    return sum(max(1, ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _fit_height(ws: Worksheet, row: int, minimum: float = LINE_PT) -> None:
    """Make the row tall enough for its wrapped cells, so that printed text does not run into the next row."""
    lines = 1
    for cell in ws[row]:
        if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
            continue
        width = ws.column_dimensions[cell.column_letter].width or 8.43
        lines = max(lines, _lines(cell.value, width))
    ws.row_dimensions[row].height = max(minimum, lines * LINE_PT + 2)


def _header(ws: Worksheet, row: int, headers: Sequence[str], start: int = 1) -> None:
    for col, text in enumerate(headers, start=start):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = Font(name=FONT, size=FONT_PT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        cell.fill = _HEADER_FILL


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
    _fit_height(ws, HEADER_ROW, minimum=2 * LINE_PT)
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


def _rows(ws: Worksheet, start: int, kinds: Sequence[Kind], rows: Iterable[Sequence[object]], first: int = 1) -> int:
    """Write data rows from ``start`` (columns from ``first``); return the next free row."""
    r = start
    for values in rows:
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True), start=first):
            _put(ws, r, col, value, kind)
        _fit_height(ws, r)
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
    _sign_off(ws, r + 3, len(cols), report, w)


def _sign_off(ws: Worksheet, row: int, ncols: int, report: YearReport, w: Wording) -> None:
    """The date, and who prepared the table and who signs for the bloc, under the summary: a table handed to
    the provincial board is signed like any other document of the bloc."""
    header = report.header
    half = ncols // 2
    right = (half + 1, ncols)
    left = (1, half)

    def put(r: int, span: tuple[int, int], text: str, *, bold: bool = False, italic: bool = False) -> None:
        ws.merge_cells(start_row=r, start_column=span[0], end_row=r, end_column=span[1])
        cell = ws.cell(row=r, column=span[0], value=text)
        cell.font = Font(name=FONT, size=13, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="center", vertical="center")

    put(row, right, document_date_line(header.place, header.date, words=w), italic=True)
    put(row + 1, left, w.prepared_by, bold=True)
    on_behalf = w.sign_on_behalf_party if header.style == "party" else w.sign_on_behalf_state
    put(row + 1, right, on_behalf.format(body=w.sign_body), bold=True)
    put(row + 2, right, w.sign_head_role, bold=True)
    # room to sign, then the names to be written in
    put(row + 7, left, w.blank)
    put(row + 7, right, w.blank)


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
    # Emulation titles and forms of commendation are different things (the reference's "Words"), so they
    # have a column each.
    cols = [(w.col_no, 6), (w.col_unit, 32), (w.col_titles, 30), (w.col_commendations, 30), (w.col_cultured, 14),
            (w.col_staff, 10), (w.col_advanced, 13), (w.col_soldiers, 13), (w.col_submitted, 11)]
    kinds: list[Kind] = ["int", "wrap", "wrap", "wrap", "center", "int", "int", "int", "center"]
    ws = _sheet(wb, w.sheet_registration, w.title_registration.format(year=report.year), report.bloc, cols, w)
    rows = report.registrations
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, x.unit, "\n".join(x.titles), "\n".join(x.commendations), w.yes if x.cultured else w.no, x.staff,
                x.advanced_workers, x.emulation_soldiers, w.yes if x.submitted else w.no]
               for i, x in enumerate(rows, start=1)))
    _filter(ws, len(cols), r - 1)
    _put(ws, r, 1, w.total_row, "center", bold=True)
    _put(ws, r, 2, len(rows), "int", bold=True, number_format=w.units_format)
    _put(ws, r, 3, None, "text")
    _put(ws, r, 4, None, "text")
    totals = [sum(x.cultured for x in rows),
              sum(x.staff or 0 for x in rows),
              sum(x.advanced_workers or 0 for x in rows),
              sum(x.emulation_soldiers or 0 for x in rows),
              sum(x.submitted for x in rows)]
    for col, value in enumerate(totals, start=5):
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
    # "Đã ký: 8/8" says what the count is of; a bare 8 under "Trạng thái" did not
    _put(ws, r, 6, w.signed_count.format(signed=sum(x.signed_at is not None for x in rows), total=len(rows)),
         "center", bold=True)


def _turnout(wb: Workbook, report: YearReport, w: Wording) -> None:
    """Per unit on the left, per vote on the right, side by side under one header row.

    A sheet repeats one band of rows on every printed page; with the per-vote table below the per-unit one,
    its pages carried the other table's header. Side by side, each table's header is in that band.
    """
    summary = [(w.col_no, 6), (w.col_vote, 30), (w.col_voted_count, 13), (w.col_unit_count, 11),
               (w.col_turnout_rate, 11)]
    cols = [(w.col_no, 6), (w.col_vote, 34), (w.col_unit, 34), (w.col_voted, 15), ("", 3), *summary]
    ws = _sheet(wb, w.sheet_turnout, w.title_turnout.format(year=report.year), report.bloc, cols, w,
                header_count=4)
    _header(ws, HEADER_ROW, [c[0] for c in summary], start=6)
    _fit_height(ws, HEADER_ROW, minimum=2 * LINE_PT)
    rows = report.turnout
    kinds: list[Kind] = ["int", "wrap", "wrap", "center"]
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, x.vote_title, x.unit, w.voted if x.voted else w.not_voted] for i, x in enumerate(rows, start=1)))
    _filter(ws, 4, r - 1)
    per_vote: OrderedDict[str, list[bool]] = OrderedDict()
    for x in rows:
        per_vote.setdefault(x.vote_title, []).append(x.voted)
    end = _rows(ws, HEADER_ROW + 1, ["int", "wrap", "int", "int", "percent"],
                ([i, title, sum(flags), len(flags), sum(flags) / len(flags)]
                 for i, (title, flags) in enumerate(per_vote.items(), start=1)), first=6)
    r = max(r, end)
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=len(cols))
    note = ws.cell(row=r + 1, column=1, value=w.turnout_note)
    note.font = Font(name=FONT, size=FONT_PT, italic=True)


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


def _movements(wb: Workbook, report: YearReport, w: Wording) -> None:
    """One row per unit taking part in each movement: what it registered, when it reported, why it is commended."""
    cols = [(w.col_no, 6), (w.col_movement, 34), (w.col_period, 16), (w.col_occasion, 28), (w.col_unit, 30),
            (w.col_targets, 30), (w.col_reported_at, 18), (w.col_commendation, 34)]
    kinds: list[Kind] = ["int", "wrap", "center", "wrap", "wrap", "wrap", "datetime", "wrap"]
    ws = _sheet(wb, w.sheet_movements, w.title_movements.format(year=report.year), report.bloc, cols, w)
    rows = [(m, unit, targets, reported, reason) for m in report.movements
            for unit, targets, reported, reason in m.units]
    r = _rows(ws, HEADER_ROW + 1, kinds,
              ([i, f"{m.number}. {m.title}", f"{dmy(m.starts_on)} - {dmy(m.ends_on)}", m.occasion, unit,
                targets if targets is not None else w.movement_unit_waiting,
                reported if reported is not None else (w.movement_unit_registered if targets else None), reason]
               for i, (m, unit, targets, reported, reason) in enumerate(rows, start=1)))
    _filter(ws, len(cols), r - 1)


def summary_workbook(report: YearReport, *, words: Wording = VI) -> bytes:
    """The ranked summary and its annexes, one sheet each, as .xlsx bytes; the audit trail last, when given."""
    wb = Workbook()
    wb.remove(wb.active)
    for build in (_ranking, _annex, _registrations, _signatures, _turnout, _notices):
        build(wb, report, words)
    if report.movements:
        _movements(wb, report, words)
    if report.trail:
        _trail(wb, report, words)
    wb.properties.creator = report.header.issuer
    wb.properties.title = words.title_ranking.format(year=report.year)
    wb.active = 0
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
