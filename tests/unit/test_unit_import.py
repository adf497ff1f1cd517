from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from bot.domain.unit_import import (
    COL_CONTACT,
    COL_NAME,
    COL_SHORT_NAME,
    CONTACT_TOO_LONG,
    DUPLICATE_NAME,
    DUPLICATE_SHORT_NAME,
    EMPTY_FILE,
    MAX_ROWS,
    MISSING_NAME_COLUMN,
    NAME_EMPTY,
    NAME_TOO_LONG,
    NOT_UTF8,
    SHORT_NAME_TOO_LONG,
    TEMPLATE_HEADERS,
    TOO_MANY_ROWS,
    UNSUPPORTED_FORMAT,
    ImportProblem,
    UnitImport,
    UnitRow,
    parse_units,
    unit_template_csv,
    unit_template_xlsx,
)

HUNG_YEN_UNITS = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Báo và Phát thanh, Truyền hình Hưng Yên",
    "Trường Chính trị Nguyễn Văn Linh",
]


def csv_bytes(text: str, *, bom: bool = False) -> bytes:
    return text.encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def codes(result: UnitImport) -> list[str]:
    return [p.code for p in result.errors]


def names(result: UnitImport) -> list[str]:
    return [r.name for r in result.rows]


# --- CSV basics --------------------------------------------------------------------------


def test_simple_csv() -> None:
    result = parse_units(
        "don_vi.csv",
        csv_bytes(
            "STT,Tên đơn vị,Tên viết tắt,Liên hệ\n1,Văn phòng Tỉnh ủy,VPTU,0221 3862 123\n2,Ban Tổ chức Tỉnh ủy,,\n"
        ),
    )
    assert result.errors == []
    assert result.ok
    assert result.rows == [
        UnitRow(2, "Văn phòng Tỉnh ủy", "VPTU", "0221 3862 123"),
        UnitRow(3, "Ban Tổ chức Tỉnh ủy", None, None),
    ]


def test_quoted_commas_and_newlines() -> None:
    text = (
        "Tên đơn vị,Liên hệ\n"
        '"Báo và Phát thanh, Truyền hình Hưng Yên","Anh A, 0912 345 678"\n'
        '"Ban\nNội chính",x\n'
        "Ban Tổ chức,y\n"
    )
    result = parse_units("a.csv", csv_bytes(text))
    assert result.errors == []
    assert result.rows[0] == UnitRow(2, "Báo và Phát thanh, Truyền hình Hưng Yên", None, "Anh A, 0912 345 678")
    # The multi-line cell is collapsed and still counts as one spreadsheet row.
    assert result.rows[1] == UnitRow(3, "Ban Nội chính", None, "x")
    assert result.rows[2].row == 4


def test_bom_is_ignored() -> None:
    result = parse_units("a.csv", csv_bytes("Tên đơn vị\nVăn phòng\n", bom=True))
    assert result.errors == []
    assert names(result) == ["Văn phòng"]


def test_semicolon_delimiter_is_sniffed() -> None:
    text = "STT;Tên đơn vị;Viết tắt;Điện thoại\n1;Báo và Phát thanh, Truyền hình Hưng Yên;BPTTH;0221\n"
    result = parse_units("a.csv", csv_bytes(text, bom=True))
    assert result.errors == []
    assert result.rows == [UnitRow(2, "Báo và Phát thanh, Truyền hình Hưng Yên", "BPTTH", "0221")]


def test_tab_delimiter_is_sniffed() -> None:
    result = parse_units("a.csv", csv_bytes("Tên đơn vị\tViết tắt\nVăn phòng\tVP\n"))
    assert result.rows == [UnitRow(2, "Văn phòng", "VP", None)]


def test_excel_sep_hint_line() -> None:
    result = parse_units("a.csv", csv_bytes("sep=;\r\nTên đơn vị;Viết tắt\r\nVăn phòng, Tỉnh ủy;VP\r\n"))
    assert result.errors == []
    assert result.rows == [UnitRow(2, "Văn phòng, Tỉnh ủy", "VP", None)]


