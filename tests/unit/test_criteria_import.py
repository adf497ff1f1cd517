from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from bot.domain.criteria import Kind, check_value
from bot.domain.criteria_import import (
    CODE_EMPTY,
    COL_CODE,
    COL_EVIDENCE,
    COL_GROUP,
    COL_GUIDANCE,
    COL_KIND,
    COL_MAX,
    COL_PER_ITEM,
    COL_STEP,
    COL_TITLE,
    DUPLICATE_CODE,
    EMPTY_FILE,
    EVIDENCE_INVALID,
    GROUP_EMPTY,
    KIND_UNKNOWN,
    MAX_INVALID,
    MAX_ROWS,
    MISSING_COLUMN,
    NO_CRITERIA,
    NOT_UTF8,
    PER_ITEM_INVALID,
    PER_ITEM_MISSING,
    STEP_INVALID,
    TEMPLATE_HEADERS,
    TEXT_TOO_LONG,
    TITLE_EMPTY,
    TOO_MANY_ROWS,
    UNSUPPORTED_FORMAT,
    CriteriaImport,
    ImportProblem,
    criteria_template_xlsx,
    parse_criteria,
    sample_criteria,
)
from bot.text.catalogue import t

G1 = "I. Thực hiện nhiệm vụ chính trị được giao"
G2 = "II. Công tác xây dựng Đảng, đoàn thể"
HEADER = list(TEMPLATE_HEADERS)

# Code, group, title, guidance, max, kind, step, per item, evidence.
GOOD_ROWS: list[list[object]] = [
    ["1.1", G1, "Hoàn thành chương trình công tác năm", "Đủ 100%: 10 điểm", "10", "điểm", "0,5", "", "Có"],
    ["1.2", G1, "Cải cách hành chính, chuyển đổi số", "", "7,5", "", "0,25", "", ""],
    ["2.1", G2, "Chi bộ hoàn thành tốt nhiệm vụ", "", "5", "đạt", "", "", "x"],
    ["2.2", G2, "Số lượt cán bộ được bồi dưỡng", "Mỗi lượt 1 điểm", "4", "đếm", "", "1", "Không"],
    ["C1", "", "Được tặng Cờ thi đua của UBND tỉnh", "", "10", "cộng", "10", "", "Có"],
    ["T1", "", "Nộp báo cáo chậm", "Mỗi lần 0,5 điểm", "5", "trừ", "", "0,5", ""],
]


