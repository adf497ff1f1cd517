from __future__ import annotations

import random
from decimal import Decimal as D

from bot.domain.ranking import RankedRow, RankInput, rank


def unit(unit_id: int, name: str, final: str, *, checked: str | None = None, note: str = "") -> RankInput:
    return RankInput(
        unit_id=unit_id,
        unit_name=name,
        self_total=D(final),
        checked_total=None if checked is None else D(checked),
        bonus=D(0),
        penalty=D(0),
        final=D(final),
        note=note,
    )


def test_empty() -> None:
    assert rank([]) == []


def test_single_unit() -> None:
    [row] = rank([unit(1, "Văn phòng Tỉnh ủy", "98")])
    assert (row.no, row.rank, row.tied) == (1, 1, False)


def test_orders_by_final_descending() -> None:
    rows = rank([unit(1, "A", "90"), unit(2, "B", "97.5"), unit(3, "C", "95")])
    assert [r.unit_id for r in rows] == [2, 3, 1]
    assert [r.no for r in rows] == [1, 2, 3]
    assert [r.rank for r in rows] == [1, 2, 3]


def test_competition_ranking_with_ties() -> None:
    rows = rank(
        [
            unit(1, "Văn phòng Tỉnh ủy", "98"),
            unit(2, "Ban Tổ chức Tỉnh ủy", "96.5"),
            unit(3, "Ban Nội chính Tỉnh ủy", "96.50"),
            unit(4, "Ủy ban Kiểm tra Tỉnh ủy", "95"),
            unit(5, "Trường Chính trị Nguyễn Văn Linh", "95"),
            unit(6, "Đảng ủy các cơ quan Đảng tỉnh", "95"),
            unit(7, "Báo và Phát thanh, Truyền hình Hưng Yên", "90"),
        ]
    )
    assert [(r.no, r.rank, r.unit_name) for r in rows] == [
        (1, 1, "Văn phòng Tỉnh ủy"),
        (2, 2, "Ban Nội chính Tỉnh ủy"),
        (3, 2, "Ban Tổ chức Tỉnh ủy"),
        # Đ sorts after D and before T/U in Vietnamese, unlike by code point.
        (4, 4, "Đảng ủy các cơ quan Đảng tỉnh"),
        (5, 4, "Trường Chính trị Nguyễn Văn Linh"),
        (6, 4, "Ủy ban Kiểm tra Tỉnh ủy"),
        (7, 7, "Báo và Phát thanh, Truyền hình Hưng Yên"),
    ]
    assert [r.tied for r in rows] == [False, True, True, True, True, True, False]


def test_all_tied() -> None:
    rows = rank([unit(i, name, "80") for i, name in enumerate(["Cờ", "Ca", "Cả", "Cá", "Chi", "Ă"], start=1)])
    assert [r.rank for r in rows] == [1] * 6
    # Letters first (ă after a), then tones: none < huyền < hỏi < ngã < sắc < nặng.
    assert [r.unit_name for r in rows] == ["Ă", "Ca", "Cả", "Cá", "Chi", "Cờ"]


def test_vietnamese_collation_not_code_points() -> None:
    names = ["Ủy ban Kiểm tra", "Ban Dân vận", "Đảng ủy Khối", "Ban Tổ chức", "Ủy ban Mặt trận", "Ông Ích Khiêm"]
    rows = rank([unit(i, n, "50") for i, n in enumerate(names, start=1)])
    assert [r.unit_name for r in rows] == [
        "Ban Dân vận",
        "Ban Tổ chức",
        "Đảng ủy Khối",
        "Ông Ích Khiêm",
        "Ủy ban Kiểm tra",
        "Ủy ban Mặt trận",
    ]


def test_same_name_falls_back_to_id() -> None:
    rows = rank([unit(9, "Ban A", "70"), unit(3, "Ban A", "70")])
    assert [r.unit_id for r in rows] == [3, 9]


def test_input_order_does_not_matter() -> None:
    inputs = [unit(i, f"Đơn vị {i}", str(100 - (i // 3))) for i in range(1, 13)]
    expected = rank(inputs)
    shuffled = list(inputs)
    random.Random(4).shuffle(shuffled)
    assert rank(shuffled) == expected
    assert rank(iter(shuffled)) == expected  # any iterable


def test_fields_are_carried_over() -> None:
    item = RankInput(
        unit_id=5,
        unit_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        self_total=D("97"),
        checked_total=D("95.5"),
        bonus=D("10"),
        penalty=D("0.5"),
        final=D("105"),
        note="Đề nghị tặng Cờ",
    )
    [row] = rank([item])
    assert row == RankedRow(
        no=1,
        rank=1,
        tied=False,
        unit_id=5,
        unit_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        self_total=D("97"),
        checked_total=D("95.5"),
        bonus=D("10"),
        penalty=D("0.5"),
        final=D("105"),
        note="Đề nghị tặng Cờ",
    )


def test_unchecked_units_keep_none() -> None:
    rows = rank([unit(1, "A", "90", checked="88"), unit(2, "B", "91")])
    assert [r.checked_total for r in rows] == [None, D("88")]
    assert rows[0].note == ""