def test_crlf_line_endings() -> None:
    result = parse_units("a.csv", csv_bytes("Tên đơn vị\r\nA\r\nB\r\n"))
    assert [(r.row, r.name) for r in result.rows] == [(2, "A"), (3, "B")]


def test_name_column_alone_is_enough() -> None:
    result = parse_units("a.csv", csv_bytes("name\nUnit One\n"))
    assert result.rows == [UnitRow(2, "Unit One", None, None)]


@pytest.mark.parametrize(
    "header",
    [
        "Tên đơn vị",
        "TÊN ĐƠN VỊ",
        "  tên   đơn  vị ",
        "ten don vi",
        "Ten_Don_Vi",
        "Đơn vị",
        "name",
        "Name",
        "unit",
        "UNIT",
        "Tên đơn vị (*)",
        unicodedata.normalize("NFD", "Tên đơn vị"),
    ],
)
def test_name_header_variants(header: str) -> None:
    result = parse_units("a.csv", csv_bytes(f'"{header}"\nVăn phòng\n'))
    assert result.errors == []
    assert names(result) == ["Văn phòng"]


@pytest.mark.parametrize(
    ("short_header", "contact_header"),
    [
        ("Tên viết tắt", "Liên hệ"),
        ("Viết tắt", "Đầu mối"),
        ("short_name", "contact"),
        ("short name", "Điện thoại"),
        ("SHORT NAME", "ĐIỆN THOẠI"),
    ],
)
def test_optional_header_variants(short_header: str, contact_header: str) -> None:
    text = f"#,Đơn vị,{short_header},{contact_header}\n1,Văn phòng,VP,0912\n"
    result = parse_units("a.csv", csv_bytes(text))
    assert result.rows == [UnitRow(2, "Văn phòng", "VP", "0912")]


@pytest.mark.parametrize("stt", ["STT", "No.", "#", "stt"])
def test_stt_column_is_ignored(stt: str) -> None:
    result = parse_units("a.csv", csv_bytes(f"{stt},Tên đơn vị\n1,A\n2,B\n"))
    assert names(result) == ["A", "B"]


def test_columns_in_any_order_and_unknown_columns_ignored() -> None:
    text = "Ghi chú,Liên hệ,Viết tắt,Tên đơn vị\nabc,0912,VP,Văn phòng\n"
    result = parse_units("a.csv", csv_bytes(text))
    assert result.rows == [UnitRow(2, "Văn phòng", "VP", "0912")]


def test_blank_rows_and_stt_only_rows_are_skipped() -> None:
    text = "STT,Tên đơn vị,Viết tắt\n\n1,A,\n,,\n3,,\n  ,  ,  \n4,B,\n"
    result = parse_units("a.csv", csv_bytes(text))
    assert result.errors == []
    assert [(r.row, r.name) for r in result.rows] == [(3, "A"), (7, "B")]


def test_title_rows_above_header() -> None:
    text = "DANH SÁCH ĐƠN VỊ KHỐI THI ĐUA,,\n(kèm theo Quyết định số 12),,\n,,\nSTT,Tên đơn vị,Viết tắt\n1,A,X\n"
    result = parse_units("a.csv", csv_bytes(text))
    assert result.errors == []
    assert result.rows == [UnitRow(5, "A", "X", None)]


def test_text_is_normalised() -> None:
    nfd_name = unicodedata.normalize("NFD", "Ban  Tổ\u00a0chức ")
    result = parse_units("a.csv", csv_bytes(f'Tên đơn vị,Viết tắt\n"  {nfd_name}\t",  BTC \n'))
    assert result.rows == [UnitRow(2, "Ban Tổ chức", "BTC", None)]
    assert unicodedata.is_normalized("NFC", result.rows[0].name)


def test_short_rows_are_padded() -> None:
    result = parse_units("a.csv", csv_bytes("Tên đơn vị,Viết tắt,Liên hệ\nA\nB,BB\n"))
    assert result.rows == [UnitRow(2, "A", None, None), UnitRow(3, "B", "BB", None)]