def csv_bytes(rows: list[list[object]], *, header: list[str] | None = None, bom: bool = False, sep: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(HEADER if header is None else header)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_with(**changes: object) -> list[object]:
    """The first good row with some cells changed, by column key."""
    keys = [COL_CODE, COL_GROUP, COL_TITLE, COL_GUIDANCE, COL_MAX, COL_KIND, COL_STEP, COL_PER_ITEM, COL_EVIDENCE]
    row = list(GOOD_ROWS[0])
    for key, value in changes.items():
        row[keys.index(key)] = value
    return row


def parse_rows(rows: list[list[object]]) -> CriteriaImport:
    return parse_criteria("bang.csv", csv_bytes(rows))


def only_problem(result: CriteriaImport) -> ImportProblem:
    assert result.table is None
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


# --- a good file --------------------------------------------------------------------------------


def test_good_csv() -> None:
    result = parse_rows(GOOD_ROWS)
    assert result.errors == []
    assert result.ok
    table = result.table
    assert table is not None
    assert [c.code for c in table.criteria] == ["1.1", "1.2", "2.1", "2.2", "C1", "T1"]
    assert [c.order for c in table.criteria] == [1, 2, 3, 4, 5, 6]
    assert table.groups == [G1, G2]
    assert table.main_max == D("26.5")
    c11, c12, c21, c22, cc1, ct1 = table.criteria
    assert (c11.kind, c11.max_points, c11.step, c11.per_item, c11.evidence_required) == (
        Kind.SCORE,
        D(10),
        D("0.5"),
        None,
        True,
    )
    assert c11.guidance == "Đủ 100%: 10 điểm"
    assert (c12.kind, c12.max_points, c12.step, c12.evidence_required) == (Kind.SCORE, D("7.5"), D("0.25"), False)
    assert (c21.kind, c21.step, c21.per_item, c21.evidence_required) == (Kind.PASS_FAIL, None, None, True)
    assert (c22.kind, c22.step, c22.per_item, c22.evidence_required) == (Kind.COUNT, None, D(1), False)
    assert (cc1.kind, cc1.group, cc1.step, cc1.per_item) == (Kind.BONUS, "", D(10), None)
    assert (ct1.kind, ct1.step, ct1.per_item) == (Kind.PENALTY, None, D("0.5"))
    assert table.bonus_max == D(10) and table.penalty_max == D(5)


def test_bom_quoted_commas_and_multiline_cells() -> None:
    rows = [
        [
            "1.1",
            G2,
            "Học tập, quán triệt nghị quyết, chỉ thị",
            "Dòng 1\nDòng 2, có dấu phẩy",
            "4",
            "điểm",
            "0,5",
            "",
            "",
        ],
        ["1.2", G2, 'Xếp loại "vững mạnh"', "", "2", "dat", "", "", ""],
        ["1.3", G2, "Thiếu nội dung", "", "", "", "", "", ""],
    ]
    result = parse_criteria("bang.csv", csv_bytes(rows, bom=True))
    # The multi-line cell is one record, so the bad row is still reported as row 4.
    assert result.errors == [ImportProblem(4, COL_MAX, MAX_INVALID, None)]
    result = parse_criteria("bang.csv", csv_bytes(rows[:2], bom=True))
    assert result.table is not None
    first, second = result.table.criteria
    assert first.code == "1.1"  # BOM not glued to the first header or cell
    assert first.group == G2
    assert first.title == "Học tập, quán triệt nghị quyết, chỉ thị"
    assert first.guidance == "Dòng 1 Dòng 2, có dấu phẩy"
    assert second.title == 'Xếp loại "vững mạnh"'


def test_semicolon_csv_with_decimal_commas() -> None:
    data = csv_bytes([row_with(max="7,5", step="0,25")], sep=";")
    result = parse_criteria("bang.csv", data)
    assert result.table is not None
    assert result.table.criteria[0].max_points == D("7.5")
    assert result.table.criteria[0].step == D("0.25")


def test_excel_sep_hint_line() -> None:
    data = b"sep=;\r\n" + csv_bytes([row_with(), row_with(code="1.2", max="abc")], sep=";")
    result = parse_criteria("bang.csv", data)
    assert result.errors == [ImportProblem(3, COL_MAX, MAX_INVALID, "abc")]


def test_title_block_above_header() -> None:
    data = ("BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2025\r\n\r\n").encode() + csv_bytes(
        [row_with(), row_with(code="", title="")]
    )
    result = parse_criteria("bang.csv", data)
    assert result.errors == [
        ImportProblem(5, COL_CODE, CODE_EMPTY, None),
        ImportProblem(5, COL_TITLE, TITLE_EMPTY, None),
    ]


@pytest.mark.parametrize(
    "header",
    [
        [
            "mã",
            "nhom",
            "TIÊU CHÍ",
            "Hướng dẫn",
            "Điểm tối đa (*)",
            "loai",
            "buoc",
            "diem moi lan",
            "Bắt buộc minh chứng",
        ],
        ["Code", "Group", "Title", "Guidance", "Max", "Kind", "Step", "Per item", "Evidence"],
        [
            "Mã tiêu chí",
            "Nhóm tiêu chí",
            "Nội dung tiêu chí",
            "Cách chấm",
            "Thang điểm",
            "Loại",
            "Bước",
            "Điểm/lần",
            "Cần minh chứng",
        ],
    ],
)
def test_header_aliases(header: list[str]) -> None:
    result = parse_criteria("bang.csv", csv_bytes(GOOD_ROWS, header=header))
    assert result.errors == []
    assert result.table is not None and len(result.table.criteria) == 6


def test_columns_in_any_order_with_extra_columns() -> None:
    header = ["STT", "Điểm tối đa", "Nội dung", "Ghi chú", "Mã", "Nhóm"]
    rows: list[list[object]] = [
        [1, "10", "Tiêu chí A", "bỏ qua", "1.1", G1],
        [2, "5", "Tiêu chí B", "", "1.2", G1],
        # Only an STT or an unknown column filled: a blank template row, not a broken criterion.
        [3, "", "", "chỉ ghi chú", "", ""],
    ]
    result = parse_criteria("bang.csv", csv_bytes(rows, header=header))
    assert result.table is not None, result.errors
    assert [(c.code, c.max_points, c.kind, c.step) for c in result.table.criteria] == [
        ("1.1", D(10), Kind.SCORE, D("0.5")),
        ("1.2", D(5), Kind.SCORE, D("0.5")),
    ]


def test_text_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Thực hiện  nhiệm vụ ")
    result = parse_rows([row_with(title=decomposed, group=unicodedata.normalize("NFD", G1))])
    assert result.table is not None
    assert result.table.criteria[0].title == "Thực hiện nhiệm vụ"
    assert result.table.criteria[0].group == G1


@pytest.mark.parametrize(
    ("text", "kind"),
    [("diem", Kind.SCORE), ("DAT", Kind.PASS_FAIL), ("Đếm", Kind.COUNT), ("Cong", Kind.BONUS), ("TRỪ", Kind.PENALTY),
     # the spellings of real templates: snake_case, slashes, the English names (issue #16 §7)
     ("truc_tiep", Kind.SCORE), ("Trực tiếp", Kind.SCORE), ("dat_khong_dat", Kind.PASS_FAIL),
     ("đạt/không đạt", Kind.PASS_FAIL), ("pass_fail", Kind.PASS_FAIL), ("dem_so_luong", Kind.COUNT),
     ("count", Kind.COUNT), ("Số lượng", Kind.COUNT), ("diem_cong", Kind.BONUS), ("điểm_cộng", Kind.BONUS),
     ("diem_tru", Kind.PENALTY), ("penalty", Kind.PENALTY), ("  Điểm   trừ ", Kind.PENALTY)],
)
def test_kind_with_or_without_diacritics(text: str, kind: Kind) -> None:
    result = parse_rows([GOOD_ROWS[0], row_with(code="X1", kind=text, per_item="1", step="")])
    assert result.table is not None, result.errors
    assert result.table.criteria[1].kind is kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Có", True), ("có", True), ("x", True), ("X", True), ("yes", True), ("bắt buộc", True), ("1", True),
     ("", False), ("Không", False), ("khong", False), ("no", False), ("0", False), ("-", False)],
)  # fmt: skip
def test_evidence_values(text: str, expected: bool) -> None:
    result = parse_rows([row_with(evidence=text)])
    assert result.table is not None
    assert result.table.criteria[0].evidence_required is expected


