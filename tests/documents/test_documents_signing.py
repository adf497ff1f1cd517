"""What a clerk checks before signing (issue #17 §5, ../shared/reference/documents.md), read back from the .docx
and, where layout matters, from the PDF LibreOffice makes of it."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.shared import Pt

from bot.documents import (
    AttendanceRow,
    DocumentHeader,
    YearReport,
    meeting_minutes_docx,
    submission_docx,
    vote_minutes_docx,
)
from bot.documents.charts import score_axis
from bot.documents.docx import HEADER_LEFT_MM, _issuer_lines, conclusion
from bot.documents.fmt import LOCAL_TZ
from bot.documents.wording import VI

needs_office = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils render the PDF")
MM_TO_PT = 72 / 25.4


def _doc(data: bytes) -> DocumentObject:
    return docx.Document(BytesIO(data))


def _text(doc: DocumentObject) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def _pdf(data: bytes, tmp_path: Path, name: str = "doc") -> Path:
    source = tmp_path / f"{name}.docx"
    source.write_bytes(data)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / f"{name}.pdf"


def _pdf_text(pdf: Path, *, first: int = 1, last: int | None = None, crop_mm: tuple[float, float] | None = None
              ) -> str:
    """The PDF's text as laid out; ``crop_mm`` keeps only (width, height) from the page's top left corner."""
    args = ["pdftotext", "-layout", "-f", str(first), "-l", str(last or first)]
    if crop_mm is not None:
        args += ["-x", "0", "-y", "0", "-W", str(round(crop_mm[0] * MM_TO_PT)), "-H",
                 str(round(crop_mm[1] * MM_TO_PT))]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


# --- the header -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lines"), [
    ("Khối thi đua các ban, đơn vị, cơ quan Đảng tỉnh", ["KHỐI THI ĐUA CÁC BAN,", "ĐƠN VỊ, CƠ QUAN ĐẢNG TỈNH"]),
    ("Khối các ban, đơn vị, cơ quan Đảng tỉnh", ["KHỐI CÁC BAN, ĐƠN VỊ,", "CƠ QUAN ĐẢNG TỈNH"]),
    ("Khối thi đua các cơ quan tham mưu giúp việc Tỉnh ủy Hưng Yên",
     ["KHỐI THI ĐUA CÁC CƠ", "QUAN THAM MƯU GIÚP", "VIỆC TỈNH ỦY HƯNG YÊN"]),
    ("Khối thi đua", ["KHỐI THI ĐUA"]),
])
def test_the_issuer_is_broken_by_hand_never_leaving_a_word_alone(name: str, lines: list[str]) -> None:
    got = _issuer_lines(name, HEADER_LEFT_MM, 13)
    assert got == lines
    assert all(len(line.split()) >= 2 for line in got)


@needs_office
def test_no_line_of_the_rendered_header_holds_a_single_word(report: YearReport, tmp_path: Path) -> None:
    """LibreOffice's own layout: the left column (left margin plus the column) of the first lines of page 1."""
    for i, issuer in enumerate(("Khối thi đua các ban, đơn vị, cơ quan Đảng tỉnh",
                                "Khối thi đua các cơ quan tham mưu giúp việc Tỉnh ủy Hưng Yên")):
        header = dataclasses.replace(report.header, issuer=issuer)
        pdf = _pdf(vote_minutes_docx(header, report.votes[0]), tmp_path, f"header{i}")
        left = [line.strip() for line in _pdf_text(pdf, crop_mm=(30 + HEADER_LEFT_MM - 2, 45)).splitlines()]
        names = [line for line in left if line and line not in ("*", "TỈNH ỦY HƯNG YÊN")
                 and not line.startswith("Số")]
        assert len(names) >= 2, left
        assert all(len(line.split()) >= 2 for line in names), left


def test_header_sizes_as_in_the_reference(vote_docs: list[DocumentObject], submission_doc: DocumentObject) -> None:
    for doc in (*vote_docs, submission_doc):
        party = doc.tables[0].cell(0, 1).paragraphs[0]
        assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
        assert {r.font.size for r in party.runs} == {Pt(15)}
        title = next(p for p in doc.paragraphs if p.text in ("BIÊN BẢN KIỂM PHIẾU", "TỜ TRÌNH"))
        assert {r.font.size for r in title.runs} == {Pt(15)} and all(r.bold for r in title.runs)


