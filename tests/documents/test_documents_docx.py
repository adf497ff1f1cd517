"""The minutes and the submission, read back with python-docx."""

from __future__ import annotations

import dataclasses
from datetime import date
from io import BytesIO

import docx
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from docx.table import Table

from bot.documents import (
    AttendanceRow,
    DocumentHeader,
    Submission,
    YearReport,
    meeting_minutes_docx,
    submission_docx,
    vote_minutes_docx,
)


def _texts(doc: DocumentObject) -> list[str]:
    """Every paragraph's text, body and table cells, in order."""
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def _full_text(doc: DocumentObject) -> str:
    return "\n".join(_texts(doc))


def _table_with(doc: DocumentObject, header_fragment: str) -> Table:
    return next(t for t in doc.tables if any(header_fragment in c.text for c in t.rows[0].cells))


def _rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _doc(data: bytes) -> DocumentObject:
    return docx.Document(BytesIO(data))


# --- layout shared by every document ----------------------------------------------------------


def test_page_font_and_properties(vote_docs: list[DocumentObject], meeting_doc: DocumentObject,
                                  submission_doc: DocumentObject, report: YearReport) -> None:
    for doc in [*vote_docs, meeting_doc, submission_doc]:
        section = doc.sections[0]
        assert section.orientation == WD_ORIENT.PORTRAIT
        # Word stores twentieths of a point, so compare to the millimetre.
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
        normal = doc.styles["Normal"]
        assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
        assert doc.core_properties.author == report.header.issuer
        assert "python-docx" not in (doc.core_properties.comments or "")
        # a formatting slip would print "None" or a dot decimal somewhere
        text = _full_text(doc)
        assert "None" not in text
        assert "87.50" not in text and "97.5" not in text


def test_party_header_block(vote_docs: list[DocumentObject]) -> None:
    header = vote_docs[0].tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    # the issuer broken by hand at a comma, never a lone word on a line
    assert [p.text for p in left.paragraphs][:3] == ["TỈNH ỦY HƯNG YÊN",
                                                    "KHỐI THI ĐUA CÁC BAN,\nĐƠN VỊ, CƠ QUAN ĐẢNG TỈNH", "*"]
    title = right.paragraphs[0]
    assert title.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert all(r.underline and r.bold for r in title.runs)
    # no number yet: a blank for the clerk, with the Party-style kind and issuer
    number = header.cell(1, 0).text
    assert number.startswith("Số") and number.endswith("-BB/KTĐ") and "\u00a0" * 4 in number
    date_line = header.cell(1, 1).paragraphs[0]
    assert date_line.text == "Hưng Yên, ngày 18 tháng 12 năm 2026"
    assert all(r.italic for r in date_line.runs)
    # borderless
    assert header._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders") is not None