def test_group_continues_from_the_row_above() -> None:
    # Merged group cells in Excel arrive with the text only in the first row.
    rows = [row_with(code="1.1"), row_with(code="1.2", group=""), GOOD_ROWS[4], row_with(code="1.3", group="")]
    result = parse_rows(rows)
    assert result.table is not None
    assert [c.group for c in result.table.criteria] == [G1, G1, "", G1]


def test_default_step_follows_the_maximum() -> None:
    rows = [
        row_with(code="a", max="10", step=""),
        row_with(code="b", max="2,25", step=""),
        row_with(code="c", max="0,3", step=""),
        row_with(code="d", max="1,05", step=""),
    ]
    result = parse_rows(rows)
    assert result.table is not None
    assert [c.step for c in result.table.criteria] == [D("0.5"), D("0.25"), D("0.1"), D("0.05")]


def test_ignored_cells_for_kinds_that_do_not_use_them() -> None:
    rows = [row_with(kind="đạt", step="0,3", per_item="abc"), row_with(code="1.2", kind="đếm", step="7", per_item="2")]
    result = parse_rows(rows)
    assert result.table is not None
    assert (result.table.criteria[0].step, result.table.criteria[0].per_item) == (None, None)
    assert (result.table.criteria[1].step, result.table.criteria[1].per_item) == (None, D(2))


def test_scores_are_checked_against_the_imported_table() -> None:
    result = parse_rows(GOOD_ROWS)
    assert result.table is not None
    count = result.table.by_code("2.2")
    assert count is not None
    assert check_value(count, "3").points == D(3)
    late = result.table.by_code("T1")
    assert late is not None and late.max_count == 10