def test_superior_and_place_missing_are_marked_blanks(report: YearReport) -> None:
    header = DocumentHeader("party", "Khối thi đua X", None, None, None)
    doc = _doc(vote_minutes_docx(header, report.votes[0]))
    block = doc.tables[0]
    assert block.cell(0, 0).paragraphs[0].text == VI.blank
    # the count's date, whatever the header says; the place a marked blank
    assert block.cell(1, 1).text == f"{VI.blank}, ngày 18 tháng 12 năm 2026"


def test_minutes_are_dated_by_the_count_and_the_meeting_not_the_export(report: YearReport) -> None:
    exported = dataclasses.replace(report.header, date=date(2027, 1, 9))  # the day someone asked for the file
    counted = dataclasses.replace(report.votes[0], held_at=datetime(2026, 12, 20, 15, 5, tzinfo=LOCAL_TZ))
    vote = _doc(vote_minutes_docx(exported, counted))
    assert vote.tables[0].cell(1, 1).text == "Hưng Yên, ngày 20 tháng 12 năm 2026"
    assert "hồi 15 giờ 05 phút, ngày 20/12/2026" in _text(vote)

    assert report.meeting is not None
    meeting = _doc(meeting_minutes_docx(exported, report.meeting))
    assert meeting.tables[0].cell(1, 1).text == "Hưng Yên, ngày 18 tháng 12 năm 2026"
    unknown = _doc(meeting_minutes_docx(exported, dataclasses.replace(report.meeting, held_at=None, closed_at=None,
                                                                      copies=None)))
    assert unknown.tables[0].cell(1, 1).text == "Hưng Yên, ngày …… tháng …… năm ……"
    text = _text(unknown)
    assert "Thời gian: hồi …… giờ …… phút, ngày ……." in text
    assert "Hội nghị kết thúc hồi …… giờ …… phút cùng ngày. Biên bản được lập thành …… bản" in text


@needs_office
def test_pages_are_numbered_from_the_second(report: YearReport, tmp_path: Path) -> None:
    assert report.meeting is not None
    pdf = _pdf(meeting_minutes_docx(report.header, report.meeting), tmp_path, "meeting")
    assert _pages(pdf) >= 2
    first = [line.strip() for line in _pdf_text(pdf).splitlines() if line.strip()]
    second = [line.strip() for line in _pdf_text(pdf, first=2).splitlines() if line.strip()]
    assert first[0].startswith("TỈNH ỦY HƯNG YÊN")  # nothing above the header on page 1
    assert second[0] == "2"


# --- signatures -------------------------------------------------------------------------------


def test_party_signatures_carry_no_hint(vote_docs: list[DocumentObject], meeting_doc: DocumentObject,
                                        submission_doc: DocumentObject) -> None:
    for doc in (*vote_docs, meeting_doc, submission_doc):
        assert VI.sign_hint not in _text(doc)
    signer = submission_doc.tables[-1].rows[0].cells[1]
    assert [p.text for p in signer.paragraphs[:2]] == ["T/M KHỐI THI ĐUA", "TRƯỞNG KHỐI"]


# --- vote-count minutes -----------------------------------------------------------------------


def test_the_title_carries_the_purpose_and_the_year(vote_docs: list[DocumentObject]) -> None:
    subtitles = [next(p.text for i, p in enumerate(d.paragraphs) if i and d.paragraphs[i - 1].text ==
                      "BIÊN BẢN KIỂM PHIẾU") for d in vote_docs]
    assert subtitles == ["Bình xét, suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2026",
                         "Suy tôn Trưởng khối năm 2027", "Suy tôn Phó Trưởng khối năm 2027"]