# --- CSV errors --------------------------------------------------------------------------


def test_duplicates_are_reported_on_the_later_row() -> None:
    text = "Tên đơn vị,Viết tắt\nVăn phòng Tỉnh ủy,VP\nBan Tổ chức,BTC\n  văn   PHÒNG tỉnh ủy ,vp\n"
    result = parse_units("a.csv", csv_bytes(text))
    assert result.errors == [
        ImportProblem(4, COL_NAME, DUPLICATE_NAME, "văn PHÒNG tỉnh ủy", other_row=2),
        ImportProblem(4, COL_SHORT_NAME, DUPLICATE_SHORT_NAME, "vp", other_row=2),
    ]
    assert not result.ok
    assert names(result) == ["Văn phòng Tỉnh ủy", "Ban Tổ chức"]


def test_duplicate_detection_is_nfc_aware_but_keeps_diacritics() -> None:
    nfd = unicodedata.normalize("NFD", "Đảng ủy")
    result = parse_units("a.csv", csv_bytes(f"Tên đơn vị\nĐảng ủy\n{nfd}\nĐang uy\n"))
    assert codes(result) == [DUPLICATE_NAME]
    assert result.errors[0].row == 3
    assert names(result) == ["Đảng ủy", "Đang uy"]


def test_every_occurrence_of_a_duplicate_is_reported() -> None:
    result = parse_units("a.csv", csv_bytes("Tên đơn vị\nA\nA\nA\n"))
    assert [(p.row, p.other_row) for p in result.errors] == [(3, 2), (4, 2)]


def test_length_limits() -> None:
    ok_name = "N" * 200
    long_name = "N" * 201
    long_short = "S" * 51
    long_contact = "C" * 201
    text = f"Tên đơn vị,Viết tắt,Liên hệ\n{ok_name},{'S' * 50},{'C' * 200}\n{long_name},{long_short},{long_contact}\n"
    result = parse_units("a.csv", csv_bytes(text))
    assert [(p.row, p.column, p.code) for p in result.errors] == [
        (3, COL_NAME, NAME_TOO_LONG),
        (3, COL_SHORT_NAME, SHORT_NAME_TOO_LONG),
        (3, COL_CONTACT, CONTACT_TOO_LONG),
    ]
    assert result.rows == [UnitRow(2, ok_name, "S" * 50, "C" * 200)]
    # Echoed values are clipped so they fit in a chat message.
    for problem in result.errors:
        assert problem.value is not None
        assert len(problem.value) <= 80


def test_length_is_counted_after_normalisation() -> None:
    spaced = "A" + " " * 300 + "B"
    nfd = unicodedata.normalize("NFD", "ệ" * 200)  # 600 code points in NFD, 200 in NFC
    result = parse_units("a.csv", csv_bytes(f"Tên đơn vị\n{spaced}\n{nfd}\n"))
    assert result.errors == []
    assert names(result) == ["A B", "ệ" * 200]


def test_name_empty() -> None:
    result = parse_units("a.csv", csv_bytes("STT,Tên đơn vị,Viết tắt\n1,,VP\n2,A,\n"))
    assert result.errors == [ImportProblem(2, COL_NAME, NAME_EMPTY, None)]


def test_all_problems_are_reported_not_just_the_first() -> None:
    text = "STT,Tên đơn vị,Viết tắt,Liên hệ\n1,A,X,\n2,,Y,\n3,a,x,\n4," + "L" * 250 + ",,\n5,B,Z," + "c" * 300 + "\n"
    result = parse_units("a.csv", csv_bytes(text))
    assert [(p.row, p.code) for p in result.errors] == [
        (3, NAME_EMPTY),
        (4, DUPLICATE_NAME),
        (4, DUPLICATE_SHORT_NAME),
        (5, NAME_TOO_LONG),
        (6, CONTACT_TOO_LONG),
    ]