# --- problems ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "code", "value"),
    [
        ({"code": ""}, COL_CODE, CODE_EMPTY, None),
        ({"code": "1." * 11}, COL_CODE, TEXT_TOO_LONG, "1." * 11),
        ({"title": ""}, COL_TITLE, TITLE_EMPTY, None),
        ({"title": "a" * 501}, COL_TITLE, TEXT_TOO_LONG, "a" * 79 + "…"),
        ({"guidance": "b" * 2001}, COL_GUIDANCE, TEXT_TOO_LONG, "b" * 79 + "…"),
        ({"group": "g" * 301}, COL_GROUP, TEXT_TOO_LONG, "g" * 79 + "…"),
        ({"group": ""}, COL_GROUP, GROUP_EMPTY, None),
        ({"max": ""}, COL_MAX, MAX_INVALID, None),
        ({"max": "abc"}, COL_MAX, MAX_INVALID, "abc"),
        ({"max": "0"}, COL_MAX, MAX_INVALID, "0"),
        ({"max": "-5"}, COL_MAX, MAX_INVALID, "-5"),
        ({"max": "1001"}, COL_MAX, MAX_INVALID, "1001"),
        ({"kind": "bình thường"}, COL_KIND, KIND_UNKNOWN, "bình thường"),
        ({"step": "0"}, COL_STEP, STEP_INVALID, "0"),
        ({"step": "abc"}, COL_STEP, STEP_INVALID, "abc"),
        ({"step": "-0,5"}, COL_STEP, STEP_INVALID, "-0,5"),
        ({"step": "0,3"}, COL_STEP, STEP_INVALID, "0,3"),  # 10 is not a multiple of 0.3
        ({"step": "", "max": "0,333"}, COL_STEP, STEP_INVALID, None),
        ({"kind": "đếm", "step": ""}, COL_PER_ITEM, PER_ITEM_MISSING, None),
        ({"kind": "đếm", "per_item": "0"}, COL_PER_ITEM, PER_ITEM_INVALID, "0"),
        ({"kind": "đếm", "per_item": "hai"}, COL_PER_ITEM, PER_ITEM_INVALID, "hai"),
        ({"kind": "cộng", "per_item": "-1"}, COL_PER_ITEM, PER_ITEM_INVALID, "-1"),
        ({"kind": "trừ", "per_item": "x"}, COL_PER_ITEM, PER_ITEM_INVALID, "x"),
        ({"evidence": "có lẽ"}, COL_EVIDENCE, EVIDENCE_INVALID, "có lẽ"),
    ],
)
def test_each_row_problem(changes: dict[str, object], column: str, code: str, value: str | None) -> None:
    # The bad row is the second data row, i.e. spreadsheet row 3.
    result = parse_rows([GOOD_ROWS[2], row_with(**changes)] if code != GROUP_EMPTY else [row_with(**changes)])
    problem = only_problem(result)
    expected_row = 2 if code == GROUP_EMPTY else 3
    assert problem == ImportProblem(expected_row, column, code, value)


def test_duplicate_code_points_at_the_first_row() -> None:
    rows = [row_with(code="1.1"), row_with(code="1.2"), row_with(code="1.1"), row_with(code="1.2 ")]
    result = parse_rows(rows)
    assert result.table is None
    assert result.errors == [
        ImportProblem(4, COL_CODE, DUPLICATE_CODE, "1.1", 2),
        ImportProblem(5, COL_CODE, DUPLICATE_CODE, "1.2", 3),
    ]


def test_duplicate_code_ignores_case() -> None:
    result = parse_rows([GOOD_ROWS[4], row_with(code="c1")])
    assert result.errors == [ImportProblem(3, COL_CODE, DUPLICATE_CODE, "c1", 2)]


def test_every_problem_reported_in_one_go() -> None:
    rows = [
        row_with(code="", title=""),
        GOOD_ROWS[1],
        row_with(code="1.3", max="x", kind="???", evidence="?"),
        row_with(code="1.2", step="0"),
    ]
    result = parse_rows(rows)
    assert result.table is None
    assert result.errors == [
        ImportProblem(2, COL_CODE, CODE_EMPTY, None),
        ImportProblem(2, COL_TITLE, TITLE_EMPTY, None),
        ImportProblem(4, COL_KIND, KIND_UNKNOWN, "???"),
        ImportProblem(4, COL_MAX, MAX_INVALID, "x"),
        ImportProblem(4, COL_EVIDENCE, EVIDENCE_INVALID, "?"),
        ImportProblem(5, COL_STEP, STEP_INVALID, "0"),
        ImportProblem(5, COL_CODE, DUPLICATE_CODE, "1.2", 3),
    ]