def test_one_conclusion_sentence_for_every_kind(report: YearReport) -> None:
    flag, head, deputy = report.votes
    assert conclusion(flag) == ("Kết luận: Văn phòng Tỉnh ủy đạt 6/8 phiếu, bằng 75,00% tổng số đơn vị thành viên, "
                                "được suy tôn đề nghị tặng Cờ thi đua của UBND tỉnh năm 2026.")
    assert conclusion(head) == ("Kết luận: Văn phòng Tỉnh ủy đạt 7/8 phiếu, bằng 87,50% tổng số đơn vị thành viên, "
                                "được suy tôn làm Trưởng khối năm 2027.")
    assert conclusion(deputy).endswith("đạt 5/8 phiếu, bằng 62,50% tổng số đơn vị thành viên, được suy tôn làm "
                                       "Phó Trưởng khối năm 2027.")
    # a real tally's outcome text ("Kết quả: Văn phòng Tỉnh ủy.") no longer stands in for the conclusion
    terse = dataclasses.replace(flag, outcome_text="Kết quả: Văn phòng Tỉnh ủy.")
    assert "Kết quả:" not in conclusion(terse)
    question = dataclasses.replace(flag, kind="question", title="Thông qua quy chế",
                                   options=[("Đồng ý", 7, Decimal("87.50"), True), ("Không đồng ý", 1,
                                                                                    Decimal("12.50"), False)],
                                   elected=["Đồng ý"], denominator="cast", cast=8)
    assert conclusion(question) == "Kết luận: Đồng ý đạt 7/8 phiếu, bằng 87,50% số phiếu thu vào, được thông qua."
    two = dataclasses.replace(flag, options=[(flag.options[0][0], 6, Decimal("75.00"), True),
                                             ("Ban Tổ chức Tỉnh ủy", 5, Decimal("62.50"), True)],
                              elected=[flag.options[0][0], "Ban Tổ chức Tỉnh ủy"])
    assert "75,00% tổng số đơn vị thành viên và Ban Tổ chức Tỉnh ủy đạt 5/8 phiếu" in conclusion(two)


def test_the_conclusion_says_why_nobody_was_elected(report: YearReport) -> None:
    flag = report.votes[0]
    short = dataclasses.replace(flag, quorum_met=False, elected=[], outcome="QUORUM_NOT_MET")
    assert conclusion(short).startswith("Kết luận: không đủ số đơn vị tham gia, cuộc bỏ phiếu không có giá trị")
    tie = dataclasses.replace(flag, elected=[], outcome="RUNOFF_NEEDED",
                              tied=["Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy"])
    assert conclusion(tie) == ("Kết luận: Văn phòng Tỉnh ủy và Ban Tổ chức Tỉnh ủy bằng phiếu ở vị trí cao nhất; "
                               "tổ chức bỏ phiếu lại giữa các đơn vị này.")
    text = _text(_doc(vote_minutes_docx(report.header, tie)))
    assert text.count("Kết luận:") == 1


def test_closing_sentence_and_no_duplicate_elected_line(vote_docs: list[DocumentObject], report: YearReport
                                                        ) -> None:
    text = _text(vote_docs[0])
    assert ("Biên bản lập xong hồi 10 giờ 10 phút cùng ngày, thành 02 bản; Ban kiểm phiếu thống nhất thông qua và "
            "cùng ký tên dưới đây./.") in text
    assert "Đơn vị được suy tôn:" not in text
    unknown = dataclasses.replace(report.votes[0], finished_at=None, copies=None)
    assert "Biên bản lập xong hồi …… giờ …… phút cùng ngày, thành …… bản" in _text(
        _doc(vote_minutes_docx(report.header, unknown)))


def test_whether_a_blank_ballot_is_valid_is_written(report: YearReport) -> None:
    deputy = report.votes[2]
    allowed = _text(_doc(vote_minutes_docx(report.header, deputy)))
    assert "phiếu trắng (phiếu không chọn đơn vị nào) là phiếu hợp lệ." in allowed
    assert "Số phiếu hợp lệ: 7 phiếu (trong đó phiếu trắng: 1 phiếu)." in allowed
    refused = dataclasses.replace(deputy, blank_valid=False, valid=6, invalid=1)
    text = _text(_doc(vote_minutes_docx(report.header, refused)))
    assert "phiếu trắng (phiếu không chọn đơn vị nào) là phiếu không hợp lệ." in text
    assert "Số phiếu hợp lệ: 6 phiếu." in text
    assert "Số phiếu không hợp lệ: 1 phiếu (trong đó phiếu trắng: 1 phiếu)." in text
    assert report.meeting is not None
    meeting = _text(_doc(meeting_minutes_docx(report.header, dataclasses.replace(report.meeting,
                                                                                 votes=[refused]))))
    assert "hợp lệ: 6; không hợp lệ: 1 (phiếu trắng: 1)." in meeting