def test_missing_name_column() -> None:
    result = parse_units("a.csv", csv_bytes("STT,Viết tắt,Liên hệ\n1,VP,0912\n"))
    assert result.rows == []
    assert result.errors == [ImportProblem(1, COL_NAME, MISSING_NAME_COLUMN, "STT | Viết tắt | Liên hệ")]


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n", " , , \n,,\n"])
def test_empty_file(text: str) -> None:
    result = parse_units("a.csv", text.encode("utf-8"))
    assert codes(result) == [EMPTY_FILE]
    assert not result.ok


def test_header_only_is_empty() -> None:
    result = parse_units("a.csv", csv_bytes("STT,Tên đơn vị\n\n,\n"))
    assert codes(result) == [EMPTY_FILE]


def test_not_utf8_reports_the_line() -> None:
    data = "Tên đơn vị\nBan Tổ chức\nVăn phòng\n".encode("utf-16-le")
    assert codes(parse_units("a.csv", b"\xff\xfe" + data)) == [NOT_UTF8]
    latin = b"Ten don vi\nA\nCaf\xe9\n"
    result = parse_units("a.csv", latin)
    assert result.errors == [ImportProblem(3, None, NOT_UTF8, None)]
    cp1258 = "Tên\nVăn phòng\n".encode("cp1258", errors="replace")  # Windows "ANSI" for Vietnamese
    assert codes(parse_units("a.csv", cp1258)) == [NOT_UTF8]


def test_too_many_rows() -> None:
    body = "".join(f"{i},Đơn vị {i}\n" for i in range(1, MAX_ROWS + 2))
    result = parse_units("a.csv", csv_bytes("STT,Tên đơn vị\n" + body))
    assert result.errors[0] == ImportProblem(None, None, TOO_MANY_ROWS, str(MAX_ROWS))
    assert not result.ok


def test_exactly_max_rows_is_fine() -> None:
    body = "".join(f"{i},Đơn vị {i}\n" for i in range(1, MAX_ROWS + 1))
    result = parse_units("a.csv", csv_bytes("STT,Tên đơn vị\n" + body))
    assert result.errors == []
    assert len(result.rows) == MAX_ROWS


def test_too_many_rows_keeps_earlier_problems() -> None:
    body = "A\nA\n" + "".join(f"U{i}\n" for i in range(MAX_ROWS))
    result = parse_units("a.csv", csv_bytes("name\n" + body))
    assert codes(result) == [TOO_MANY_ROWS, DUPLICATE_NAME]


# --- formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("file_name", ["units.xls", "units.txt", "units", "units.csv.exe", "units.ods"])
def test_unsupported_extension(file_name: str) -> None:
    result = parse_units(file_name, b"Ten don vi\nA\n")
    assert codes(result) == [UNSUPPORTED_FORMAT]


def test_extension_is_case_insensitive() -> None:
    assert names(parse_units("UNITS.CSV", csv_bytes("name\nA\n"))) == ["A"]
    assert names(parse_units("Units.XLSX", xlsx_bytes([["name"], ["A"]]))) == ["A"]