def test_a_broken_row_does_not_break_group_continuation() -> None:
    rows = [row_with(code="1.1", max="x"), row_with(code="1.2", group="")]
    assert parse_rows(rows).errors == [ImportProblem(2, COL_MAX, MAX_INVALID, "x")]


def test_bonus_and_penalty_need_no_group() -> None:
    result = parse_rows([GOOD_ROWS[4], GOOD_ROWS[5], GOOD_ROWS[0]])
    assert result.table is not None
    assert [c.group for c in result.table.criteria] == ["", "", G1]


def test_first_main_row_without_group_even_after_bonus_rows() -> None:
    result = parse_rows([GOOD_ROWS[4], row_with(group="")])
    assert result.errors == [ImportProblem(3, COL_GROUP, GROUP_EMPTY, None)]


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["Nhóm", "Nội dung", "Điểm tối đa"], [COL_CODE]),
        (["Mã", "Nhóm", "Điểm tối đa"], [COL_TITLE]),
        (["Mã", "Nhóm", "Nội dung", "Điểm"], []),
        (["Mã", "Nội dung"], [COL_GROUP, COL_MAX]),
        (["Tên đơn vị", "Ghi chú"], [COL_CODE, COL_GROUP, COL_TITLE, COL_MAX]),
    ],
)
def test_missing_columns(header: list[str], missing: list[str]) -> None:
    data = csv_bytes([["1.1", G1, "Tiêu chí", "10"][: len(header)]], header=header)
    result = parse_criteria("bang.csv", data)
    assert result.errors == [ImportProblem(1, column, MISSING_COLUMN, column) for column in missing]


def test_missing_group_column_reported_once_when_main_rows_exist() -> None:
    header = ["Mã", "Nội dung", "Điểm tối đa", "Loại", "Điểm mỗi lần"]
    rows: list[list[object]] = [
        ["C1", "Cờ thi đua", "10", "cộng", ""],
        ["1.1", "A", "10", "", ""],
        ["1.2", "B", "5", "", ""],
    ]
    result = parse_criteria("bang.csv", csv_bytes(rows, header=header))
    assert result.errors == [ImportProblem(1, COL_GROUP, MISSING_COLUMN, COL_GROUP)]


def test_group_column_not_needed_without_main_rows_but_then_nothing_to_score() -> None:
    header = ["Mã", "Nội dung", "Điểm tối đa", "Loại", "Điểm mỗi lần"]
    rows: list[list[object]] = [["C1", "Cờ thi đua", "10", "cộng", ""], ["T1", "Nộp chậm", "5", "trừ", "0,5"]]
    result = parse_criteria("bang.csv", csv_bytes(rows, header=header))
    assert result.errors == [ImportProblem(None, None, NO_CRITERIA, None)]


def test_header_only_is_no_criteria() -> None:
    result = parse_criteria("bang.csv", csv_bytes([]) + b",,,,\r\n\r\n")
    assert only_problem(result) == ImportProblem(None, None, NO_CRITERIA, None)


def test_too_many_rows() -> None:
    rows = [row_with(code=f"{n}") for n in range(1, MAX_ROWS + 2)]
    result = parse_rows(rows)
    assert result.table is None
    assert result.errors[0] == ImportProblem(None, None, TOO_MANY_ROWS, str(MAX_ROWS))
    assert parse_rows(rows[:MAX_ROWS]).ok


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bang.txt", b"abc", ImportProblem(None, None, UNSUPPORTED_FORMAT, "bang.txt")),
        ("bang", b"abc", ImportProblem(None, None, UNSUPPORTED_FORMAT, "bang")),
        ("bang.xls", b"\xd0\xcf\x11\xe0", ImportProblem(None, None, UNSUPPORTED_FORMAT, "bang.xls")),
        ("bang.csv", b"", ImportProblem(None, None, EMPTY_FILE, None)),
        ("bang.csv", b"\r\n  \r\n,,,\r\n", ImportProblem(None, None, EMPTY_FILE, None)),
        ("bang.xlsx", b"", ImportProblem(None, None, EMPTY_FILE, None)),
        ("bang.csv", b"PK\x03\x04rest-of-zip", ImportProblem(None, None, UNSUPPORTED_FORMAT, None)),
        ("bang.xlsx", b"not a zip at all", ImportProblem(None, None, UNSUPPORTED_FORMAT, None)),
        ("bang.csv", "Mã,Nội dung\r\n".encode("utf-16"), ImportProblem(1, None, NOT_UTF8, None)),
        ("bang.csv", b"M\xe3,N\xf4i dung\r\n", ImportProblem(1, None, NOT_UTF8, None)),
        ("bang.csv", b"Ma,Noi dung\r\n1.1,Ti\xeau ch\xed\r\n", ImportProblem(2, None, NOT_UTF8, None)),
    ],
)
def test_unreadable_files(name: str, data: bytes, expected: ImportProblem) -> None:
    assert only_problem(parse_criteria(name, data)) == expected