# --- meeting minutes --------------------------------------------------------------------------


def test_meeting_title_and_rules_once(meeting_doc: DocumentObject, report: YearReport) -> None:
    text = _text(meeting_doc)
    assert "BIÊN BẢN HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA,\nKHEN THƯỞNG NĂM 2026" in text
    rule = report.votes[0].rule_text
    assert text.count(rule) == 1
    assert "Nguyên tắc bỏ phiếu áp dụng: " + rule in text
    assert text.count("Kết luận:") == len(report.votes)
    # two rule books: each stated once, naming the items it applies to
    assert report.meeting is not None
    mixed = dataclasses.replace(report.meeting, votes=[report.votes[0], dataclasses.replace(
        report.votes[1], rule_text="Biểu quyết giơ tay."), report.votes[2]])
    mixed_text = _text(_doc(meeting_minutes_docx(report.header, mixed)))
    assert "Nguyên tắc bỏ phiếu áp dụng cho mục 1, 3: " + rule in mixed_text
    assert "Nguyên tắc bỏ phiếu áp dụng cho mục 2: Biểu quyết giơ tay." in mixed_text
    assert mixed_text.count(rule) == 1


def test_attendance_is_computed(report: YearReport) -> None:
    assert report.meeting is not None
    rows = [AttendanceRow(u, u != "Ban Nội chính Tỉnh ủy", ("Đại biểu",), "ốm" if u == "Ban Nội chính Tỉnh ủy"
                          else None, late=u == "Ban Tổ chức Tỉnh ủy") for u in report.meeting.units]
    text = _text(_doc(meeting_minutes_docx(report.header, dataclasses.replace(report.meeting, attendance=rows))))
    assert "Có mặt 7/8 đơn vị thành viên; vắng mặt 1 đơn vị: Ban Nội chính Tỉnh ủy (có lý do: ốm)." in text
    assert "Có mặt (đến muộn)" in text


def test_attendance_unknown_is_said_not_invented(report: YearReport) -> None:
    assert report.meeting is not None
    unknown = dataclasses.replace(report.meeting, attendance=None)
    doc = _doc(meeting_minutes_docx(report.header, unknown))
    text = _text(doc)
    assert "Chưa điểm danh" in text
    assert "Có mặt" not in text
    table = next(t for t in doc.tables if len(t.columns) == 4 and t.rows[0].cells[2].text == "Tham dự")
    assert [r.cells[1].text for r in table.rows[1:]] == list(report.meeting.units)
    assert all(r.cells[2].text == "" for r in table.rows[1:])


@needs_office
def test_no_half_empty_first_page(report: YearReport, tmp_path: Path) -> None:
    """The ranking starts on page 1 under the attendance instead of moving whole to page 2."""
    assert report.meeting is not None
    pdf = _pdf(meeting_minutes_docx(report.header, report.meeting), tmp_path, "meeting")
    first = _pdf_text(pdf)
    assert "II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG" in first
    ranking = first.split("II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG", 1)[1]
    assert "Tổng" in ranking and "Văn phòng" in ranking  # its header and first rows


# --- submission -------------------------------------------------------------------------------


@needs_office
def test_submission_reads_as_the_reference(report: YearReport, tmp_path: Path) -> None:
    assert report.submission is not None
    # justified lines come out of pdftotext with spaces inside words: compare without any
    text = "".join(_pdf_text(_pdf(submission_docx(report.header, report.submission), tmp_path, "sub")).split())
    for expected in ("(qua Ban Thi đua - Khen thưởng, Sở Nội vụ)", "trình Chủ tịch Ủy ban nhân dân tỉnh quyết định./.",
                     "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "T/M KHỐI THI ĐUA", "- Lưu"):
        assert "".join(expected.split()) in text


# --- charts -----------------------------------------------------------------------------------


def test_the_ranking_axis_starts_near_the_lowest_score(report: YearReport) -> None:
    finals = [float(r.final) for r in report.ranking if r.final is not None]
    low, high = score_axis(finals)
    assert min(finals) - 3 <= low < min(finals)  # 94,5 .. 99: the axis starts at 93, not 0
    assert high > max(finals)
    assert score_axis([50.0, 50.0]) == (49.0, pytest.approx(50.12))
    assert score_axis([0.5]) == (0.0, pytest.approx(0.56))