def test_corrupt_xlsx() -> None:
    assert codes(parse_units("a.xlsx", b"this is not a zip")) == [UNSUPPORTED_FORMAT]
    good = unit_template_xlsx(["A"])
    assert codes(parse_units("a.xlsx", good[: len(good) // 2])) == [UNSUPPORTED_FORMAT]
    # A valid zip that is not a workbook.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert codes(parse_units("a.xlsx", buf.getvalue())) == [UNSUPPORTED_FORMAT]


def test_csv_content_named_xlsx() -> None:
    assert codes(parse_units("a.xlsx", csv_bytes("name\nA\n"))) == [UNSUPPORTED_FORMAT]


def test_binary_named_csv() -> None:
    xlsx = unit_template_xlsx(["A"])
    assert codes(parse_units("a.csv", xlsx)) == [UNSUPPORTED_FORMAT]
    assert codes(parse_units("a.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)) == [UNSUPPORTED_FORMAT]


def test_empty_xlsx_data() -> None:
    assert codes(parse_units("a.xlsx", b"")) == [EMPTY_FILE]
    assert codes(parse_units("a.xlsx", xlsx_bytes([]))) == [EMPTY_FILE]
    assert codes(parse_units("a.xlsx", xlsx_bytes([["STT", "Tên đơn vị"]]))) == [EMPTY_FILE]


def test_xlsx_numbers_and_gaps() -> None:
    data = xlsx_bytes(
        [
            ["Danh sách đơn vị"],
            [],
            ["STT", "Tên đơn vị", "Viết tắt", "Điện thoại"],
            [1, "Văn phòng", "VP", 912345678],
            [None, None, None, None],
            [2.0, "  Ban   Tổ chức ", None, 2213.5],
        ]
    )
    result = parse_units("a.xlsx", data)
    assert result.errors == []
    assert result.rows == [
        UnitRow(4, "Văn phòng", "VP", "912345678"),
        UnitRow(6, "Ban Tổ chức", None, "2213.5"),
    ]


def test_xlsx_uses_first_sheet() -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.append(["Tên đơn vị"])
    first.append(["Trên sheet 1"])
    second = wb.create_sheet("Khác")
    second.append(["Tên đơn vị"])
    second.append(["Trên sheet 2"])
    wb.active = 1  # the user left the second sheet selected
    buf = io.BytesIO()
    wb.save(buf)
    assert names(parse_units("a.xlsx", buf.getvalue())) == ["Trên sheet 1"]


def test_xlsx_errors_have_row_numbers() -> None:
    data = xlsx_bytes([["Tên đơn vị", "Viết tắt"], ["A", "X"], ["B", "x"], ["a", None]])
    result = parse_units("a.xlsx", data)
    assert [(p.row, p.code, p.other_row) for p in result.errors] == [
        (3, DUPLICATE_SHORT_NAME, 2),
        (4, DUPLICATE_NAME, 2),
    ]


def test_xlsx_too_many_rows_stops_early() -> None:
    rows: list[list[object]] = [["Tên đơn vị"]] + [[f"Đơn vị {i}"] for i in range(MAX_ROWS + 50)]
    result = parse_units("a.xlsx", xlsx_bytes(rows))
    assert codes(result) == [TOO_MANY_ROWS]


# --- templates ---------------------------------------------------------------------------


def test_xlsx_template_round_trip() -> None:
    data = unit_template_xlsx(HUNG_YEN_UNITS)
    result = parse_units("mau_don_vi.xlsx", data)
    assert result.errors == []
    assert result.ok
    assert names(result) == HUNG_YEN_UNITS
    assert [r.row for r in result.rows] == list(range(2, 2 + len(HUNG_YEN_UNITS)))


def test_xlsx_template_layout() -> None:
    wb = load_workbook(io.BytesIO(unit_template_xlsx(HUNG_YEN_UNITS)))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == list(TEMPLATE_HEADERS)
    assert TEMPLATE_HEADERS == ("STT", "Tên đơn vị", "Tên viết tắt", "Liên hệ")
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width >= 40
    assert ws.column_dimensions["A"].width < ws.column_dimensions["B"].width
    assert [ws.cell(row=i + 2, column=1).value for i in range(len(HUNG_YEN_UNITS))] == list(
        range(1, len(HUNG_YEN_UNITS) + 1)
    )
    assert ws.cell(row=2, column=2).value == HUNG_YEN_UNITS[0]


def test_xlsx_template_without_examples() -> None:
    data = unit_template_xlsx([])
    assert codes(parse_units("a.xlsx", data)) == [EMPTY_FILE]
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[1]] == list(TEMPLATE_HEADERS)


def test_csv_template_round_trip() -> None:
    data = unit_template_csv(HUNG_YEN_UNITS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(TEMPLATE_HEADERS)
    # The name with a comma must be quoted.
    assert '"Báo và Phát thanh, Truyền hình Hưng Yên"' in text
    result = parse_units("mau_don_vi.csv", data)
    assert result.errors == []
    assert names(result) == HUNG_YEN_UNITS
    assert all(r.short_name is None and r.contact is None for r in result.rows)
