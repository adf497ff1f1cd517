"""The summary workbook, read back with openpyxl."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents import VI, DocumentHeader, YearReport, summary_workbook
from bot.documents.fmt import local
from bot.documents.xlsx import DATETIME_FORMAT, HEADER_ROW, SCORE_FORMAT

FIRST = HEADER_ROW + 1
SHEETS = ["Tổng hợp điểm", "Phụ lục tiêu chí", "Đăng ký thi đua", "Ký giao ước", "Tham gia bỏ phiếu",
          "Xác nhận thông báo"]


def _header(ws: Worksheet, n: int) -> list[object]:
    return [ws.cell(row=HEADER_ROW, column=c).value for c in range(1, n + 1)]


def test_sheet_names(workbook: Workbook) -> None:
    assert workbook.sheetnames == SHEETS


@pytest.mark.parametrize("name", SHEETS)
def test_every_sheet_has_title_frozen_header_and_print_setup(workbook: Workbook, report: YearReport,
                                                             name: str) -> None:
    ws = workbook[name]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert any(r.startswith("A1:") for r in merged) and any(r.startswith("A2:") for r in merged)
    assert ws["A1"].value == report.bloc.upper()
    assert str(report.year) in ws["A2"].value
    assert ws["A3"].value == "STT" or name == "Phụ lục tiêu chí"
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert all((ws.column_dimensions[c].width or 0) >= 6 for c in "ABC")


def test_ranking_sheet_numbers_are_numbers(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Tổng hợp điểm"]
    assert _header(ws, 9) == ["STT", "Đơn vị", "Tự chấm", "Thẩm định", "Điểm cộng", "Điểm trừ", "Tổng điểm",
                              "Xếp hạng", "Ghi chú"]
    for i, row in enumerate(report.ranking):
        r = FIRST + i
        values = [ws.cell(row=r, column=c).value for c in range(1, 10)]
        assert values[:2] == [row.no, row.unit]
        for got, want in zip(values[2:7], [row.self_total, row.checked_total, row.bonus, row.penalty, row.final],
                             strict=True):
            assert isinstance(got, (int, float)) and Decimal(str(got)) == want
        assert values[7] == row.rank
        assert values[8] == row.note
        assert ws.cell(row=r, column=7).number_format == SCORE_FORMAT
    assert ws.column_dimensions["B"].width >= 30
    assert ws.auto_filter.ref == f"A3:I{FIRST + len(report.ranking) - 1}"


def test_ranking_totals(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Tổng hợp điểm"]
    total = FIRST + len(report.ranking)
    assert ws.cell(row=total, column=1).value == VI.total_row
    count = ws.cell(row=total, column=2)
    assert count.value == 8 and count.number_format == VI.units_format
    assert ws.cell(row=total + 1, column=1).value == VI.average_row
    mean_final = sum(r.final for r in report.ranking) / len(report.ranking)
    assert ws.cell(row=total + 1, column=7).value == pytest.approx(float(mean_final))


def test_annex_sheet(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Phụ lục tiêu chí"]
    assert _header(ws, 9) == ["Đơn vị", "Mã", "Tiêu chí", "Tối đa", "Tự chấm", "Thẩm định lần 1", "Giải trình",
                              "Thẩm định lần 2", "Điểm cuối"]
    assert ws.max_row == HEADER_ROW + len(report.annex) == HEADER_ROW + 8 * 7
    explained = next(i for i, a in enumerate(report.annex) if a.explanation)
    a, r = report.annex[explained], FIRST + explained
    assert [ws.cell(row=r, column=c).value for c in (1, 2, 7)] == [a.unit, a.code, a.explanation]
    assert ws.cell(row=r, column=6).value == float(a.check1)
    assert ws.cell(row=r, column=8).value == float(a.check2)
    assert ws.cell(row=r, column=9).value == float(a.final)


def test_registration_totals(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Đăng ký thi đua"]
    total = FIRST + len(report.registrations)
    assert ws.cell(row=FIRST, column=3).value == "\n".join(report.registrations[0].titles)
    assert [ws.cell(row=total, column=c).value for c in range(5, 10)] == [
        8, sum(x.staff or 0 for x in report.registrations),
        sum(x.advanced_workers or 0 for x in report.registrations),
        sum(x.emulation_soldiers or 0 for x in report.registrations), 8]


def test_signatures_store_local_datetimes(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Ký giao ước"]
    cell = ws.cell(row=FIRST, column=4)
    signed_at = report.signatures[0].signed_at
    assert signed_at is not None
    assert isinstance(cell.value, datetime) and cell.value == local(signed_at).replace(tzinfo=None)
    assert cell.number_format == DATETIME_FORMAT
    assert ws.cell(row=FIRST, column=6).value == "Đã ký"


def test_turnout_sheet_has_participation_only(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Tham gia bỏ phiếu"]
    assert _header(ws, 5) == ["STT", "Cuộc bỏ phiếu", "Đơn vị", "Tham gia", None]
    assert _header(ws, 10)[5:] == ["STT", "Cuộc bỏ phiếu", "Số đơn vị đã bỏ phiếu", "Tổng số đơn vị",
                                   "Tỷ lệ tham gia"]
    statuses = {ws.cell(row=FIRST + i, column=4).value for i in range(len(report.turnout))}
    assert statuses == {"Đã bỏ phiếu", "Chưa bỏ phiếu"}
    # Nothing of what was chosen: no option counts, no elected units next to a vote.
    texts = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert not any("Được suy tôn" in t for t in texts)
    summary = {ws.cell(row=r, column=7).value: [ws.cell(row=r, column=c).value for c in (8, 9, 10)]
               for r in range(FIRST, FIRST + len(report.votes))}
    assert summary["Suy tôn Phó Trưởng khối năm 2027"] == [7, 8, pytest.approx(0.875)]
    assert summary["Cờ thi đua của UBND tỉnh"] == [8, 8, 1]


def test_notice_acks(workbook: Workbook, report: YearReport) -> None:
    ws = workbook["Xác nhận thông báo"]
    rows = list(ws.iter_rows(min_row=FIRST, values_only=True))
    assert len(rows) == len(report.notice_acks)
    pending = [r for r in rows if r[4] == "Chưa xác nhận"]
    assert len(pending) == 1 and pending[0][3] is None and pending[0][2] == "Trường Chính trị Nguyễn Văn Linh"


def test_empty_report_still_builds() -> None:
    from datetime import date

    empty = YearReport(DocumentHeader("state", "Khối thi đua X", None, "Hà Nội", date(2026, 1, 5)), "Khối X", 2026)
    wb = openpyxl.load_workbook(BytesIO(summary_workbook(empty)))
    ws = wb["Tổng hợp điểm"]
    assert ws.cell(row=FIRST, column=1).value == VI.total_row
    assert ws.cell(row=FIRST, column=2).value == 0