def test_state_header_block_with_number(report: YearReport) -> None:
    header = DocumentHeader("state", "Khối thi đua các sở, ngành", "UBND tỉnh Hưng Yên", "Hưng Yên",
                            date(2026, 2, 5), "05/BB-KTĐ")
    assert report.submission is not None
    doc = _doc(submission_docx(header, report.submission))
    block = doc.tables[0]
    right = [p for p in block.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(r.underline for r in right[1].runs)
    assert block.cell(1, 0).text == "Số: 05/BB-KTĐ"
    # the State form signs "TM." and writes the hint under the signer
    signer = doc.tables[-1].rows[0].cells[1].text
    assert signer.startswith("TM. KHỐI THI ĐUA\nTRƯỞNG KHỐI\n(Ký, ghi rõ họ tên)")
    # day below 10 and month below 3 get a leading zero (Nghị định 30/2020)
    assert block.cell(1, 1).text == "Hưng Yên, ngày 05 tháng 02 năm 2026"
    assert block.cell(0, 0).paragraphs[0].text == "UBND TỈNH HƯNG YÊN"


# --- vote-count minutes -----------------------------------------------------------------------


def test_vote_minutes_counts_and_quorum(vote_docs: list[DocumentObject]) -> None:
    flag = _full_text(vote_docs[0])
    assert "BIÊN BẢN KIỂM PHIẾU" in flag
    assert "hồi 09 giờ 50 phút, ngày 18/12/2026" in flag
    assert "Hội trường Văn phòng Tỉnh ủy Hưng Yên" in flag
    for line in ("Số phiếu phát ra: 8 phiếu.", "Số phiếu thu vào: 8 phiếu.",
                 "Số phiếu hợp lệ: 7 phiếu (trong đó phiếu trắng: 0 phiếu).", "Số phiếu không hợp lệ: 1 phiếu."):
        assert line in flag
    assert "tối thiểu phải tham gia bỏ phiếu: 6/8 đơn vị" in flag
    assert "(phiếu thu vào): 8/8 đơn vị" in flag
    assert "1. Đồng chí Nguyễn Thị Hoa – Trưởng ban" in flag
    assert "Nội dung: Bình xét, suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2026." in flag
    assert "Nguyên tắc áp dụng: Bỏ phiếu kín" in flag
    deputy = _full_text(vote_docs[2])
    assert "Số phiếu hợp lệ: 7 phiếu (trong đó phiếu trắng: 1 phiếu)." in deputy
    assert "(phiếu thu vào): 7/8 đơn vị" in deputy


def test_vote_table_names_the_denominator(vote_docs: list[DocumentObject], report: YearReport) -> None:
    table = _table_with(vote_docs[1], "Phương án")
    rows = _rows(table)
    assert rows[0] == ["STT", "Phương án (đơn vị)", "Số phiếu", "Tỷ lệ (%) so với tổng số đơn vị thành viên (8)",
                       "Kết quả"]
    assert rows[1] == ["1", "Văn phòng Tỉnh ủy", "7", "87,50%", "Được suy tôn"]
    assert rows[2] == ["2", "Ban Tổ chức Tỉnh ủy", "1", "12,50%", ""]
    # the header row repeats on a new page and no row is split across two
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert table.rows[0]._tr.trPr.find(f"{w}tblHeader") is not None
    assert all(row._tr.trPr.find(f"{w}cantSplit") is not None for row in table.rows)
    text = _full_text(vote_docs[1])
    assert ("Kết luận: Văn phòng Tỉnh ủy đạt 7/8 phiếu, bằng 87,50% tổng số đơn vị thành viên, được suy tôn làm "
            "Trưởng khối năm 2027.") in text
    assert "Đơn vị được suy tôn:" not in text

    by_cast = dataclasses.replace(report.votes[2], denominator="cast")
    header_row = _rows(_table_with(_doc(vote_minutes_docx(report.header, by_cast)), "Phương án"))[0]
    assert header_row[3] == "Tỷ lệ (%) so với số phiếu thu vào (7)"


def test_vote_minutes_signature_blocks(vote_docs: list[DocumentObject], report: YearReport) -> None:
    signatures = _rows(vote_docs[0].tables[-1])
    first = signatures[0]
    # a Party document writes no "(Ký, ghi rõ họ tên)" under a signature (Hướng dẫn 36)
    assert first[0].startswith("THƯ KÝ\n\n") and first[0].endswith("Trần Văn Minh")
    assert "(Ký, ghi rõ họ tên)" not in _full_text(vote_docs[0])
    assert first[1].startswith("TRƯỞNG BAN KIỂM PHIẾU") and first[1].endswith("Nguyễn Thị Hoa")
    assert signatures[1][0].startswith("THÀNH VIÊN BAN KIỂM PHIẾU") and signatures[1][0].endswith("Lê Thu Hằng")
    # room to sign: empty lines between the hint and the name
    assert vote_docs[0].tables[-1].cell(0, 1).paragraphs[1].text == ""

    nobody = dataclasses.replace(report.votes[0], committee=[])
    doc = _doc(vote_minutes_docx(report.header, nobody))
    labels = [c.paragraphs[0].text for c in doc.tables[-1].rows[0].cells]
    assert labels == ["THƯ KÝ", "TRƯỞNG BAN KIỂM PHIẾU"]
    assert all(c.paragraphs[-1].text.startswith("……") for c in doc.tables[-1].rows[0].cells)


def test_quorum_not_met_is_said(report: YearReport) -> None:
    short = dataclasses.replace(report.votes[0], cast=5, valid=5, invalid=0, quorum_met=False)
    text = _full_text(_doc(vote_minutes_docx(report.header, short)))
    assert "5/8 đơn vị – không đủ số đơn vị tham gia, cuộc bỏ phiếu không có giá trị" in text


# --- meeting minutes --------------------------------------------------------------------------


def test_meeting_minutes(meeting_doc: DocumentObject, report: YearReport) -> None:
    text = _full_text(meeting_doc)
    assert "BIÊN BẢN HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA,\nKHEN THƯỞNG NĂM 2026" in text
    assert "Chủ trì: Đồng chí Nguyễn Văn Thành." in text
    assert "Có mặt 8/8 đơn vị thành viên (không có đơn vị vắng mặt)." in text
    attendance = _rows(_table_with(meeting_doc, "Tham dự"))
    assert len(attendance) == 9 and attendance[1] == ["1", "Văn phòng Tỉnh ủy", "Có mặt", "Nguyễn Văn Thành"]
    ranking = _rows(_table_with(meeting_doc, "Xếp hạng"))
    assert ranking[0] == ["STT", "Đơn vị", "Tự chấm", "Thẩm định", "Điểm cộng", "Điểm trừ", "Tổng điểm",
                              "Xếp hạng"]
    assert ranking[3] == ["3", "Ban Tổ chức Tỉnh ủy", "99", "98", "0", "0,5", "97,5", "3"]
    # notes go below the table, not in a ninth column
    assert len(ranking[0]) == 8
    assert "- Ban Tổ chức Tỉnh ủy: Trừ 0,5 điểm: chậm báo cáo sơ kết 6 tháng." in text
    vote_tables = [t for t in meeting_doc.tables if "Phương án (đơn vị)" in t.rows[0].cells[1].text]
    assert len(vote_tables) == len(report.votes)
    assert _rows(vote_tables[1])[1][3] == "87,50%"
    assert "IV. SUY TÔN TRƯỞNG KHỐI, PHÓ TRƯỞNG KHỐI NĂM 2027" in text
    assert "Trưởng khối: Văn phòng Tỉnh ủy." in text
    assert "Phó Trưởng khối: Ban Tuyên giáo và Dân vận Tỉnh ủy." in text
    labels = [c.paragraphs[0].text for c in meeting_doc.tables[-1].rows[0].cells]
    assert labels == ["THƯ KÝ", "CHỦ TRÌ"]


def test_meeting_minutes_with_gaps(report: YearReport) -> None:
    assert report.meeting is not None
    sparse = dataclasses.replace(report.meeting, chair=None, next_deputy=None, votes=[],
                                 attendance=[AttendanceRow("Văn phòng Tỉnh ủy", True, ("Nguyễn Văn Thành",)),
                                             AttendanceRow("Ban Tổ chức Tỉnh ủy", False),
                                             AttendanceRow("Ban Nội chính Tỉnh ủy", False, (), "đi công tác")])
    text = _full_text(_doc(meeting_minutes_docx(report.header, sparse)))
    assert ("Có mặt 1/3 đơn vị thành viên; vắng mặt 2 đơn vị: Ban Tổ chức Tỉnh ủy (không có lý do); Ban Nội chính "
            "Tỉnh ủy (có lý do: đi công tác).") in text
    assert "Vắng mặt" in text
    assert "Hội nghị không tổ chức bỏ phiếu." in text
    assert "Phó Trưởng khối: ……" in text
    assert "None" not in text


# --- submission -------------------------------------------------------------------------------


def test_submission(submission_doc: DocumentObject) -> None:
    text = _full_text(submission_doc)
    assert "TỜ TRÌNH" in text
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh" in text
    assert "(qua Ban Thi đua - Khen thưởng, Sở Nội vụ)" in text
    assert submission_doc.tables[0].cell(1, 0).text.endswith("-TTr/KTĐ")
    rows = _rows(_table_with(submission_doc, "hình thức khen thưởng"))
    assert rows[0] == ["STT", "Danh hiệu thi đua, hình thức khen thưởng", "Đơn vị", "Tổng điểm",
                       "Tỷ lệ phiếu suy tôn"]
    assert rows[1] == ["1", "Cờ thi đua của UBND tỉnh", "Văn phòng Tỉnh ủy", "99", "75,00%"]
    recipients, signer = submission_doc.tables[-1].rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:" and "- Như trên;" in recipients.text
    assert recipients.paragraphs[-1].text.startswith("- Lưu")
    # the Party form: "T/M", and no hint under the signature
    assert signer.text.startswith("T/M KHỐI THI ĐUA\nTRƯỞNG KHỐI\n\n") and signer.text.endswith("Nguyễn Văn Thành")
    assert "(Ký, ghi rõ họ tên)" not in text
    # the council advises, the chairman decides
    assert "xem xét, trình Chủ tịch Ủy ban nhân dân tỉnh quyết định./." in text
    # legal bases one a line: the law with its date, blanks for the province's own decisions
    bases = [p.text for p in submission_doc.paragraphs if p.text.startswith("Căn cứ")]
    assert bases[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert bases[1].startswith("Căn cứ Quyết định số ……/……/QĐ-UBND ngày …… tháng …… năm ……")
    assert len(bases) == 5


def test_submission_blanks(report: YearReport) -> None:
    blank = Submission("Khối X", 2026, [("Bằng khen của Chủ tịch UBND tỉnh", "Ban Nội chính Tỉnh ủy",
                                           None, None)], None, None)
    doc = _doc(submission_docx(report.header, blank))
    assert _rows(_table_with(doc, "Đơn vị"))[1][3:] == ["—", "—"]
    signer = doc.tables[-1].rows[0].cells[1]
    # no role given: the head signs for the bloc; no name: a gap to write it in
    assert [p.text for p in signer.paragraphs[:2]] == ["T/M KHỐI THI ĐUA", "TRƯỞNG KHỐI"]
    assert signer.paragraphs[-1].text.startswith("……")
    empty = _full_text(_doc(submission_docx(report.header, dataclasses.replace(blank, proposals=[]))))
    assert "(Không có đơn vị được đề nghị.)" in empty
