"""The summary workbook as it prints (issue #17 §5): rows tall enough for their text, each table's header on its
own pages, counts that say what they count, a date and signatures under the summary."""

from __future__ import annotations

import dataclasses
from io import BytesIO

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from bot.documents import YearReport, summary_workbook
from bot.documents.xlsx import HEADER_ROW, LINE_PT

FIRST = HEADER_ROW + 1


def _values(ws: openpyxl.worksheet.worksheet.Worksheet, row: int) -> list[object]:
    return [c.value for c in ws[row]]


@pytest.mark.parametrize("sheet", ["Tổng hợp điểm", "Phụ lục tiêu chí", "Đăng ký thi đua"])
def test_rows_are_tall_enough_for_their_wrapped_text(workbook: Workbook, sheet: str) -> None:
    """A cell whose text is longer than its column (or holds line breaks) has a row tall enough for it: Excel
    does not grow a row for text a program wrote, and the text printed over the next rows."""
    ws = workbook[sheet]
    checked = 0
    for row in range(FIRST, ws.max_row + 1):
        for cell in ws[row]:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = ws.column_dimensions[cell.column_letter].width
            # a generous reading: 1,5 characters a unit of width fits on one line
            lines = sum(max(1, -(-len(part) // int(width * 1.5))) for part in cell.value.split("\n"))
            if lines > 1:
                checked += 1
                height = ws.row_dimensions[row].height
                assert height is not None and height >= lines * LINE_PT, (sheet, row, cell.value)
    assert checked  # the sample has such cells on every one of these sheets


def test_registration_with_two_titles_gets_two_lines(workbook: Workbook) -> None:
    ws = workbook["Đăng ký thi đua"]
    assert "\n" in ws.cell(row=FIRST, column=3).value
    assert ws.row_dimensions[FIRST].height >= 2 * LINE_PT


def test_each_table_header_is_the_one_repeated_on_its_pages(workbook: Workbook) -> None:
    """A sheet repeats one band of rows on each printed page, so every table's header must be in that band: no
    header row anywhere else."""
    for ws in workbook.worksheets:
        header_rows = {c.row for row in ws.iter_rows() for c in row
                       if c.fill is not None and c.fill.fgColor is not None and c.fill.fgColor.rgb == "00D9E1F2"}
        assert header_rows == {HEADER_ROW}, ws.title
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    turnout = workbook["Tham gia bỏ phiếu"]
    band = _values(turnout, HEADER_ROW)
    assert band[:4] == ["STT", "Cuộc bỏ phiếu", "Đơn vị", "Tham gia"]
    assert band[5:] == ["STT", "Cuộc bỏ phiếu", "Số đơn vị đã bỏ phiếu", "Tổng số đơn vị", "Tỷ lệ tham gia"]


def test_signed_count_says_what_it_counts(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Ký giao ước"]
    total = FIRST + len(report.signatures)
    assert ws.cell(row=total, column=6).value == "Đã ký: 8/8"
    half = dataclasses.replace(report, signatures=[dataclasses.replace(s, signed_at=None, signed_by=None)
                                                   if i % 2 else s for i, s in enumerate(report.signatures)])
    again = openpyxl.load_workbook(BytesIO(summary_workbook(half)))["Ký giao ước"]
    assert again.cell(row=total, column=6).value == "Đã ký: 4/8"


def test_the_summary_is_dated_and_signed(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Tổng hợp điểm"]
    averages = FIRST + len(report.ranking) + 1
    below = [v for row in ws.iter_rows(min_row=averages + 1, values_only=True) for v in row if v]
    assert below[:4] == ["Hưng Yên, ngày 18 tháng 12 năm 2026", "NGƯỜI LẬP BIỂU", "T/M KHỐI THI ĐUA", "TRƯỞNG KHỐI"]
    undated = dataclasses.replace(report, header=dataclasses.replace(report.header, date=None, place=None))
    ws = openpyxl.load_workbook(BytesIO(summary_workbook(undated)))["Tổng hợp điểm"]
    below = [v for row in ws.iter_rows(min_row=averages + 1, values_only=True) for v in row if v]
    assert below[0] == "……………………, ngày …… tháng …… năm ……"


def test_titles_and_forms_of_commendation_have_their_own_columns(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Đăng ký thi đua"]
    assert _values(ws, HEADER_ROW)[2:4] == ["Danh hiệu thi đua đăng ký", "Hình thức khen thưởng đề nghị"]
    late = next(i for i, r in enumerate(report.registrations) if r.commendations)
    row = FIRST + late
    assert ws.cell(row=row, column=3).value == "Tập thể lao động xuất sắc"
    assert ws.cell(row=row, column=4).value == "Bằng khen của Chủ tịch UBND tỉnh"