def test_file_name_extension_is_case_insensitive() -> None:
    assert parse_criteria("BANG.CSV", csv_bytes(GOOD_ROWS)).ok


# --- xlsx ------------------------------------------------------------------------------------------


def test_xlsx_with_numbers_in_cells() -> None:
    data = xlsx_bytes(
        [
            ["BẢNG TIÊU CHÍ CHẤM ĐIỂM"],
            [],
            HEADER,
            ["1.1", G1, "Tiêu chí A", None, 10, "điểm", 0.5, None, "x"],
            ["1.2", None, "Tiêu chí B", None, 7.5, None, 0.25, None, None],
            [1.3, G1, "Tiêu chí C", None, 3, "đếm", None, 1.5, None],
            [None, None, None, None, None, None, None, None, None],
            ["T1", None, "Nộp chậm", None, 5, "trừ", None, 0.5, None],
        ]
    )
    result = parse_criteria("bang.xlsx", data)
    assert result.errors == []
    assert result.table is not None
    assert [(c.code, c.group, c.max_points, c.step, c.per_item) for c in result.table.criteria] == [
        ("1.1", G1, D(10), D("0.5"), None),
        ("1.2", G1, D("7.5"), D("0.25"), None),
        ("1.3", G1, D(3), None, D("1.5")),
        ("T1", "", D(5), None, D("0.5")),
    ]


def test_xlsx_problems_use_spreadsheet_row_numbers() -> None:
    data = xlsx_bytes([["Tiêu đề"], HEADER, ["1.1", G1, "A", None, 10], ["1.2", G1, None, None, "mười"]])
    result = parse_criteria("bang.xlsx", data)
    assert result.errors == [
        ImportProblem(4, COL_TITLE, TITLE_EMPTY, None),
        ImportProblem(4, COL_MAX, MAX_INVALID, "mười"),
    ]


def test_template_round_trip() -> None:
    data = criteria_template_xlsx()
    result = parse_criteria("mau.xlsx", data)
    assert result.errors == []
    assert result.table is not None
    assert {c.kind for c in result.table.criteria} == set(Kind)
    assert 4 <= len(result.table.criteria) <= 5


def test_template_layout() -> None:
    wb = load_workbook(io.BytesIO(criteria_template_xlsx()))
    assert wb.sheetnames == ["Bảng tiêu chí", "Hướng dẫn"]
    sheet = wb["Bảng tiêu chí"]
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 40
    explained = [row[0].value for row in wb["Hướng dẫn"].iter_rows(min_row=2, max_row=len(HEADER) + 1)]
    assert explained == HEADER  # every column the parser reads is explained, in the table's order
    help_text = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    for word in ["Mã", "Nhóm", "Điểm tối đa", "Bước", "Điểm mỗi lần", "Minh chứng", "đạt", "đếm", "cộng", "trừ"]:
        assert word in help_text
    assert unicodedata.is_normalized("NFC", help_text)


# --- the bundled sample ----------------------------------------------------------------------------


def test_sample_file_parses_cleanly() -> None:
    from importlib import resources

    data = resources.files("bot").joinpath("data/sample_criteria.csv").read_bytes()
    text = data.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    result = parse_criteria("sample_criteria.csv", data)
    assert result.errors == []
    assert result.table == sample_criteria()


def test_an_unknown_kind_says_in_one_line_which_spellings_are_accepted() -> None:
    result = parse_rows([GOOD_ROWS[0], row_with(code="X1", kind="hệ số", per_item="1", step="")])
    assert result.table is None
    [problem] = result.errors
    message = t(f"import.err.{problem.code}", value=problem.value)
    assert "\n" not in message and "«hệ số»" in message
    for spelling in ("truc_tiep", "dat_khong_dat", "dem_so_luong", "diem_cong", "diem_tru", "pass_fail", "count"):
        assert spelling in message
